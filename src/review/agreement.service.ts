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
import { trainingReference } from './metrics/psi.js';
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
  month: "c.year::text || '-' || lpad(c.month::text, 2, '0')",
};

// $1, $2: period bounds (year·100 + month); $3, $4: F014 codes and their groups
// a row comparison, which the (year, month) index of conclusion can serve
const PERIOD = '(c.year, c.month) BETWEEN ($1::int / 100, $1::int % 100) AND ($2::int / 100, $2::int % 100)';
const GROUPS_CTE = 'f014_group AS (SELECT * FROM unnest($3::int[], $4::text[]) AS m(kod, defect_group))';
const GROUP_LATERAL = `LEFT JOIN LATERAL (
    SELECT DISTINCT coalesce(fg.defect_group, 'F014:' || f) AS defect_group
    FROM unnest(c.f014) f LEFT JOIN f014_group fg ON fg.kod = f) g ON true`;
// A conclusion sits on the case as first billed; when a corrected register superseded that case (the generator's and
// a real region's expertise travel in one), its scores are on the case that replaced it: the superseded one has none.
// The same one step train.data.ts takes to give such a conclusion's label to the features of the replacing case.
const SCORED_JOIN = `LEFT JOIN "case" sup ON sup.id = c.case_id AND sup.status = 'superseded'`;
const SCORED_ID = 'coalesce(sup.superseded_by, c.case_id)';
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
  if (lo > hi) throw new AppError('BAD_INPUT', `the period from ${q.from} is after the period to ${q.to}`);
  const [tables] = await sql.query<{ conclusions: boolean; scores: boolean; models: boolean }>(
    `SELECT to_regclass('conclusion') IS NOT NULL AS conclusions, to_regclass('case_score') IS NOT NULL AS scores,
            to_regclass('model_version') IS NOT NULL AS models`,
  );
  if (!tables.conclusions) throw new AppError('CONFLICT', 'the database has no conclusion table (migration 0310_conclusion not applied)');
  const params = [lo, hi, [...f014Groups.keys()], [...f014Groups.values()]];

  const dims = by.map((d, i) => `${d === 'model' && !tables.scores ? 'NULL::text' : DIM_SQL[d]} AS d${i}`);
  const joins = [
    by.includes('model') && tables.scores ? `${SCORED_JOIN} LEFT JOIN case_score cs ON cs.case_id = ${SCORED_ID}` : '',
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
     FROM conclusion c WHERE ${PERIOD}
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

/**
 * Cases of the period at case level (a superseded case as the case that replaced it, which holds the scores): any
 * defect, the largest known propensity, reviewed on the random arm.
 */
const CASES_CTE = `cc AS (
    SELECT ${SCORED_ID} AS case_id, bool_or(c.defect) AS defect, max(c.propensity) AS pi, bool_or(c.arm = 'random') AS random
    FROM conclusion c ${SCORED_JOIN} WHERE ${PERIOD} GROUP BY 1)`;

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
    `SELECT defect AS a, next_defect AS b, count(*)::int AS n
     FROM (SELECT c.defect, c.experts, row_number() OVER w AS rn, lead(c.defect) OVER w AS next_defect,
                  lead(c.experts) OVER w AS next_experts
           FROM conclusion c WHERE ${PERIOD}
           WINDOW w AS (PARTITION BY c.case_id, c.control ORDER BY c.id)) r
     WHERE rn = 1 AND next_defect IS NOT NULL AND NOT (experts && next_experts)
     GROUP BY 1, 2`,
    [lo, hi],
  );
  const k = cohenKappa(binaryTable(rows.flatMap((r) => Array.from({ length: r.n }, () => [r.a, r.b] as const))));
  return k && { n: k.n, kappa: k.kappa, ci: k.ci, observed: k.observed };
}

async function models(sql: SqlPort, params: unknown[]): Promise<ModelAgreement[]> {
  const [lo, hi] = params as [number, number];
  // one pass over the period's scores: per version, its count in each bin of its training histogram (bin 0 without one)
  const known = await sql.query<{
    version: string;
    status: string;
    threshold: number | null;
    score_hist: unknown;
    train_from: string | null;
    train_to: string | null;
    created_at: Date;
  }>('SELECT version, status, threshold::float8 AS threshold, score_hist, train_from::text, train_to::text, created_at FROM model_version');
  const refs = new Map(known.map((v) => [v.version, trainingReference(v.score_hist, v.train_from, v.train_to)]));
  const edges = known.flatMap((v) => {
    const r = refs.get(v.version);
    return r ? [{ version: v.version, thresholds: r.hist.edges.slice(1, -1) }] : [];
  });
  const binned = await sql.query<{ version: string; b: number; n: number }>(
    `SELECT s.model_version AS version, coalesce(width_bucket(s.p_defect::float8, e.thresholds), 0) AS b, count(*)::int AS n
     FROM case_score s LEFT JOIN jsonb_to_recordset($3::jsonb) AS e(version text, thresholds float8[]) ON e.version = s.model_version
     WHERE s.year * 100 + s.month BETWEEN $1 AND $2
     GROUP BY 1, 2`,
    [lo, hi, JSON.stringify(edges)],
  );
  const order = new Map(known.map((v) => [v.version, v]));
  const versions = [...new Set(binned.map((r) => r.version))].sort((x, y) => {
    const a = order.get(x)?.created_at.getTime() ?? Infinity;
    const b = order.get(y)?.created_at.getTime() ?? Infinity;
    return a - b || (x < y ? -1 : x > y ? 1 : 0);
  });
  // the reviewed cases joined to their scores once: the random arm's cases one by one, and every case with a known
  // propensity counted by (defect, flagged, π) for the inverse-propensity estimates
  const joined = await sql.query<{
    kind: 'random' | 'cell';
    version: string;
    p: number | null;
    defect: boolean;
    flagged: boolean | null;
    groups: string[] | null;
    pi: number | null;
    n: number;
  }>(
    `WITH ${GROUPS_CTE}, ${CASES_CTE},
     j AS MATERIALIZED (
       SELECT s.model_version AS version, s.p_defect, s.p_defect >= mv.threshold AS flagged, cc.*
       FROM cc JOIN case_score s ON s.case_id = cc.case_id LEFT JOIN model_version mv ON mv.version = s.model_version),
     found AS (
       SELECT ${SCORED_ID} AS case_id, array_agg(DISTINCT g.defect_group) AS groups
       FROM conclusion c ${SCORED_JOIN} ${GROUP_LATERAL}
       WHERE ${PERIOD} AND c.defect AND g.defect_group IS NOT NULL AND ${SCORED_ID} IN (SELECT case_id FROM cc WHERE random)
       GROUP BY 1)
     SELECT 'random' AS kind, j.version, j.p_defect::float8 AS p, j.defect, j.flagged, found.groups, NULL::float8 AS pi, 1 AS n
     FROM j LEFT JOIN found ON found.case_id = j.case_id WHERE j.random
     UNION ALL
     SELECT 'cell', version, NULL, defect, flagged, NULL, pi, count(*)::int FROM j WHERE pi > 0 AND pi <= 1 GROUP BY 2, 4, 5, 7`,
    params,
  );
  const random = joined.filter((r) => r.kind === 'random');
  const cells = joined.filter((r) => r.kind === 'cell') as (PropensityCell & { version: string })[];
  const out: ModelAgreement[] = [];
  for (const version of versions) {
    const v = order.get(version);
    const ref = refs.get(version) ?? null;
    const hist = ref?.hist ?? null;
    const mineBins = binned.filter((r) => r.version === version);
    const current = hist ? hist.counts.map((_, i) => mineBins.filter((r) => r.b === i).reduce((t, r) => t + r.n, 0)) : null;
    const mine = (r: { version: string }) => r.version === version;
    out.push(
      modelAgreement({
        version,
        status: v?.status ?? null,
        threshold: v?.threshold ?? null,
        scored: mineBins.reduce((t, r) => t + r.n, 0),
        random: random.filter(mine).map((r): RandomArmCase => ({ p: r.p!, defect: r.defect, flagged: r.flagged, groups: r.groups ?? [] })),
        cells: cells.filter(mine),
        reference: hist?.counts ?? null,
        referenceSource: ref?.source ?? null,
        current,
      }),
    );
  }
  return out;
}
