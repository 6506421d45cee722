import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { AppError } from '../../errors.js';
import { exportSank } from '../../review/sank-export.service.js';

/** `omsx sank export --period YYYY-MM --smo CODE --out DIR`: the period's accounts written back with the expertise's SANK. */
export function registerSankCommand(program: Command, ctx: CliContext): void {
  program
    .command('sank')
    .description('sanctions of expertise in register form')
    .command('export')
    .description("write each MO's account of the period holding the insurer's cases back with SANK, SANK_IT, SUMP, OPLATA and SCHET totals")
    .requiredOption('--period <YYYY-MM>', 'reporting period of the accounts')
    .requiredOption('--smo <code>', "insurer's code (PACIENT/SMO, else the account's PLAT)")
    .requiredOption('--out <dir>', 'directory for the packages (one ZIP per account: the main file and its L-file)')
    .option('--json', 'print the written accounts as JSON')
    .action(async (o: { period: string; smo: string; out: string; json?: boolean }) => {
      const m = /^(\d{4})-(\d{2})$/.exec(o.period);
      if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new AppError('BAD_INPUT', `--period must be YYYY-MM, got "${o.period}"`);
      const deps = await ctx.deps();
      const r = await exportSank(deps, { year: Number(m[1]), month: Number(m[2]), smo: o.smo, out: o.out });
      if (o.json) ctx.out.write(JSON.stringify({ accounts: r }) + '\n');
      else {
        for (const a of r) ctx.out.write(`${a.package}: ${a.file}, ${a.cases} cases, ${a.conclusions} conclusions\n`);
        ctx.out.write(`${r.length} accounts written to ${o.out}\n`);
      }
    });
}
