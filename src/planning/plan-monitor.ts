/**
 * Plan-fact dashboards (planning spec §5): the summary by MO and care condition for a span of months (volumes and
 * money), and the execution grid of plan tasks by profile or KSG × quarter or month. Pure: plan cells and fact cells
 * in, numbers out. The annual plan is spread evenly over the year: volumes as fractions, money split exactly
 * (largest remainder) so that the parts add up to the line.
 */
import { splitLargestRemainder } from './split.js';
import type { PlanCell } from './versions.js';

/** Accepted register cases and sums of one MO, condition, profile, KSG and month. */
export interface FactCell {
  mo: string;
  uslOk: number | null;
  profile: number | null;
  ksg: string | null;
  month: number;
  cases: number;
  acceptedKop: number;
}

/** Plan against fact of one row: volumes (cases) and money (kopecks). */
export interface PlanFactFigures {
  planVolume: number;
  factVolume: number;
  deviationVolume: number;
  /** fact / plan × 100; null without a plan. */
  volumePct: number | null;
  planKop: number;
  factKop: number;
  deviationKop: number;
  kopPct: number | null;
}

export interface SummaryRow extends PlanFactFigures {
  mo: string;
  uslOk: number | null;
  /** false: fact of an MO and condition the plan has no line for. */
  planned: boolean;
  planYearVolume: number;
  planYearKop: number;
}

const pct = (fact: number, plan: number) => (plan > 0 ? (fact / plan) * 100 : null);

function figures(planVolume: number, factVolume: number, planKop: number, factKop: number): PlanFactFigures {
  return {
    planVolume,
    factVolume,
    deviationVolume: factVolume - planVolume,
    volumePct: pct(factVolume, planVolume),
    planKop,
    factKop,
    deviationKop: factKop - planKop,
    kopPct: pct(factKop, planKop),
  };
}

/** Months (1–12) with any accepted case in the year: the months registers have been loaded for. */
export const monthsWithData = (facts: readonly FactCell[]) => [...new Set(facts.map((f) => f.month))].sort((a, b) => a - b);

/**
 * Plan-fact by MO and condition for months `from`…`through`: the plan is the annual plan × months / 12 (money
 * rounded to the kopeck), the fact every accepted case of the MO and condition in those months.
 */
export function summarizeByMoCondition(
  lines: readonly PlanCell[],
  facts: readonly FactCell[],
  from: number,
  through: number,
): {
  rows: SummaryRow[];
  /** The planned rows' sum: fact of MOs and conditions without a plan line is not part of the plan's execution. */
  total: PlanFactFigures & { planYearVolume: number; planYearKop: number };
  /** Accepted cases and money of the MOs and conditions the plan has no line for. */
  unplanned: { factVolume: number; factKop: number };
} {
  const months = through - from + 1;
  const groups = new Map<
    string,
    { mo: string; uslOk: number | null; planned: boolean; vol: number; kop: number; fv: number; fk: number }
  >();
  const at = (mo: string, uslOk: number | null) => {
    const k = `${mo}|${uslOk ?? ''}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { mo, uslOk, planned: false, vol: 0, kop: 0, fv: 0, fk: 0 }));
    return g;
  };
  for (const l of lines) {
    const g = at(l.mo, l.uslOk);
    g.planned = true;
    g.vol += l.volume;
    g.kop += l.amountKop;
  }
  for (const f of facts) {
    if (f.month < from || f.month > through) continue;
    const g = at(f.mo, f.uslOk);
    g.fv += f.cases;
    g.fk += f.acceptedKop;
  }
  const rows = [...groups.values()]
    .sort((a, b) => a.mo.localeCompare(b.mo) || (a.uslOk ?? 0) - (b.uslOk ?? 0))
    .map((g) => ({
      mo: g.mo,
      uslOk: g.uslOk,
      planned: g.planned,
      planYearVolume: g.vol,
      planYearKop: g.kop,
      ...figures((g.vol * months) / 12, g.fv, Math.round((g.kop * months) / 12), g.fk),
    }));
  const sum = (f: (r: SummaryRow) => number, planned = true) => rows.reduce((s, r) => s + (r.planned === planned ? f(r) : 0), 0);
  return {
    rows,
    unplanned: { factVolume: sum((r) => r.factVolume, false), factKop: sum((r) => r.factKop, false) },
    total: {
      planYearVolume: sum((r) => r.planYearVolume),
      planYearKop: sum((r) => r.planYearKop),
      ...figures(
        sum((r) => r.planVolume),
        sum((r) => r.factVolume),
        sum((r) => r.planKop),
        sum((r) => r.factKop),
      ),
    },
  };
}

/**
 * The plan line a fact cell counts against: the most specific line of its MO and condition whose profile and KSG
 * (where the line names them) match — KSG and profile, then KSG, then profile, then the whole MO and condition.
 */
export function attributeFact(lines: readonly PlanCell[], f: FactCell): number {
  let best = -1;
  let bestRank = -1;
  lines.forEach((l, i) => {
    if (l.mo !== f.mo || l.uslOk !== f.uslOk) return;
    if (l.profile && l.profile !== f.profile) return;
    if (l.ksg && l.ksg !== f.ksg) return;
    const rank = (l.ksg ? 2 : 0) + (l.profile ? 1 : 0);
    if (rank > bestRank) [best, bestRank] = [i, rank];
  });
  return best;
}

export type GridBy = 'profile' | 'ksg';
export type GridPeriod = 'quarter' | 'month';

export interface GridCell extends PlanFactFigures {
  period: number;
  /** false: no accepted register of the region in the period yet, so no execution % is shown. */
  hasData: boolean;
}

export interface GridRow {
  /** The profile code or KSG; null for plan lines not split by it. */
  key: string | null;
  planYearVolume: number;
  planYearKop: number;
  cells: GridCell[];
}

/** Execution of the plan tasks by profile or KSG (rows) × quarter or month (columns). */
export function executionGrid(
  lines: readonly PlanCell[],
  facts: readonly FactCell[],
  by: GridBy,
  period: GridPeriod,
): { periods: number[]; rows: GridRow[]; unmatched: { cases: number; kop: number } } {
  const n = period === 'quarter' ? 4 : 12;
  const periodOf = (month: number) => (period === 'quarter' ? Math.ceil(month / 3) : month);
  const withData = new Set(monthsWithData(facts).map(periodOf));
  const keyOf = (l: PlanCell) => (by === 'profile' ? (l.profile ? String(l.profile) : null) : (l.ksg ?? null));
  const rows = new Map<string | null, { vol: number; kop: number; fv: number[]; fk: number[] }>();
  const rowOf = (k: string | null) => {
    let r = rows.get(k);
    if (!r) rows.set(k, (r = { vol: 0, kop: 0, fv: Array<number>(n).fill(0), fk: Array<number>(n).fill(0) }));
    return r;
  };
  for (const l of lines) {
    const r = rowOf(keyOf(l));
    r.vol += l.volume;
    r.kop += l.amountKop;
  }
  const unmatched = { cases: 0, kop: 0 };
  for (const f of facts) {
    const i = attributeFact(lines, f);
    if (i < 0) {
      unmatched.cases += f.cases;
      unmatched.kop += f.acceptedKop;
      continue;
    }
    const r = rowOf(keyOf(lines[i]));
    r.fv[periodOf(f.month) - 1] += f.cases;
    r.fk[periodOf(f.month) - 1] += f.acceptedKop;
  }
  const periods = Array.from({ length: n }, (_, i) => i + 1);
  return {
    periods,
    rows: [...rows.entries()]
      .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b, 'en', { numeric: true })))
      .map(([key, r]) => {
        const kop = splitLargestRemainder(
          r.kop,
          periods.map((p) => [String(p), 1] as const),
        );
        return {
          key,
          planYearVolume: r.vol,
          planYearKop: r.kop,
          cells: periods.map((p) => {
            const f = figures(r.vol / n, r.fv[p - 1], kop.get(String(p)) ?? 0, r.fk[p - 1]);
            const hasData = withData.has(p);
            return { period: p, hasData, ...f, ...(hasData ? {} : { volumePct: null, kopPct: null }) };
          }),
        };
      }),
    unmatched,
  };
}
