/**
 * Reads the agreement figures from `conclusion` (its rows are the current versions; history is in
 * `conclusion_version`) and, when they exist, `case_score` / `model_version` (checked with to_regclass: before the
 * risk model lands, the model figures are null, never invented).
 */
import type { SqlPort } from '../db/sql.port.js';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import {
  groupFigures,
  parseDimensions,
  periodNumber,
  withLift,
  type AgreementDimension,
  type AgreementReport,
  type GroupCounts,
  type ModelAgreement,
} from './agreement.js';
import { modelAgreement, type PropensityCell, type RandomArmCase } from './agreement-models.js';
import { htTotal } from './metrics/horvitz-thompson.js';
import { binaryTable, cohenKappa } from './metrics/kappa.js';
import { readScoreHistogram } from './metrics/psi.js';
import { loadDefectGroups } from './defect-groups.loader.js';

/** What to report: periods `YYYY-MM` (inclusive, either open) and the grouping. */
export interface AgreementQuery {
  from?: string;
  to?: string;
  by?: string | readonly string[];
}

/** The report for `deps`' database, F014 groups from the configured code tables. Bad input → AppError BAD_INPUT. */
export async function agreementReport(deps: Pick<Deps, 'db' | 'config'>, q: AgreementQuery): Promise<AgreementReport> {
  return computeAgreement(deps.db.sql, q, await loadDefectGroups(deps.config.nsiDir));
}

const DIM_SQL: Record<AgreementDimension, string> = {
  arm: 'c.arm',
  control: 'c.control',
  s_tip: 'c.s_tip',
  smo: 'c.smo',
  mo: 'c.code_mo',
  model: 'cs.model_version',
  expert: 'e.expert',
  defect_group: 'g.defect_group',
};

// $1, $2: period bounds (year·100 + month); $3, $4: F014 codes and their groups
const PERIOD = 'c.year * 100 + c.month BETWEEN $1 AND $2';
const GROUPS_CTE = 'f014_group AS (SELECT * FROM unnest($3::int[], $4::text[]) AS m(kod, defect_group))';
const GROUP_LATERAL = `LEFT JOIN LATERAL (
    SELECT DISTINCT coalesce(fg.defect_group, 'F014:' || f) AS defect_group
    FROM unnest(c.f014) f LEFT JOIN f014_group fg ON fg.kod = f) g ON true`;
const COUNTS = `count(DISTINCT c.id)::int AS conclusions, count(DISTINCT c.case_id)::int AS reviewed,
    (count(DISTINCT c.case_id) FILTER (WHERE c.defect))::int AS confirmed,
    coalesce(sum(c.amount_kop), 0)::text AS amount_kop, coalesce(sum(c.fine_kop), 0)::text AS fine_kop`;

type CountRow = { conclusions: number; reviewed: number; confirmed: number; amount_kop: string; fine_kop: string } & Record<
  string,
  unknown
>;

const counts = (r: CountRow, key: GroupCounts['key']): GroupCounts => ({
  key,
  conclusions: r.conclusions,
  reviewed: r.reviewed,
  confirmed: r.confirmed,
  amountKop: Number(r.amount_kop),
  fineKop: Number(r.fine_kop),
});

/** The report over `sql`, with the F014 → defect group table given. */
export async function computeAgreement(sql: SqlPort, q: AgreementQuery, f014Groups: Map<number, string>): Promise<AgreementReport> {
  let by: AgreementDimension[];
  let lo = 0;
  let hi = 999_999;
  try {
    by = parseDimensions(q.by);
    if (q.from) lo = periodNumber(q.from);
    if (q.to) hi = periodNumber(q.to);
  } catch (e) {
    throw new AppError('BAD_INPUT', (e as Error).message);
  }
  const [tables] = await sql.query<{ scores: boolean; models: boolean }>(
    `SELECT to_regclass('case_score') IS NOT NULL AS scores, to_regclass('model_version') IS NOT NULL AS models`,
  );
  const params = [lo, hi, [...f014Groups.keys()], [...f014Groups.values()]];

  const dims = by.map((d, i) => `${d === 'model' && !tables.scores ? 'NULL::text' : DIM_SQL[d]} AS d${i}`);
  const joins = [
    by.includes('model') && tables.scores ? 'LEFT JOIN case_score cs ON cs.case_id = c.case_id' : '',
    by.includes('expert') ? 'LEFT JOIN LATERAL (SELECT DISTINCT x AS expert FROM unnest(c.experts) x) e ON true' : '',
    by.includes('defect_group') ? GROUP_LATERAL : '',
  ];
  const grouped = await sql.query<CountRow>(
    `WITH ${GROUPS_CTE}
     SELECT ${[...dims, COUNTS].join(', ')}
     FROM conclusion c ${joins.join('\n')}
     WHERE ${PERIOD}
     ${by.length ? `GROUP BY ${by.map((_, i) => `d${i}`).join(', ')} ORDER BY ${by.map((_, i) => `d${i}`).join(', ')}` : ''}`,
    params,
  );
  const groups = withLift(
    grouped.map((r) => groupFigures(counts(r, Object.fromEntries(by.map((d, i) => [d, (r[`d${i}`] ?? null) as string | null]))))),
  );

  const rollup = await sql.query<CountRow & { arm: string | null; whole: number }>(
    `SELECT c.arm, GROUPING(c.arm) AS whole, ${COUNTS}
     FROM conclusion c WHERE c.year * 100 + c.month BETWEEN $1 AND $2
     GROUP BY GROUPING SETS ((c.arm), ()) ORDER BY whole DESC, c.arm`,
    [lo, hi],
  );
  const totalRow = rollup.find((r) => r.whole === 1);
  const total = groupFigures(
    totalRow ? counts(totalRow, {}) : { key: {}, conclusions: 0, reviewed: 0, confirmed: 0, amountKop: 0, fineKop: 0 },
  );
  const arms = withLift(rollup.filter((r) => r.whole === 0).map((r) => groupFigures(counts(r, { arm: r.arm }))));

  return {
    from: q.from ?? null,
    to: q.to ?? null,
    by,
    money: 'rubles',
    groups,
    arms,
    total,
    defective_cases: await defectiveCases(sql, lo, hi),
    expert_agreement: await expertAgreement(sql, lo, hi),
    models: tables.scores && tables.models ? await models(sql, params) : null,
  };
}

/** Cases of the period at case level: any defect, the largest known propensity, reviewed on the random arm. */
const CASES_CTE = `cc AS (
    SELECT c.case_id, bool_or(c.defect) AS defect, max(c.propensity) AS pi, bool_or(c.arm = 'random') AS random
    FROM conclusion c WHERE ${PERIOD} GROUP BY c.case_id)`;

async function defectiveCases(sql: SqlPort, lo: number, hi: number): Promise<AgreementReport['defective_cases']> {
  const cells = await sql.query<{ defect: boolean; pi: number | null; n: number }>(
    `WITH ${CASES_CTE} SELECT defect, CASE WHEN pi > 0 AND pi <= 1 THEN pi END AS pi, count(*)::int AS n FROM cc GROUP BY 1, 2`,
    [lo, hi],
  );
  if (cells.length === 0) return null;
  const known = cells.filter((c) => c.pi !== null);
  const e = htTotal(known.map((c) => ({ y: c.defect ? 1 : 0, pi: c.pi!, n: c.n })));
  return {
    ...e,
    sample: known.reduce((s, c) => s + c.n, 0),
    unknown_propensity: cells.filter((c) => c.pi === null).reduce((s, c) => s + c.n, 0),
  };
}

/** The first two conclusions of one control type on a case, by experts with no code in common. */
async function expertAgreement(sql: SqlPort, lo: number, hi: number): Promise<AgreementReport['expert_agreement']> {
  const rows = await sql.query<{ a: boolean; b: boolean; n: number }>(
    `WITH r AS (
       SELECT c.case_id, c.control, c.defect, c.experts,
              row_number() OVER (PARTITION BY c.case_id, c.control ORDER BY c.id) AS rn
       FROM conclusion c WHERE ${PERIOD})
     SELECT a.defect AS a, b.defect AS b, count(*)::int AS n
     FROM r a JOIN r b ON b.case_id = a.case_id AND b.control = a.control AND a.rn = 1 AND b.rn = 2
     WHERE NOT (a.experts && b.experts)
     GROUP BY 1, 2`,
    [lo, hi],
  );
  const k = cohenKappa(binaryTable(rows.flatMap((r) => Array.from({ length: r.n }, () => [r.a, r.b] as const))));
  return k && { n: k.n, kappa: k.kappa, ci: k.ci, observed: k.observed };
}

async function models(sql: SqlPort, params: unknown[]): Promise<ModelAgreement[]> {
  const [lo, hi] = params as [number, number];
  const versions = await sql.query<{
    version: string;
    status: string | null;
    threshold: number | null;
    score_hist: unknown;
    scored: number;
  }>(
    `SELECT s.model_version AS version, mv.status, mv.threshold::float8 AS threshold, mv.score_hist, s.scored
     FROM (SELECT model_version, count(*)::int AS scored FROM case_score WHERE year * 100 + month BETWEEN $1 AND $2 GROUP BY 1) s
     LEFT JOIN model_version mv ON mv.version = s.model_version
     ORDER BY mv.created_at NULLS LAST, s.model_version`,
    [lo, hi],
  );
  const random = await sql.query<{ version: string; p: number; defect: boolean; flagged: boolean | null; groups: string[] | null }>(
    `WITH ${GROUPS_CTE}, ${CASES_CTE},
     found AS (
       SELECT c.case_id, array_agg(DISTINCT g.defect_group) AS groups
       FROM conclusion c ${GROUP_LATERAL}
       WHERE ${PERIOD} AND c.defect AND g.defect_group IS NOT NULL AND c.case_id IN (SELECT case_id FROM cc WHERE random)
       GROUP BY c.case_id)
     SELECT s.model_version AS version, s.p_defect::float8 AS p, cc.defect, s.p_defect >= mv.threshold AS flagged, found.groups
     FROM cc JOIN case_score s ON s.case_id = cc.case_id
     LEFT JOIN model_version mv ON mv.version = s.model_version
     LEFT JOIN found ON found.case_id = cc.case_id
     WHERE cc.random`,
    params,
  );
  const cells = await sql.query<PropensityCell & { version: string }>(
    `WITH ${CASES_CTE}
     SELECT s.model_version AS version, cc.defect, s.p_defect >= mv.threshold AS flagged, cc.pi, count(*)::int AS n
     FROM cc JOIN case_score s ON s.case_id = cc.case_id
     LEFT JOIN model_version mv ON mv.version = s.model_version
     WHERE cc.pi > 0 AND cc.pi <= 1
     GROUP BY 1, 2, 3, 4`,
    [lo, hi],
  );
  const out: ModelAgreement[] = [];
  for (const v of versions) {
    const hist = readScoreHistogram(v.score_hist);
    let current: number[] | null = null;
    if (hist) {
      const bins = await sql.query<{ b: number; n: number }>(
        `SELECT width_bucket(p_defect::float8, $3::float8[]) AS b, count(*)::int AS n
         FROM case_score WHERE model_version = $4 AND year * 100 + month BETWEEN $1 AND $2 GROUP BY 1`,
        [lo, hi, hist.edges.slice(1, -1), v.version],
      );
      current = hist.counts.map(() => 0);
      for (const r of bins) current[r.b] += r.n;
    }
    const mine = (r: { version: string }) => r.version === v.version;
    out.push(
      modelAgreement({
        version: v.version,
        status: v.status,
        threshold: v.threshold,
        scored: v.scored,
        random: random.filter(mine).map((r): RandomArmCase => ({ p: r.p, defect: r.defect, flagged: r.flagged, groups: r.groups ?? [] })),
        cells: cells.filter(mine),
        reference: hist?.counts ?? null,
        current,
      }),
    );
  }
  return out;
}
