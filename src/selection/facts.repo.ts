import type { SqlPort } from '../db/sql.port.js';
import { isoDays } from '../calendar.js';
import type { CaseFacts } from './facts.js';

interface FactRow {
  id: string;
  person: string;
  code_mo: string;
  smo: string;
  year: number;
  month: number;
  usl_ok: number | null;
  file_kind: string;
  d1: string;
  d2: string;
  rslt: number | null;
  ds1: string | null;
  profil: number | null;
  n_ksg: string | null;
  sum_kop: string;
  kd_z: number | null;
  p_cel: string | null;
  c_zab: boolean | null;
  ds1_pr: boolean | null;
  p_per3: boolean | null;
  ds2: string | null;
  ds3: string | null;
  onk: string | null;
  prvs: string | null;
  mek: number | null;
}

const ICD = /[A-Z]\d\d(?:\.\d{1,2})?/g;
const USL_TIP = /"USL_TIP"\s*:\s*"?(\d+)/g;
const codes = (text: string | null) => (text ? (text.toUpperCase().match(ICD) ?? []) : []);

/** The month number used for period arithmetic: year × 12 + month. */
export const periodIndex = (year: number, month: number) => year * 12 + month;

/**
 * The accepted cases of a period and of the `lookbackMonths` register periods before it (the history the triggers
 * look back on), with the SL fields the triggers need. Each SL's archive is parsed once (json_to_record).
 */
export async function loadCaseFacts(sql: SqlPort, year: number, month: number, lookbackMonths: number): Promise<CaseFacts[]> {
  const p = periodIndex(year, month);
  const rows = await sql.query<FactRow>(
    `WITH files AS (
       SELECT id FROM register_file WHERE year * 12 + month BETWEEN $1::int - $2::int AND $1::int
     ), mek AS (
       SELECT f.register_file_id, f.n_zap, count(*)::int AS n FROM finding f
        WHERE f.register_file_id IN (SELECT id FROM files) AND f.control = 'MEK' AND f.severity = 'error' AND f.n_zap IS NOT NULL
        GROUP BY 1, 2
     )
     SELECT c.id::text AS id,
            CASE WHEN c.person_key LIKE 'M%' THEN coalesce(
              (SELECT 'N' || lower(coalesce(pe.fam, '') || '|' || coalesce(pe.im, '') || '|' || coalesce(pe.ot, '') || '|' || pe.dr::text)
                 FROM person pe WHERE pe.register_file_id = c.register_file_id AND pe.id_pac = c.id_pac AND pe.dr IS NOT NULL),
              c.person_key) ELSE c.person_key END AS person,
            c.code_mo, coalesce(c.smo, c.plat, '') AS smo, c.year, c.month, c.usl_ok, c.file_kind,
            c.date_z_1::text AS d1, c.date_z_2::text AS d2, c.rslt, c.ds1, c.profil, c.n_ksg,
            (c.sumv * 100)::bigint::text AS sum_kop, c.kd_z,
            coalesce(c.zsl->>'P_CEL', s.p_cel) AS p_cel, s.c_zab, s.ds1_pr, s.p_per3, s.ds2, s.ds3, s.onk, s.prvs, m.n AS mek
       FROM "case" c
       LEFT JOIN LATERAL (
         SELECT min(x."P_CEL") AS p_cel, bool_or(x."C_ZAB" = '2') AS c_zab, bool_or(x."DS1_PR" = '1') AS ds1_pr,
                bool_or(x."P_PER" = '3') AS p_per3, string_agg(x."DS2", ' ') AS ds2, string_agg(x."DS3", ' ') AS ds3,
                string_agg(x."ONK_SL", ' ') AS onk, (array_agg(sc.prvs ORDER BY sc.id DESC))[1] AS prvs
           FROM sub_case sc,
                json_to_record(sc.sl) AS x("P_CEL" text, "C_ZAB" text, "DS1_PR" text, "P_PER" text, "DS2" text, "DS3" text, "ONK_SL" text)
          WHERE sc.case_id = c.id
       ) s ON true
       LEFT JOIN mek m ON m.register_file_id = c.register_file_id AND m.n_zap = c.n_zap
      WHERE c.register_file_id IN (SELECT id FROM files) AND c.status = 'accepted'`,
    [p, lookbackMonths],
  );
  return rows.map((r) => toFacts(r, year, month));
}

function toFacts(r: FactRow, year: number, month: number): CaseFacts {
  const uslTip: number[] = [];
  if (r.onk) for (const m of r.onk.matchAll(USL_TIP)) uslTip.push(Number(m[1]));
  return {
    id: r.id,
    person: r.person,
    codeMo: r.code_mo,
    smo: r.smo,
    year: r.year,
    month: r.month,
    uslOk: r.usl_ok,
    fileKind: r.file_kind,
    date1: isoDays(r.d1) ?? 0,
    date2: isoDays(r.d2) ?? 0,
    rslt: r.rslt,
    ds1: r.ds1,
    profil: r.profil,
    ksg: r.n_ksg,
    sumKop: Number(r.sum_kop),
    kdZ: r.kd_z,
    pCel: r.p_cel,
    cZab: r.c_zab === true,
    ds1Pr: r.ds1_pr === true,
    pPer3: r.p_per3 === true,
    ds2: codes(r.ds2),
    ds3: codes(r.ds3),
    uslTip,
    prvs: r.prvs,
    mek: r.mek ?? 0,
    inPeriod: r.year === year && r.month === month,
  };
}
