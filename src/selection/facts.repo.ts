import type { SqlPort } from '../db/sql.port.js';
import { isoDays } from '../calendar.js';
import type { CaseFacts } from './facts.js';

const ICD = /[A-Z]\d\d(?:\.\d{1,2})?/g;
const USL_TIP = /"USL_TIP":"?(\d+)/g;
const NONE: string[] = [];
const NO_TIP: number[] = [];
const codes = (text: string) => (text ? (text.toUpperCase().match(ICD) ?? NONE) : NONE);

/** The month number used for period arithmetic: year × 12 + month. */
export const periodIndex = (year: number, month: number) => year * 12 + month;

/**
 * The accepted cases of a period and of the `lookbackMonths` register periods before it (the history the triggers
 * look back on), with the SL fields the triggers need. The SL archives are JSON the loader wrote itself (compact,
 * JSON.stringify), so their few fields are found by text search instead of parsing ~1 KB per SL; each row comes back
 * as one tab-separated text (a row of many columns costs node-pg more than the query).
 */
export async function loadCaseFacts(sql: SqlPort, year: number, month: number, lookbackMonths: number): Promise<CaseFacts[]> {
  const p = periodIndex(year, month);
  const rows = await sql.query<{ r: string }>(
    `WITH files AS (
       SELECT id FROM register_file WHERE year * 12 + month BETWEEN $1::int - $2::int AND $1::int
     ), cs AS (
       -- the columns used, not the archives: this set is materialised, and P_CEL is found in Z_SL's text, not parsed
       SELECT c.id, c.register_file_id, c.n_zap, c.person_key, c.id_pac, c.code_mo, c.smo, c.plat, c.year, c.month, c.usl_ok,
              c.file_kind, c.date_z_1, c.date_z_2, c.rslt, c.ds1, c.profil, c.n_ksg, c.sumv, c.kd_z,
              CASE WHEN strpos(c.zsl::text, '"P_CEL":"') > 0 THEN substring(c.zsl::text from '"P_CEL":"([^"]*)"') END AS zsl_p_cel
         FROM "case" c WHERE c.register_file_id IN (SELECT id FROM files) AND c.status = 'accepted'
     ), sl AS (
       -- only the SLs that carry something a trigger reads (most carry nothing of it)
       SELECT sc.case_id,
              min(CASE WHEN strpos(t, '"P_CEL":"') > 0 THEN substring(t from '"P_CEL":"([^"]*)"') END) AS p_cel,
              bool_or(strpos(t, '"C_ZAB":"2"') > 0) AS c_zab,
              bool_or(strpos(t, '"DS1_PR":"1"') > 0) AS ds1_pr,
              bool_or(strpos(t, '"P_PER":"3"') > 0) AS p_per3,
              string_agg(CASE WHEN strpos(t, '"DS2":') > 0 THEN substring(t from '"DS2":(\\[[^]]*\\]|"[^"]*")') END, ' ') AS ds2,
              string_agg(CASE WHEN strpos(t, '"DS3":') > 0 THEN substring(t from '"DS3":(\\[[^]]*\\]|"[^"]*")') END, ' ') AS ds3,
              string_agg(CASE WHEN strpos(t, '"USL_TIP"') > 0 THEN substring(t from '"ONK_USL":.*') END, ' ') AS onk
         -- the cases of a period were loaded together, so their ids form a few ranges: one index range scan, not a probe per case
         FROM (SELECT case_id, sl::text AS t FROM sub_case
                WHERE case_id BETWEEN (SELECT min(id) FROM cs) AND (SELECT max(id) FROM cs) AND case_id IN (SELECT id FROM cs)) sc
        WHERE strpos(t, '"P_CEL":"3.0"') > 0 OR strpos(t, '"P_CEL":"1.3"') > 0 OR strpos(t, '"C_ZAB":"2"') > 0
           OR strpos(t, '"DS1_PR":"1"') > 0 OR strpos(t, '"P_PER":"3"') > 0 OR strpos(t, '"DS2":') > 0 OR strpos(t, '"DS3":') > 0
           OR strpos(t, '"USL_TIP"') > 0
        GROUP BY sc.case_id
     ), mek AS (
       SELECT f.register_file_id, f.n_zap, count(*)::int AS n FROM finding f
        WHERE f.register_file_id IN (SELECT id FROM files) AND f.control = 'MEK' AND f.severity = 'error' AND f.n_zap IS NOT NULL
        GROUP BY 1, 2
     )
     SELECT concat_ws(E'\t', c.id,
            CASE WHEN c.person_key LIKE 'M%' THEN coalesce(
              (SELECT 'N' || lower(coalesce(pe.fam, '') || '|' || coalesce(pe.im, '') || '|' || coalesce(pe.ot, '') || '|' || pe.dr::text)
                 FROM person pe WHERE pe.register_file_id = c.register_file_id AND pe.id_pac = c.id_pac AND pe.dr IS NOT NULL),
              c.person_key) ELSE c.person_key END,
            c.code_mo, coalesce(c.smo, c.plat, ''), c.year, c.month, coalesce(c.usl_ok::text, ''), c.file_kind,
            c.date_z_1, c.date_z_2, coalesce(c.rslt::text, ''), coalesce(c.ds1, ''), coalesce(c.profil::text, ''), coalesce(c.n_ksg, ''),
            (c.sumv * 100)::bigint, coalesce(c.kd_z::text, ''),
            coalesce(c.zsl_p_cel, s.p_cel, ''), coalesce(s.c_zab, false)::int, coalesce(s.ds1_pr, false)::int,
            coalesce(s.p_per3, false)::int, coalesce(s.ds2, ''), coalesce(s.ds3, ''), coalesce(s.onk, ''), '',
            coalesce(m.n, 0)) AS r
       FROM cs c
       LEFT JOIN sl s ON s.case_id = c.id
       LEFT JOIN mek m ON m.register_file_id = c.register_file_id AND m.n_zap = c.n_zap`,
    [p, lookbackMonths],
  );
  return rows.map((r) => toFacts(r.r.split('\t'), year, month));
}

const int = (v: string) => (v === '' ? null : Number(v));
const text = (v: string) => (v === '' ? null : v);

function toFacts(f: string[], year: number, month: number): CaseFacts {
  let uslTip = NO_TIP;
  if (f[22]) uslTip = [...f[22].matchAll(USL_TIP)].map((m) => Number(m[1]));
  const y = Number(f[4]);
  const mo = Number(f[5]);
  return {
    id: f[0],
    person: f[1],
    codeMo: f[2],
    smo: f[3],
    year: y,
    month: mo,
    uslOk: int(f[6]),
    fileKind: f[7],
    date1: isoDays(f[8]) ?? 0,
    date2: isoDays(f[9]) ?? 0,
    rslt: int(f[10]),
    ds1: text(f[11]),
    profil: int(f[12]),
    ksg: text(f[13]),
    sumKop: Number(f[14]),
    kdZ: int(f[15]),
    pCel: text(f[16]),
    cZab: f[17] === '1',
    ds1Pr: f[18] === '1',
    pPer3: f[19] === '1',
    ds2: codes(f[20]),
    ds3: codes(f[21]),
    uslTip,
    prvs: text(f[23]),
    mek: Number(f[24]),
    inPeriod: y === year && mo === month,
  };
}
