import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import type { CliContext } from '../context.js';
import { AppError } from '../../errors.js';
import { exportWorklist } from '../../selection/worklist-export.service.js';
import { assignPeriod, parsePeriod } from '../../selection/selection.service.js';
import { ITEM_ARMS } from '../../selection/worklists.repo.js';
import { control } from './select.command.js';

// the filters the API's export checks by its schema: a misspelt one would write an empty file and exit 0
const arm = (v: string) => {
  if (!(ITEM_ARMS as readonly string[]).includes(v))
    throw new AppError('BAD_INPUT', `--arm must be one of ${ITEM_ARMS.join(', ')}, got "${v}"`);
  return v;
};

/** `omsx worklist export|assign`: the worklists of a period as CSV/XLSX, and their assignment to experts. */
export function registerWorklistCommand(program: Command, ctx: CliContext): void {
  const wl = program.command('worklist').description('MEE/EKMP worklists: export, assignment to experts');
  wl.command('export')
    .description("write a period's worklist items to CSV or XLSX (by the extension of --out)")
    .requiredOption('--period <YYYY-MM>')
    .requiredOption('--out <file.csv|file.xlsx>')
    .option('--smo <code>')
    .option('--control <MEE|EKMP>', 'only this control', control)
    .option('--arm <arm>', ITEM_ARMS.join(' | '), arm)
    .action(async (o: { period: string; out: string; smo?: string; control?: string; arm?: string }) => {
      const format = /\.xlsx$/i.test(o.out) ? 'xlsx' : /\.csv$/i.test(o.out) ? 'csv' : undefined;
      if (!format) throw new AppError('BAD_INPUT', `--out must end in .csv or .xlsx, got "${o.out}"`);
      parsePeriod(o.period);
      const deps = await ctx.deps();
      const r = await exportWorklist(deps, { period: o.period, smo: o.smo, control: o.control, arm: o.arm }, format);
      await writeFile(o.out, r.body);
      ctx.out.write(`${o.out}: ${r.rows} items\n`);
    });
  wl.command('assign')
    .description("give a period's unassigned items to experts (specialty, never the treating MO, within capacity, balanced)")
    .requiredOption('--period <YYYY-MM>')
    .option('--smo <code>')
    .option('--json')
    .action(async (o: { period: string; smo?: string; json?: boolean }) => {
      const { year, month } = parsePeriod(o.period);
      const deps = await ctx.deps();
      const r = await assignPeriod(deps, { year, month, smo: o.smo });
      if (o.json) return void ctx.out.write(JSON.stringify(r) + '\n');
      ctx.out.write(`assigned ${r.assigned} items; unassigned ${r.unassigned.length}\n`);
      for (const u of r.unassigned.slice(0, 50)) ctx.out.write(`  item ${u.item} (case ${u.case_id}, ${u.control}): ${u.reason}\n`);
    });
  wl.command('hit-rates')
    .description('expected (mean p_defect at selection) against realised (confirmed / concluded) hit rate per period, control and arm')
    .option('--from <YYYY-MM>')
    .option('--to <YYYY-MM>')
    .option('--smo <code>')
    .option('--json')
    .action(async (o: { from?: string; to?: string; smo?: string; json?: boolean }) => {
      const { selectionHitRates } = await import('../../selection/hit-rates.service.js');
      const lines = await selectionHitRates(await ctx.deps(), o);
      if (o.json) return void ctx.out.write(JSON.stringify({ lines }) + '\n');
      const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
      ctx.out.write('period  control arm       selected concluded confirmed realised (95 % CI)        expected  gap\n');
      for (const l of lines)
        ctx.out.write(
          `${l.period} ${l.control.padEnd(7)} ${l.arm.padEnd(9)} ${String(l.selected).padStart(8)} ${String(l.concluded).padStart(9)} ${String(l.confirmed).padStart(9)} ` +
            `${pct(l.realised).padStart(8)} ${(l.realised_ci ? `[${pct(l.realised_ci[0])}, ${pct(l.realised_ci[1])}]` : '').padEnd(17)} ${pct(l.expected).padStart(8)} ${l.gap === null ? '—' : `${(l.gap * 100).toFixed(1)} pp`}\n`,
        );
    });
}
