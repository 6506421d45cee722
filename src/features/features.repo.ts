/**
 * The SQL of the features: the period's accepted cases with their SL, the persons' earlier cases, the region's
 * reference figures and review history, and the case_feature rows (written with COPY, read in case id order).
 * Dates come back as days from 1970-01-01.
 */
import type { SqlPort } from '../db/sql.port.js';
import { AppError } from '../errors.js';
import { toKopecks } from '../tariffs/money.js';
import type { Sl } from '../registers/model.js';
import type { CaseInput, PastCase } from './case-input.js';
import type { CareReference } from './care.js';
import type { ReviewDay } from './history.js';
import type { FeatureRow, FeatureSpec } from './feature-spec.js';
import { onkSummary } from './oncology.js';
import { FEATURE_COLUMNS, featureRowOf, featureRowsBinary, type StoredFeatureRow } from './feature-rows.js';

const EPOCH = `DATE '1970-01-01'`;
/** stayDays() in SQL (case-input.ts): KD_Z, else the days between the dates, a day hospital counting both ends. */
const STAY = `COALESCE(c.kd_z, CASE WHEN c.usl_ok = 2 THEN c.date_z_2 - c.date_z_1 + 1 ELSE GREATEST(c.date_z_2 - c.date_z_1, 1) END)`;

export function featuresRepo(sql: SqlPort) {
  return {
    /** Ids of the accepted cases of a period (through register_file: `case` has no period index), ascending. */
    async periodCaseIds(year: number, month: number): Promise<string[]> {
      const rows = await sql.query<{ id: string }>(
        `SELECT c.id::text AS id FROM register_file f JOIN "case" c ON c.register_file_id = f.id
          WHERE f.year = $1 AND f.month = $2 AND c.status = 'accepted' ORDER BY c.id`,
        [year, month],
      );
      return rows.map((r) => r.id);
    },

    /** MEK findings per record of the period's files, keyed `${register_file_id}:${n_zap}`. */
    async mekCounts(year: number, month: number): Promise<Map<string, number>> {
      const rows = await sql.query<{ k: string; n: number }>(
        `SELECT f.register_file_id::text || ':' || f.n_zap AS k, count(*)::int AS n
           FROM register_file rf JOIN finding f ON f.register_file_id = rf.id
          WHERE rf.year = $1 AND rf.month = $2 AND f.control = 'MEK' AND f.n_zap IS NOT NULL GROUP BY 1`,
        [year, month],
      );
      return new Map(rows.map((r) => [r.k, Number(r.n)]));
    },

    /** The cases of `ids` with their SL (register order) and the L-file's W and DR. */
    async cases(ids: readonly string[], mek: ReadonlyMap<string, number>): Promise<CaseInput[]> {
      const rows = await sql.query<CaseRow>(
        `SELECT c.id::text AS id, c.year, c.month, COALESCE(c.smo, c.plat) AS smo, c.code_mo, c.file_kind, c.person_key,
                c.usl_ok, c.vidpom, c.for_pom, c.idsp, c.rslt, c.ishod, c.profil, c.ds1, c.n_ksg, c.iddokt,
                c.zsl->>'P_CEL' AS p_cel, c.date_z_1 - ${EPOCH} AS d1, c.date_z_2 - ${EPOCH} AS d2, c.kd_z,
                c.sumv::text AS sumv, p.w, p.dr - ${EPOCH} AS dr, c.register_file_id::text || ':' || c.n_zap AS rec
           FROM "case" c LEFT JOIN person p ON p.register_file_id = c.register_file_id AND p.id_pac = c.id_pac
          WHERE c.id = ANY($1::bigint[]) ORDER BY c.id`,
        [ids],
      );
      // the SL apart: one plain scan of sub_case by its index (aggregating them per case in SQL cost ~3× as much)
      const sls = new Map<string, Sl[]>();
      const subs = await sql.query<{ case_id: string; sl: string }>(
        `SELECT case_id::text AS case_id, sl::text AS sl FROM sub_case WHERE case_id = ANY($1::bigint[]) ORDER BY case_id, id`,
        [ids],
      );
      for (const s of subs) {
        const l = sls.get(s.case_id);
        const sl = JSON.parse(s.sl) as Sl;
        if (l) l.push(sl);
        else sls.set(s.case_id, [sl]);
      }
      return rows.map((r) => ({
        id: r.id,
        year: r.year,
        month: r.month,
        smo: r.smo,
        codeMo: r.code_mo,
        fileKind: r.file_kind,
        personKey: r.person_key,
        uslOk: r.usl_ok,
        vidpom: r.vidpom,
        forPom: r.for_pom,
        idsp: r.idsp,
        rslt: r.rslt,
        ishod: r.ishod,
        profil: r.profil,
        ds1: r.ds1,
        nKsg: r.n_ksg,
        iddokt: r.iddokt,
        pCel: r.p_cel,
        dateZ1: r.d1,
        dateZ2: r.d2,
        kdZ: r.kd_z,
        sumvKop: toKopecks(r.sumv) ?? 0,
        sl: sls.get(r.id) ?? [],
        sex: r.w,
        birth: r.dr,
        mekFindings: mek.get(r.rec) ?? 0,
      }));
    },

    /** The accepted cases of these persons that began in [fromDay, toDay], by person. */
    async history(keys: readonly string[], fromDay: number, toDay: number): Promise<Map<string, PastCase[]>> {
      const rows = await sql.query<HistoryRow>(
        `SELECT c.id::text AS id, c.person_key, c.date_z_1 - ${EPOCH} AS d1, c.date_z_2 - ${EPOCH} AS d2, c.usl_ok, c.ds1,
                c.code_mo, c.profil,
                CASE WHEN c.file_kind = 'C' OR c.ds_onk = 1
                     THEN (SELECT json_agg(s.sl ORDER BY s.id) FROM sub_case s WHERE s.case_id = c.id)::text END AS onk
           FROM "case" c
          WHERE c.person_key = ANY($1::text[]) AND c.status = 'accepted'
            AND c.date_z_1 >= ${EPOCH} + $2::int AND c.date_z_1 <= ${EPOCH} + $3::int`,
        [keys, fromDay, toDay],
      );
      const out = new Map<string, PastCase[]>();
      for (const r of rows) {
        let l = out.get(r.person_key);
        if (!l) out.set(r.person_key, (l = []));
        l.push({
          id: r.id,
          dateZ1: r.d1,
          dateZ2: r.d2,
          uslOk: r.usl_ok,
          ds1: r.ds1,
          codeMo: r.code_mo,
          profil: r.profil,
          onk: r.onk ? onkSummary(JSON.parse(r.onk) as Sl[]) : null,
        });
      }
      return out;
    },

    /**
     * The region's KSG figures over the accepted 24h/day stays with a KSG that ended in [fromDay, toDay) and were
     * billed in the periods [fromPeriod, toPeriod] (year × 12 + month).
     */
    async careReference(w: { fromDay: number; toDay: number; fromPeriod: number; toPeriod: number }): Promise<CareReference> {
      // one pass over the window's KSG stays for both figures
      const rows = await sql.query<{ t: string; k: string; v: number }>(
        `WITH w AS MATERIALIZED (
           SELECT c.id, c.usl_ok, c.n_ksg, ${STAY} AS stay
             FROM register_file f JOIN "case" c ON c.register_file_id = f.id
            WHERE f.year * 12 + f.month BETWEEN $3 AND $4 AND c.status = 'accepted' AND c.usl_ok IN (1, 2)
              AND c.n_ksg IS NOT NULL AND c.date_z_2 >= ${EPOCH} + $1::int AND c.date_z_2 < ${EPOCH} + $2::int)
         SELECT 'm' AS t, n_ksg AS k, percentile_cont(0.5) WITHIN GROUP (ORDER BY stay)::float8 AS v FROM w GROUP BY n_ksg
         UNION ALL
         SELECT 'l', COALESCE(w.usl_ok::text, '') || '|' || upper(left(trim(s.ds1), 3)), min(s.koef_z)::float8
           FROM w JOIN sub_case s ON s.case_id = w.id WHERE s.koef_z > 0 AND s.ds1 IS NOT NULL GROUP BY 2`,
        [w.fromDay, w.toDay, w.fromPeriod, w.toPeriod],
      );
      const medians = rows.filter((r) => r.t === 'm').map((r) => ({ n_ksg: r.k, median: r.v }));
      const lightest = rows.filter((r) => r.t === 'l').map((r) => ({ k: r.k, koef: r.v }));
      return {
        ksgMedianStay: new Map(medians.map((r) => [r.n_ksg, Number(r.median)])),
        lightestKoefZ: new Map(lightest.map((r) => [r.k, Number(r.koef)])),
      };
    },

    /**
     * Conclusions grouped by MO, doctor and the day they became known: the reviewed case's end (DATE_Z_2), or the
     * act's date when it is later (a conclusion cannot be known before its act). Only days before `beforeDay`. Empty
     * when the conclusion table does not exist (no review history).
     */
    async reviewDays(beforeDay: number): Promise<ReviewDay[]> {
      const [t] = await sql.query<{ ok: boolean }>(`SELECT to_regclass('conclusion') IS NOT NULL AS ok`);
      if (!t?.ok) return [];
      const rows = await sql.query<{ code_mo: string; iddokt: string | null; day: number; reviews: number; defects: number }>(
        `SELECT c.code_mo, c.iddokt, GREATEST(c.date_z_2, COALESCE(k.date_act, c.date_z_2)) - ${EPOCH} AS day,
                count(*)::int AS reviews, (count(*) FILTER (WHERE k.defect))::int AS defects
           FROM conclusion k JOIN "case" c ON c.id = k.case_id
          WHERE GREATEST(c.date_z_2, COALESCE(k.date_act, c.date_z_2)) < ${EPOCH} + $1::int GROUP BY 1, 2, 3`,
        [beforeDay],
      );
      return rows.map((r) => ({ codeMo: r.code_mo, iddokt: r.iddokt, day: r.day, reviews: r.reviews, defects: r.defects }));
    },

    /** Holds a period's rows of a spec version for the rest of the transaction. */
    async lockPeriod(specVersion: string, year: number, month: number): Promise<void> {
      await sql.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`case_feature:${specVersion}:${year}-${month}`]);
    },

    /** Records the spec's lists under its version; a version stored with other lists is refused (bump the version). */
    async saveSpec(spec: FeatureSpec): Promise<void> {
      await sql.query(
        `INSERT INTO feature_spec (version, numeric, categorical) VALUES ($1, $2::text[], $3::text[]) ON CONFLICT (version) DO NOTHING`,
        [spec.version, [...spec.numeric], [...spec.categorical]],
      );
      const [stored] = await sql.query<{ numeric: string[]; categorical: string[] }>(
        `SELECT numeric, categorical FROM feature_spec WHERE version = $1`,
        [spec.version],
      );
      if (stored.numeric.join() !== spec.numeric.join() || stored.categorical.join() !== spec.categorical.join())
        throw new AppError(
          'CONFLICT',
          `feature spec ${spec.version} is stored with other feature lists: give the changed spec a new version`,
        );
    },

    /** Removes a period's rows of a spec version (before they are written again). */
    async deletePeriod(specVersion: string, year: number, month: number): Promise<void> {
      await sql.query(`DELETE FROM case_feature WHERE spec_version = $1 AND year = $2 AND month = $3`, [specVersion, year, month]);
    },

    /** Writes rows with binary COPY. */
    async write(specVersion: string, rows: readonly FeatureRow[]): Promise<void> {
      if (rows.length) await sql.copyIn('case_feature', FEATURE_COLUMNS, [featureRowsBinary(specVersion, rows)], 'binary');
    },

    /** A batch of rows of a version in periods [from, to] (year × 100 + month) after a case id, in case id order. */
    async read(specVersion: string, from: number, to: number, afterId: string, limit: number): Promise<FeatureRow[]> {
      const rows = await sql.query<StoredFeatureRow>(
        `SELECT case_id::text AS case_id, year, month, smo, code_mo, usl_ok, num, cat FROM case_feature
          WHERE spec_version = $1 AND year * 100 + month BETWEEN $2 AND $3 AND case_id > $4::bigint
          ORDER BY case_feature.case_id LIMIT $5`, // the column: a bare case_id names the text output, ordering '10' before '9'
        [specVersion, from, to, afterId, limit],
      );
      return rows.map(featureRowOf);
    },
  };
}

interface CaseRow {
  id: string;
  year: number;
  month: number;
  smo: string | null;
  code_mo: string;
  file_kind: string;
  person_key: string;
  usl_ok: number | null;
  vidpom: number | null;
  for_pom: number | null;
  idsp: number | null;
  rslt: number | null;
  ishod: number | null;
  profil: number | null;
  ds1: string | null;
  n_ksg: string | null;
  iddokt: string | null;
  p_cel: string | null;
  d1: number;
  d2: number;
  kd_z: number | null;
  sumv: string;
  w: number | null;
  dr: number | null;
  rec: string;
}

interface HistoryRow {
  id: string;
  person_key: string;
  d1: number;
  d2: number;
  usl_ok: number | null;
  ds1: string | null;
  code_mo: string;
  profil: number | null;
  onk: string | null;
}
