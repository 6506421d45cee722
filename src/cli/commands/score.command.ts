import type { Command } from 'commander';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { CliContext } from '../context.js';
import { parseYearMonth } from './model.command.js';

/** `omsx score --period YYYY-MM [--model V]` and `omsx scores export --period YYYY-MM [--model V] --out F.csv`. */
export function registerScoreCommands(program: Command, ctx: CliContext): void {
  program
    .command('score')
    .description('score every accepted case of a period with the active and every shadow model version (features must be computed)')
    .requiredOption('--period <YYYY-MM>', 'the reporting period')
    .option('--model <version>', 'only this version')
    .option('--json', 'print the result as JSON')
    .action(async (o: { period: string; model?: string; json?: boolean }) => {
      const { scorePeriod } = await import('../../scoring/scores.service.js');
      const r = await scorePeriod(await ctx.deps(), { ...parseYearMonth(o.period, '--period'), version: o.model });
      if (o.json) return void ctx.out.write(JSON.stringify(r) + '\n');
      for (const v of r.versions)
        ctx.out.write(`${o.period} ${v.version} (${v.status}): ${v.cases} of ${r.acceptedCases} accepted cases scored in ${v.ms} ms\n`);
    });
  const scores = program.command('scores').description('stored case scores');
  scores
    .command('export')
    .description("a period's scores as CSV: file,n_zap,idcase,mo,smo,usl_ok,p_defect,expected_amount,model_version,reason_1…reason_4")
    .requiredOption('--period <YYYY-MM>', 'the reporting period')
    .option('--model <version>', 'the version (default: the active one)')
    .requiredOption('--out <file>', 'CSV file to write')
    .action(async (o: { period: string; model?: string; out: string }) => {
      const { exportScoresCsv } = await import('../../scoring/scores-export.service.js');
      const deps = await ctx.deps();
      const out = createWriteStream(o.out);
      const n = await exportScoresCsv(deps, { ...parseYearMonth(o.period, '--period'), version: o.model }, out).finally(() => out.end());
      await finished(out);
      ctx.err.write(`${n} cases written to ${o.out}\n`);
    });
}
