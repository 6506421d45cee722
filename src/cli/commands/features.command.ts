import type { Command } from 'commander';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { CliContext } from '../context.js';
import { AppError } from '../../errors.js';
import { computeFeatures, exportFeaturesCsv, parsePeriod } from '../../features/features.service.js';

/**
 * `omsx features --period YYYY-MM [--json]`, `omsx features export --period YYYY-MM --out F.csv` and
 * `omsx features report --period YYYY-MM [--model V] [--json] [--out F.csv]`.
 */
export function registerFeaturesCommand(program: Command, ctx: CliContext): void {
  program
    .command('features')
    .description("compute and store the features of a period's accepted cases; `features export` writes them as CSV")
    .argument(
      '[action]',
      "`export`: write the stored features of the period as CSV (computed first when none are stored); `report`: summary and PSI against a model's training window",
    )
    .requiredOption('--period <YYYY-MM>', 'reporting period')
    .option('--json', 'print the result as JSON')
    .option('--out <file>', 'with export: the CSV file')
    .option('--spec <version>', 'with export: the feature-spec version (default the current one)')
    .option('--model <version>', 'with report: the model version whose training window is the reference (default the active one)')
    .action(async (action: string | undefined, o: { period: string; json?: boolean; out?: string; spec?: string; model?: string }) => {
      const period = parsePeriod(o.period);
      const deps = await ctx.deps();
      if (action === undefined) {
        const r = await computeFeatures(deps, period);
        if (o.json) ctx.out.write(JSON.stringify(r) + '\n');
        else ctx.out.write(`${o.period}: features of ${r.cases} cases (spec ${r.specVersion}) in ${(r.ms / 1000).toFixed(1)} s\n`);
        return;
      }
      if (action === 'report') {
        const { writeFeatureReport } = await import('./features-report.js');
        await writeFeatureReport(deps, ctx, period, o);
        return;
      }
      if (action !== 'export') throw new AppError('BAD_INPUT', `unknown action "${action}" (export, report)`);
      if (!o.out) throw new AppError('BAD_INPUT', 'features export needs --out FILE');
      const file = createWriteStream(o.out);
      const r = await exportFeaturesCsv(deps, period, file, o.spec);
      file.end();
      await finished(file);
      if (o.json) ctx.out.write(JSON.stringify({ period: o.period, out: o.out, ...r }) + '\n');
      else ctx.out.write(`${o.period}: ${r.rows} rows → ${o.out}${r.computed ? ' (computed now)' : ''}\n`);
    });
}
