import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import type { CliContext } from '../context.js';
import { AppError } from '../../errors.js';
import { resolveConfig, type Control } from '../../selection/config.js';
import { parsePeriod, selectPeriod, type SelectResult } from '../../selection/selection.service.js';

/** `--control MEE|EKMP` (any case), refused otherwise; also `omsx worklist export`'s. */
export const control = (v: string): Control => {
  const c = v.toUpperCase();
  if (c !== 'MEE' && c !== 'EKMP') throw new AppError('BAD_INPUT', `--control must be MEE or EKMP, got "${v}"`);
  return c;
};
const seed = (v: string) => {
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v))) throw new AppError('BAD_INPUT', `--seed must be a whole number, got "${v}"`);
  return Number(v);
};

/** Prints the result as a table: one line per worklist. */
function printTable(r: SelectResult, out: NodeJS.WritableStream) {
  const w = (s: string) => out.write(s + '\n');
  w(
    `period ${r.period}, seed ${r.seed}, ranking: ${r.ranking === 'model' ? `model ${r.model_version}` : 'register rules (no active model, or --rules)'}`,
  );
  w(
    `expert capacity: ${
      Object.entries(r.capacity)
        .map(([c, n]) => `${c} ${n}`)
        .join(', ') || 'no experts (quotas not capped)'
    }`,
  );
  w('smo    control usl_ok   cases  quota  trigger manual  model random  kept');
  for (const l of r.worklists)
    w(
      `${l.smo.padEnd(6)} ${l.control.padEnd(7)} ${String(l.usl_ok).padStart(6)} ${String(l.cases).padStart(7)} ${String(l.quota).padStart(6)} ${String(l.selected.trigger).padStart(8)} ${String(l.selected.manual).padStart(6)} ${String(l.selected.model).padStart(6)} ${String(l.selected.random).padStart(6)} ${String(l.kept).padStart(5)}`,
    );
  w(
    `triggers (F006): ${
      Object.entries(r.triggers)
        .map(([k, n]) => `${k}: ${n}`)
        .join(', ') || 'none'
    }`,
  );
  if (r.unassigned?.length) {
    w(`unassigned items: ${r.unassigned.length}`);
    for (const u of r.unassigned.slice(0, 20)) w(`  item ${u.item} (case ${u.case_id}, ${u.control}): ${u.reason}`);
  }
}

/** `omsx select --period YYYY-MM [--smo CODE] [--control MEE|EKMP] [--seed N] [--assign] [--config F.json] [--rules] [--json]`. */
export function registerSelectCommand(program: Command, ctx: CliContext): void {
  program
    .command('select')
    .description(
      'build the MEE/EKMP worklists of a period: mandatory triggers, manual lists, random and model arms per insurer × control × USL_OK',
    )
    .requiredOption('--period <YYYY-MM>', 'reporting period')
    .option('--smo <code>', 'only this insurer')
    .option('--control <MEE|EKMP>', 'only this control', control)
    .option('--seed <n>', 'seed of the random arm (default YYYYMM)', seed)
    .option('--assign', 'also give the new items to experts (as `omsx worklist assign`)')
    .option('--config <file.json>', 'selection configuration: quotas, epsilon, moCap, rankBy (ev|p), trigger windows and lists')
    .option('--rules', 'rank by the register rules even when a model is active (the period is not scored yet)')
    .option('--json', 'print the result as JSON')
    .action(
      async (o: {
        period: string;
        smo?: string;
        control?: Control;
        seed?: number;
        assign?: boolean;
        config?: string;
        rules?: boolean;
        json?: boolean;
      }) => {
        const { year, month } = parsePeriod(o.period);
        let override = {};
        if (o.config) {
          try {
            override = JSON.parse(await readFile(o.config, 'utf8')) as object;
          } catch (e) {
            throw new AppError('BAD_INPUT', `${o.config}: ${(e as Error).message}`);
          }
        }
        const deps = await ctx.deps();
        const r = await selectPeriod(deps, {
          year,
          month,
          smo: o.smo,
          control: o.control,
          seed: o.seed,
          assign: o.assign,
          rules: o.rules,
          config: resolveConfig(override),
        });
        if (o.json) ctx.out.write(JSON.stringify(r) + '\n');
        else printTable(r, ctx.out);
      },
    );
}
