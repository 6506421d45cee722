import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { synthesize } from '../../synth/synth.service.js';
import { SYNTH_FIRST_MO } from '../../synth/region.js';
import { AppError } from '../../errors.js';

const int = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new AppError('BAD_INPUT', `--${name} must be a non-negative integer, got "${v}"`);
  return n;
};

/** `omsx synth`: generates a synthetic region (registers, conclusions, truth). */
export function registerSynthCommand(program: Command, ctx: CliContext): void {
  program
    .command('synth')
    .description('generate a synthetic region: register ZIPs per MO per month, conclusions.csv, truth.csv, region.json')
    .requiredOption('--out <dir>', 'output directory')
    .option('--seed <n>', 'random seed (same seed → byte-identical output)', int('seed'), 42)
    .option('--months <n>', 'number of months', int('months'), 3)
    .option('--cases-per-month <n>', 'cases per month in the region', int('cases-per-month'), 1000)
    .option('--mos <n>', 'medical organisations (default 20 small / 60 region)', int('mos'))
    .option('--smos <n>', 'insurers (2–4)', int('smos'), 3)
    .option('--defect-rate <x>', 'expected share of cases with a defect', (v) => Number(v), 0.08)
    .option('--profile <p>', 'small | region', 'small')
    .option('--start <yyyy-mm>', 'first reporting month', '2025-07')
    .option('--version <v>', 'register format version written', '5.1')
    .option('--compression <level>', 'ZIP deflate level 1–9', int('compression'), 6)
    .option('--first-mo <code>', 'the first MO code, 6 digits (the sample region has 750001…)', int('first-mo'), SYNTH_FIRST_MO)
    .action(
      async (o: {
        out: string;
        seed: number;
        months: number;
        casesPerMonth: number;
        mos?: number;
        smos: number;
        defectRate: number;
        profile: 'small' | 'region';
        start: string;
        version: string;
        compression: number;
        firstMo: number;
      }) => {
        if (o.firstMo < 100000 || o.firstMo + (o.mos ?? 60) - 1 > 999999)
          throw new AppError('BAD_INPUT', `--first-mo ${o.firstMo}: MO codes have 6 digits, from 100000 to 999999`);
        if (!(o.defectRate >= 0 && o.defectRate <= 1)) throw new AppError('BAD_INPUT', '--defect-rate must be between 0 and 1');
        const t0 = Date.now();
        const r = await synthesize({ ...o });
        const s = (Date.now() - t0) / 1000;
        ctx.out.write(
          `${o.out}: ${r.packages} packages, ${r.cases} cases (${r.defective} with a planted defect), ${r.conclusions} conclusions in ${s.toFixed(1)} s (${Math.round(r.cases / s)} cases/s)\n`,
        );
      },
    );
}
