/** Reads the expected and realised hit rates of the selection arms (hit-rates.ts) from worklist_item and conclusion. */
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { hitRateLines, type HitRateCounts, type HitRateLine } from './hit-rates.js';
import { parsePeriod } from './selection.service.js';

export interface HitRateQuery {
  /** Periods `YYYY-MM`, inclusive; either may be open. */
  from?: string;
  to?: string;
  smo?: string;
}

const bound = (text: string | undefined, fallback: number) => {
  if (!text) return fallback;
  const { year, month } = parsePeriod(text);
  return year * 100 + month;
};

/**
 * One line per period × control × arm, in period order. An item counts as concluded when a conclusion of its case
 * and control exists (the item's state is `concluded` then), as confirmed when one of those found a defect.
 */
export async function selectionHitRates(deps: Pick<Deps, 'db'>, q: HitRateQuery = {}): Promise<HitRateLine[]> {
  const lo = bound(q.from, 0);
  const hi = bound(q.to, 999_999);
  if (lo > hi) throw new AppError('BAD_INPUT', `--from ${q.from} is after --to ${q.to}`);
  const rows = await deps.db.sql.query<{
    period: string;
    control: string;
    arm: string;
    selected: number;
    concluded: number;
    confirmed: number;
    p_sum_selected: number | null;
    p_count_selected: number;
    p_sum_concluded: number | null;
    p_count_concluded: number;
    recovered_kop: string;
  }>(
    `WITH k AS (
       SELECT i.id, bool_or(c.defect) AS defect, sum(CASE WHEN c.defect THEN c.amount_kop + c.fine_kop ELSE 0 END) AS recovered
         FROM worklist_item i JOIN conclusion c ON conclusion_closes_item(c.case_id, c.control, i.case_id, i.control)
        WHERE (i.year, i.month) BETWEEN ($1::int / 100, $1::int % 100) AND ($2::int / 100, $2::int % 100)
          AND ($3::text IS NULL OR i.smo = $3)
        GROUP BY i.id)
     SELECT to_char(make_date(i.year, i.month, 1), 'YYYY-MM') AS period, i.control, i.arm,
            count(*)::int AS selected,
            count(k.id)::int AS concluded,
            (count(*) FILTER (WHERE k.defect))::int AS confirmed,
            sum(i.p_defect)::float8 AS p_sum_selected,
            count(i.p_defect)::int AS p_count_selected,
            (sum(i.p_defect) FILTER (WHERE k.id IS NOT NULL))::float8 AS p_sum_concluded,
            (count(i.p_defect) FILTER (WHERE k.id IS NOT NULL))::int AS p_count_concluded,
            coalesce(sum(k.recovered), 0)::text AS recovered_kop
       FROM worklist_item i LEFT JOIN k ON k.id = i.id
      WHERE (i.year, i.month) BETWEEN ($1::int / 100, $1::int % 100) AND ($2::int / 100, $2::int % 100)
        AND ($3::text IS NULL OR i.smo = $3)
      GROUP BY i.year, i.month, i.control, i.arm
      ORDER BY i.year, i.month, i.control, array_position(ARRAY['trigger', 'manual', 'model', 'random'], i.arm)`,
    [lo, hi, q.smo ?? null],
  );
  const counts: HitRateCounts[] = rows.map((r) => ({
    period: r.period,
    control: r.control,
    arm: r.arm,
    selected: r.selected,
    concluded: r.concluded,
    confirmed: r.confirmed,
    pSumSelected: r.p_sum_selected ?? 0,
    pCountSelected: r.p_count_selected,
    pSumConcluded: r.p_sum_concluded ?? 0,
    pCountConcluded: r.p_count_concluded,
    recoveredKop: Number(r.recovered_kop),
  }));
  return hitRateLines(counts);
}
