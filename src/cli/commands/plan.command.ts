import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { CliContext } from '../context.js';
import { AppError } from '../../errors.js';
import { formatKopecks } from '../../tariffs/money.js';
import { programmeCost, balance, type Norm } from '../../planning/programme.js';
import { distributeVolume, type MoRequest } from '../../planning/distribute.js';
import { splitByMonth, splitByQuarter, splitLargestRemainder } from '../../planning/split.js';
import { moFinancing } from '../../planning/financing.js';
import { planFact, type PlanLine } from '../../planning/plan-fact.js';
import { loadFacts } from '../../planning/fact.repo.js';
import { plansRepo } from '../../planning/plans.repo.js';
import { applyCorrection, type PlanCell } from '../../planning/versions.js';

const csv = async (path: string) =>
  parse(await readFile(path, 'utf8'), { columns: true, skip_empty_lines: true, trim: true }) as Array<Record<string, string>>;
const json = async (path: string): Promise<unknown> => {
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AppError('BAD_INPUT', `${path} is not JSON: ${(e as Error).message}`);
  }
};
/** Parts of a period in calendar order, as a list: a JSON object with keys "01"…"12" prints 10, 11, 12 first. */
const periods = (name: 'month' | 'quarter', parts: Map<string, number>) => [...parts].map(([k, value]) => ({ [name]: k, value }));
const num = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number(v));
const int = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new AppError('BAD_INPUT', `--${name} must be a whole number, got "${v}"`);
  return n;
};

/** `omsx plan cost|balance|distribute|split|finance-mo|fact`: territorial programme planning. */
export function registerPlanCommand(program: Command, ctx: CliContext): void {
  const plan = program
    .command('plan')
    .description('territorial programme planning: cost, balance, distribution, splits, MO financing, plan-fact');
  const print = (o: unknown): void => void ctx.out.write(JSON.stringify(o, null, 1) + '\n');

  plan
    .command('cost')
    .description('programme cost by care condition from norms (CSV condition,volumeNorm,unitCost) and insured persons')
    .requiredOption('--norms <csv>')
    .requiredOption('--insured <n>', 'insured persons', int('insured'))
    .action(async (o: { norms: string; insured: number }) => {
      const norms: Norm[] = (await csv(o.norms)).map((r) => ({
        condition: r.condition,
        volumeNorm: Number(r.volumeNorm),
        unitCost: r.unitCost,
      }));
      const r = programmeCost(norms, o.insured);
      print({
        insured: r.insured,
        lines: r.lines.map((l) => ({
          condition: l.condition,
          volume: l.volume,
          unitCost: formatKopecks(l.unitCostKop),
          cost: formatKopecks(l.costKop),
        })),
        total: formatKopecks(r.totalKop),
        perCapita: formatKopecks(r.perCapitaKop),
      });
    });
  plan
    .command('balance')
    .description('TFOMS revenue and expense balance (JSON {revenue:{…}, expense:{…}})')
    .requiredOption('--input <json>')
    .action(async (o: { input: string }) => {
      const r = balance((await json(o.input)) as Parameters<typeof balance>[0]);
      print({
        revenue: formatKopecks(r.revenueKop),
        expense: formatKopecks(r.expenseKop),
        balance: formatKopecks(r.balanceKop),
        covered: r.covered,
      });
      if (!r.covered) ctx.err.write('warning: the revenue does not cover the programme\n');
    });
  plan
    .command('distribute')
    .description('distribute an annual volume to MOs (CSV mo,proposal,lastYear,cap), capped, total preserved')
    .requiredOption('--total <n>', 'volume', int('total'))
    .requiredOption('--requests <csv>')
    .action(async (o: { total: number; requests: string }) => {
      const reqs: MoRequest[] = (await csv(o.requests)).map((r) => ({
        mo: r.mo,
        proposal: num(r.proposal),
        lastYear: num(r.lastYear),
        cap: num(r.cap),
      }));
      print(Object.fromEntries(distributeVolume(o.total, reqs)));
    });
  plan
    .command('split')
    .description(
      'split a whole total exactly: by month or quarter (even, or --profile weights; a list in calendar order) or by weights (CSV key,weight)',
    )
    .requiredOption('--total <n>', 'kopecks or units', int('total'))
    .option('--by <what>', 'month | quarter | weights', 'month')
    .option('--profile <w>', 'comma-separated weights: 12 monthly or 4 quarterly')
    .option('--weights <csv>')
    .action(async (o: { total: number; by: string; profile?: string; weights?: string }) => {
      if (o.by === 'weights') {
        if (!o.weights) throw new AppError('BAD_INPUT', '--weights <csv> is needed with --by weights');
        print(
          Object.fromEntries(
            splitLargestRemainder(
              o.total,
              (await csv(o.weights)).map((r) => [r.key, Number(r.weight)] as const),
            ),
          ),
        );
      } else if (o.by === 'quarter') print(periods('quarter', splitByQuarter(o.total, o.profile?.split(',').map(Number))));
      else if (o.by === 'month') print(periods('month', splitByMonth(o.total, o.profile?.split(',').map(Number))));
      else throw new AppError('BAD_INPUT', `--by ${o.by}: expected month, quarter or weights`);
    });
  plan
    .command('finance-mo')
    .description('financing of an MO: per capita, per unit and KSG (JSON)')
    .requiredOption('--input <json>')
    .action(async (o: { input: string }) => {
      const r = moFinancing((await json(o.input)) as Parameters<typeof moFinancing>[0]);
      print(Object.fromEntries(Object.entries(r).map(([k, v]) => [k.replace(/Kop$/, ''), formatKopecks(v)])));
    });
  plan
    .command('fact')
    .description('plan-fact monitoring from accepted registers: execution %, forecast (plan CSV mo,uslOk,volume)')
    .requiredOption('--year <y>', 'year', int('year'))
    .requiredOption('--plan <csv>')
    .option('--through <m>', 'last month with data', int('through'), 12)
    .action(async (o: { year: number; plan: string; through: number }) => {
      // the plan first: a wrong path is reported before a database is opened (or created)
      const lines: PlanLine[] = (await csv(o.plan)).map((r) => ({ mo: r.mo, uslOk: Number(r.uslOk), volume: Number(r.volume) }));
      const deps = await ctx.deps();
      print(planFact(lines, await loadFacts(deps.db.sql, o.year), o.through));
    });
  const cells = async (path: string): Promise<PlanCell[]> =>
    (await csv(path)).map((r) => ({
      mo: r.mo,
      uslOk: Number(r.uslOk),
      // optional columns: a plan task by profile (V002) and KSG inside the MO and condition
      ...(r.profile ? { profile: Number(r.profile) } : {}),
      ...(r.ksg ? { ksg: r.ksg } : {}),
      volume: Number(r.volume),
      amountKop: Number(r.amountKop),
    }));
  plan
    .command('store')
    .description('store a plan version (CSV mo,uslOk,volume,amountKop)')
    .requiredOption('--year <y>', 'year', int('year'))
    .requiredOption('--lines <csv>')
    .requiredOption('--author <name>')
    .requiredOption('--reason <text>')
    .action(async (o: { year: number; lines: string; author: string; reason: string }) => {
      const repo = plansRepo((await ctx.deps()).db.sql);
      print(await repo.get(await repo.create({ year: o.year, author: o.author, reason: o.reason, lines: await cells(o.lines) })));
    });
  plan
    .command('correct')
    .description('apply a correction to a plan version: a new version with the audit trail; totals preserved unless --allow-total-change')
    .requiredOption('--id <version>')
    .requiredOption('--changes <csv>')
    .requiredOption('--author <name>')
    .requiredOption('--reason <text>')
    .option('--allow-total-change')
    .action(async (o: { id: string; changes: string; author: string; reason: string; allowTotalChange?: boolean }) => {
      const repo = plansRepo((await ctx.deps()).db.sql);
      const base = await repo.get(o.id);
      const { cells: next, diff } = applyCorrection(base.lines, await cells(o.changes), o.allowTotalChange);
      print(
        await repo.get(
          await repo.create({ year: base.year, parentId: base.id, author: o.author, reason: o.reason, changes: diff, lines: next }),
        ),
      );
    });
  plan
    .command('show')
    .description('a plan version with its lines and audit trail')
    .requiredOption('--id <version>')
    .action(async (o: { id: string }) => print(await plansRepo((await ctx.deps()).db.sql).get(o.id)));
}
