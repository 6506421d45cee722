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
