import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import type { CliContext } from '../context.js';
import { AppError } from '../../errors.js';

/** `YYYY-MM` → {year, month}. */
export function parseYearMonth(text: string, option: string): { year: number; month: number } {
  const m = /^(\d{4})-(\d{2})$/.exec(text.trim());
  const month = m ? Number(m[2]) : 0;
  if (!m || month < 1 || month > 12) throw new AppError('BAD_INPUT', `${option}: a period is YYYY-MM, got "${text}"`);
  return { year: Number(m[1]), month };
}

const pct = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '—');

/** `omsx model train|list|show|promote|retire`. */
export function registerModelCommand(program: Command, ctx: CliContext): void {
  const model = program.command('model').description('risk models: train, list, show, promote, retire');
  model
    .command('train')
    .description('train on the stored conclusions (IPW-weighted, validated on later months), export ONNX, register as shadow')
    .option('--from <YYYY-MM>', 'first training month (default: the first labelled month)')
    .option('--to <YYYY-MM>', 'last month of the window, validation included (default: the last labelled month)')
    .option('--valid-from <YYYY-MM>', 'first validation month (default: the last month of the window)')
    .option('--config <file>', 'training configuration JSON (default training/config.json when present)')
    .option('--seed <n>', 'random seed', (v) => Number(v))
    .option('--baseline', 'mark the version as the shipped baseline (active when none is)')
    .option('--json', 'print {"version","trainCases","validCases","metrics":{…}} as JSON')
    .action(
      async (o: { from?: string; to?: string; validFrom?: string; config?: string; seed?: number; baseline?: boolean; json?: boolean }) => {
        const { trainModel } = await import('../../ml/train.service.js');
        const deps = await ctx.deps();
        const file = o.config ?? new URL('../../../training/config.json', import.meta.url);
        const config: Record<string, unknown> = await readFile(file, 'utf8').then(
          (t) => JSON.parse(t) as Record<string, unknown>,
          (e: NodeJS.ErrnoException) => {
            if (o.config || e.code !== 'ENOENT') throw new AppError('BAD_INPUT', `training configuration ${String(file)}: ${e.message}`);
            return {};
          },
        );
        if (o.seed !== undefined) config.seed = o.seed;
        const r = await trainModel(deps, {
          from: o.from ? parseYearMonth(o.from, '--from') : undefined,
          to: o.to ? parseYearMonth(o.to, '--to') : undefined,
          validFrom: o.validFrom ? parseYearMonth(o.validFrom, '--valid-from') : undefined,
          config: config as Partial<import('../../ml/train.config.js').TrainConfig>,
          baseline: o.baseline,
        });
        if (o.json) {
          ctx.out.write(
            JSON.stringify({
              version: r.version,
              trainCases: r.trainCases,
              validCases: r.validCases,
              metrics: r.metrics,
              kind: r.kind,
              population: r.population,
              comparison: r.comparison,
              status: r.status,
            }) + '\n',
          );
          return;
        }
        ctx.out.write(`model ${r.version} (${r.kind}, ${r.status}) in ${r.dir}\n`);
        ctx.out.write(`train ${r.trainCases} reviewed cases, validation ${r.validCases}; metrics on the ${r.population}:\n`);
        for (const [k, v] of Object.entries(r.metrics)) ctx.out.write(`  ${k.padEnd(18)} ${pct(v.value)}  [${pct(v.lo)}; ${pct(v.hi)}]\n`);
        for (const c of r.comparison)
          ctx.out.write(`  candidate ${c.kind.padEnd(14)} PR-AUC ${pct(c.pr_auc)}  ROC-AUC ${pct(c.roc_auc)}\n`);
      },
    );
  model
    .command('list')
    .description('registered versions (registers new folders of models/ first)')
    .option('--json', 'print as JSON')
    .action(async (o: { json?: boolean }) => {
      const { listModels, syncModels } = await import('../../ml/models.service.js');
      const deps = await ctx.deps();
      const sync = await syncModels(deps);
      for (const e of sync.errors) ctx.err.write(`warning: ${e}\n`);
      const rows = await listModels(deps);
      if (o.json) return void ctx.out.write(JSON.stringify(rows) + '\n');
      for (const m of rows)
        ctx.out.write(
          `${m.version.padEnd(28)} ${m.status.padEnd(8)} ${m.kind.padEnd(14)} spec ${m.spec_version}  train ${m.train_from}…${m.train_to}\n`,
        );
      if (!rows.length) ctx.out.write('no model versions\n');
    });
  model
    .command('show <version>')
    .description("a version's card (metrics with intervals, comparison, calibration)")
    .option('--json', 'print the card as JSON')
    .action(async (version: string, o: { json?: boolean }) => {
      const { showModel } = await import('../../ml/models.service.js');
      const { cardMarkdown } = await import('../../ml/card.js');
      const m = await showModel(await ctx.deps(), version);
      if (o.json) return void ctx.out.write(JSON.stringify(m) + '\n');
      ctx.out.write(`status: ${m.status}\n\n` + cardMarkdown(m.card));
    });
  for (const [name, what] of [
    ['promote', 'make the version active (the previous active one goes back to shadow)'],
    ['retire', 'stop scoring with a shadow version'],
  ] as const) {
    model
      .command(`${name} <version>`)
      .description(what)
      .option('--json', "print the version's registry row as JSON (as model list --json)")
      .action(async (version: string, o: { json?: boolean }) => {
        const svc = await import('../../ml/models.service.js');
        const deps = await ctx.deps();
        const m = name === 'promote' ? await svc.promoteModel(deps, version) : await svc.retireModel(deps, version);
        ctx.out.write(o.json ? JSON.stringify(m) + '\n' : `${m.version}: ${m.status}\n`);
      });
  }
}
