import type { SqlPort } from '../db/sql.port.js';
import type { InputRow } from './engine.js';

/** EKMP sanctions: F006 codes 70–86 under order 231н (30–49 before it). */
const EKMP = '(s.s_tip BETWEEN 70 AND 86 OR s.s_tip BETWEEN 30 AND 49)';

/**
 * Indicators of the regional rating computed from our own registers and expert conclusions,
 * as components: k21 = EKMP / insured × 1000, k22 = EKMP with a violation / EKMP × 100,
 * k36 = 24h discharges followed within 90 days by a 24h readmission of the same person for the
 * same diagnosis block (first three characters of DS1) / discharges × 100. `insured` is given.
 */
export async function registerIndicators(sql: SqlPort, o: { unit: string; year: number; insured?: number }): Promise<InputRow[]> {
  const [e] = await sql.query<{ ekmp: string; violations: string }>(
    `SELECT count(*)::text AS ekmp, count(*) FILTER (WHERE s.s_osn IS NOT NULL AND s.s_sum > 0)::text AS violations
       FROM sank s JOIN "case" c ON c.id = s.case_id WHERE ${EKMP} AND c.year = $1`,
    [o.year],
  );
  const [r] = await sql.query<{ discharges: string; readmitted: string }>(
    `SELECT count(*)::text AS discharges,
            count(*) FILTER (WHERE EXISTS (
              SELECT 1 FROM "case" n WHERE n.person_key = c.person_key AND n.usl_ok = 1 AND n.status = 'accepted' AND n.id <> c.id
                AND left(n.ds1, 3) = left(c.ds1, 3) AND n.date_z_1 > c.date_z_2 AND n.date_z_1 <= c.date_z_2 + 90))::text AS readmitted
       FROM "case" c WHERE c.usl_ok = 1 AND c.status = 'accepted' AND c.year = $1`,
    [o.year],
  );
  const rows: InputRow[] = [
    {
      unit: o.unit,
      indicator: 'k22',
      numerator: Number(e.violations),
      denominator: Number(e.ekmp),
    },
    {
      unit: o.unit,
      indicator: 'k36',
      numerator: Number(r.readmitted),
      denominator: Number(r.discharges),
    },
  ];
  if (o.insured)
    rows.unshift({
      unit: o.unit,
      indicator: 'k21',
      numerator: Number(e.ekmp),
      denominator: o.insured,
    });
  return rows;
}

const MEE = '(s.s_tip BETWEEN 50 AND 59 OR s.s_tip BETWEEN 20 AND 29)';
const DEATH = '(105, 106, 205, 206, 313, 405, 406)';

/**
 * mo-quality indicators per medical organisation from our registers and conclusions (components):
 * defects per 100 MEE / EKMP, share of the billed sum withheld, readmissions within 30 / 90 days
 * (24h hospital, same person, same diagnosis block), share of C-file cases with a complete oncology
 * section (ONK_SL with B_DIAG), share of lethal outcomes reviewed by EKMP.
 */
export async function moQualityIndicators(sql: SqlPort, year: number): Promise<InputRow[]> {
  const rows = await sql.query<Record<string, string>>(
    `WITH c AS (SELECT * FROM "case" WHERE status = 'accepted' AND year = $1),
          s AS (SELECT s.*, c.code_mo FROM sank s JOIN c ON c.id = s.case_id)
     SELECT m.code_mo AS mo,
       (SELECT count(*) FROM s WHERE s.code_mo = m.code_mo AND ${MEE})::text AS mee,
       (SELECT count(*) FROM s WHERE s.code_mo = m.code_mo AND ${MEE} AND s.s_osn IS NOT NULL AND s.s_sum > 0)::text AS mee_def,
       (SELECT count(*) FROM s WHERE s.code_mo = m.code_mo AND ${EKMP})::text AS ekmp,
       (SELECT count(*) FROM s WHERE s.code_mo = m.code_mo AND ${EKMP} AND s.s_osn IS NOT NULL AND s.s_sum > 0)::text AS ekmp_def,
       (SELECT coalesce(sum(s.s_sum), 0) FROM s WHERE s.code_mo = m.code_mo)::text AS withheld,
       (SELECT sum(sumv) FROM c WHERE c.code_mo = m.code_mo)::text AS billed,
       (SELECT count(*) FROM c WHERE c.code_mo = m.code_mo AND c.usl_ok = 1)::text AS discharges,
       (SELECT count(*) FROM c WHERE c.code_mo = m.code_mo AND c.usl_ok = 1 AND EXISTS (SELECT 1 FROM c n WHERE n.person_key = c.person_key AND n.usl_ok = 1
          AND n.id <> c.id AND left(n.ds1, 3) = left(c.ds1, 3) AND n.date_z_1 > c.date_z_2 AND n.date_z_1 <= c.date_z_2 + 30))::text AS r30,
       (SELECT count(*) FROM c WHERE c.code_mo = m.code_mo AND c.usl_ok = 1 AND EXISTS (SELECT 1 FROM c n WHERE n.person_key = c.person_key AND n.usl_ok = 1
          AND n.id <> c.id AND left(n.ds1, 3) = left(c.ds1, 3) AND n.date_z_1 > c.date_z_2 AND n.date_z_1 <= c.date_z_2 + 90))::text AS r90,
       (SELECT count(*) FROM c WHERE c.code_mo = m.code_mo AND c.file_kind = 'C')::text AS onco,
       (SELECT count(*) FROM c JOIN sub_case sc ON sc.case_id = c.id WHERE c.code_mo = m.code_mo AND c.file_kind = 'C'
          AND sc.sl->'ONK_SL'->'B_DIAG' IS NOT NULL)::text AS onco_complete,
       (SELECT count(*) FROM c WHERE c.code_mo = m.code_mo AND c.rslt IN ${DEATH})::text AS deaths,
       (SELECT count(DISTINCT s.case_id) FROM s JOIN c ON c.id = s.case_id WHERE s.code_mo = m.code_mo AND c.rslt IN ${DEATH} AND ${EKMP})::text AS deaths_reviewed
     FROM (SELECT DISTINCT code_mo FROM c) m ORDER BY 1`,
    [year],
  );
  const n = (v: string) => Number(v);
  return rows.flatMap((r) => [
    { unit: r.mo, indicator: 'mee_defects', numerator: n(r.mee_def), denominator: n(r.mee) },
    { unit: r.mo, indicator: 'ekmp_defects', numerator: n(r.ekmp_def), denominator: n(r.ekmp) },
    { unit: r.mo, indicator: 'withheld', numerator: n(r.withheld), denominator: n(r.billed) },
    { unit: r.mo, indicator: 'readm30', numerator: n(r.r30), denominator: n(r.discharges) },
    { unit: r.mo, indicator: 'readm90', numerator: n(r.r90), denominator: n(r.discharges) },
    { unit: r.mo, indicator: 'onco_complete', numerator: n(r.onco_complete), denominator: n(r.onco) },
    { unit: r.mo, indicator: 'lethal_reviewed', numerator: n(r.deaths_reviewed), denominator: n(r.deaths) },
  ]);
}
