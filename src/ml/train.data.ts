/**
 * The labelled rows of a window: features (case_feature of a spec version) of the cases that have conclusions,
 * one label per case (a confirmed defect in any of its conclusions), its selection arm and propensity, the F014
 * group of its defect; and the number of cases and reviewed cases per stratum (month × care condition).
 */
import type { SqlPort } from '../db/sql.port.js';
import type { FeatureRow, FeatureSpec } from './feature-row.js';
import type { Arm, LabelInfo } from './ipw.js';
import type { LabelledData } from './train.pipeline.js';
import { groupOfOsn } from '../scoring/defect-groups.js';
import { featureRowOf, type StoredFeatureRow } from '../features/feature-rows.js';

export interface YearMonth {
  year: number;
  month: number;
}
export const ym = (p: YearMonth) => p.year * 100 + p.month;
export const periodText = (p: YearMonth) => `${p.year}-${String(p.month).padStart(2, '0')}`;

interface Row extends StoredFeatureRow {
  defect: boolean;
  arm: Arm;
  propensity: number | null;
  f014: number[] | null;
}

/** The labelled periods that have features of the spec version (for defaults of the window). */
export async function labelledPeriods(sql: SqlPort, specVersion: string): Promise<YearMonth[]> {
  return sql.query<YearMonth>(
    `SELECT c.year, c.month FROM conclusion c LEFT JOIN "case" s ON s.id = c.case_id AND s.status = 'superseded'
      WHERE EXISTS (SELECT 1 FROM case_feature f WHERE f.spec_version = $1 AND f.case_id = coalesce(s.superseded_by, c.case_id))
      GROUP BY 1, 2 ORDER BY 1, 2`,
    [specVersion],
  );
}

/** F014 code → group, from the code table's Osn. */
export type GroupOfF014 = (code: number) => string | null;

export async function loadLabelled(
  sql: SqlPort,
  spec: FeatureSpec,
  from: YearMonth,
  to: YearMonth,
  groupOf: GroupOfF014,
): Promise<LabelledData> {
  // one label per case: rule arms win (the case would have been reviewed anyway), then model, random, unknown.
  // A conclusion sits on the case as first billed; when a corrected register superseded that case (the sanctions
  // travel in one), the label goes to the features of the case that replaced it (the superseded one has none), in the
  // period of the conclusion (the case as first billed), which the time split uses.
  const rows = await sql.query<Row>(
    `WITH l AS (
       SELECT coalesce(s.superseded_by, c.case_id) AS case_id, min(c.year * 100 + c.month) AS period, bool_or(c.defect) AS defect,
              CASE WHEN bool_or(c.arm IN ('trigger', 'legacy', 'manual')) THEN min(c.arm) FILTER (WHERE c.arm IN ('trigger', 'legacy', 'manual'))
                   WHEN bool_or(c.arm = 'model') THEN 'model' WHEN bool_or(c.arm = 'random') THEN 'random' ELSE 'unknown' END AS arm,
              max(c.propensity) FILTER (WHERE c.arm IN ('random', 'model')) AS propensity,
              array_agg(k.k) FILTER (WHERE c.defect AND k.k IS NOT NULL) AS f014
         FROM conclusion c LEFT JOIN LATERAL unnest(c.f014) AS k(k) ON true
         LEFT JOIN "case" s ON s.id = c.case_id AND s.status = 'superseded'
        WHERE c.year * 100 + c.month BETWEEN $2 - 100 AND $3 + 100
        GROUP BY 1)
     SELECT f.case_id::text AS case_id, l.period / 100 AS year, l.period % 100 AS month, f.smo, f.code_mo, f.usl_ok, f.num, f.cat,
            l.defect, l.arm, l.propensity, l.f014
       FROM case_feature f JOIN l ON l.case_id = f.case_id
      WHERE f.spec_version = $1 AND l.period BETWEEN $2 AND $3
      ORDER BY f.case_id`,
    [spec.version, ym(from), ym(to)],
  );
  const strataRows = await sql.query<{ year: number; month: number; usl_ok: number | null; n: string }>(
    `SELECT year, month, usl_ok, count(*) AS n FROM case_feature WHERE spec_version = $1 AND year * 100 + month BETWEEN $2 AND $3 GROUP BY 1, 2, 3`,
    [spec.version, ym(from), ym(to)],
  );
  const key = (y: number, m: number, u: number | null) => `${y}-${m}|${u ?? ''}`;
  const cases = new Map(strataRows.map((r) => [key(r.year, r.month, r.usl_ok), Number(r.n)]));
  const reviewed = new Map<string, number>();
  const out: FeatureRow[] = [];
  const y = new Float64Array(rows.length);
  const info: LabelInfo[] = [];
  const groups: (string | null)[] = [];
  rows.forEach((r, i) => {
    const k = key(r.year, r.month, r.usl_ok);
    reviewed.set(k, (reviewed.get(k) ?? 0) + 1);
    out.push(featureRowOf(r));
    y[i] = r.defect ? 1 : 0;
    info.push({ arm: r.arm, propensity: r.propensity === null ? null : Number(r.propensity), stratum: k });
    const g = r.defect ? (r.f014 ?? []).map(groupOf).find((x) => x) : undefined;
    groups.push(g ?? null);
  });
  return { spec, rows: out, y, info, groups, strata: { cases, reviewed } };
}

/** F014 Kod → defect group through the code table's Osn. */
export function groupsFromNsi(osnOf: (code: string) => string | undefined): GroupOfF014 {
  return (code) => {
    const osn = osnOf(String(code));
    return osn ? groupOfOsn(osn) : null;
  };
}
