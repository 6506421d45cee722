import type { SqlPort } from '../db/sql.port.js';
import type { InputRow } from './engine.js';

/**
 * smo-quality indicators per insurer from our expert conclusions (components), for one year:
 * ekmp_per_1000 = EKMP conclusions / insured persons × 1000 (insured: distinct persons in the insurer's accepted
 * cases of the year), defects_per_100 = conclusions finding a defect / conclusions × 100, agreement = model-arm
 * conclusions confirmed by the expert / model-arm conclusions × 100. target_on_time needs the expertise deadlines,
 * which the registers do not carry: it is left missing (scored 0, left out of max/min).
 */
export async function smoQualityIndicators(sql: SqlPort, year: number): Promise<InputRow[]> {
  const rows = await sql.query<{
    smo: string;
    ekmp: number;
    conclusions: number;
    defects: number;
    model: number;
    model_hit: number;
    insured: string;
  }>(
    `WITH k AS (
       SELECT smo, count(*) FILTER (WHERE control = 'EKMP')::int AS ekmp, count(*)::int AS conclusions,
              count(*) FILTER (WHERE defect)::int AS defects, count(*) FILTER (WHERE arm = 'model')::int AS model,
              count(*) FILTER (WHERE arm = 'model' AND defect)::int AS model_hit
         FROM conclusion WHERE year = $1 AND smo IS NOT NULL GROUP BY smo),
     p AS (
       SELECT coalesce(smo, plat) AS smo, count(DISTINCT person_key)::text AS insured
         FROM "case" WHERE year = $1 AND status = 'accepted' AND coalesce(smo, plat) IN (SELECT smo FROM k) GROUP BY 1)
     SELECT k.*, coalesce(p.insured, '0') AS insured FROM k LEFT JOIN p ON p.smo = k.smo ORDER BY k.smo`,
    [year],
  );
  return rows.flatMap((r) => [
    { unit: r.smo, indicator: 'ekmp_per_1000', numerator: r.ekmp, denominator: Number(r.insured) },
    { unit: r.smo, indicator: 'defects_per_100', numerator: r.defects, denominator: r.conclusions },
    { unit: r.smo, indicator: 'agreement', numerator: r.model_hit, denominator: r.model },
  ]);
}
