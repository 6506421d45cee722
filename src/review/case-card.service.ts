/**
 * What the expert's case card needs besides the case itself (case-detail.service.ts): the F014 table to pick codes
 * from, the sanction a conclusion would get (computed by the very code that stores one: prepareConclusions →
 * buildRow → sanctions.ts), and the patient's other cases. Every query runs in the request's scope, so row-level
 * security decides what an insurer's user sees: a case it may not see is NOT_FOUND, as one that does not exist.
 */
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { pseudonym } from '../access/pseudonym.js';
import { CONTROL_S_TIP, type Control } from './conclusion.js';
import { conclusionsRepo } from './conclusions.repo.js';
import { prepareConclusions, reviewNsi } from './conclusions.service.js';
import { f014Entries, searchF014, type F014Entry, type F014Query } from './f014-table.js';

/** The F014 codes matching a query. */
export async function findF014(deps: Deps, query: F014Query): Promise<{ total: number; items: F014Entry[] }> {
  const entries = f014Entries(await reviewNsi(deps.config));
  const all = searchF014(entries, { ...query, limit: Number.MAX_SAFE_INTEGER });
  return { total: all.length, items: all.slice(0, query.limit ?? 50) };
}

export interface SanctionQuery {
  f014: number[];
  control?: Control;
  s_tip?: number;
  date_act?: string;
}

/** The sanction a conclusion with these codes would be stored with; per code, the coefficients it was priced by. */
export async function previewSanction(deps: Deps, caseId: string, q: SanctionQuery) {
  const sql = deps.db.sql;
  const nsi = await reviewNsi(deps.config);
  const [seen] = await sql.query<{ id: string }>('SELECT id::text FROM "case" WHERE id = $1', [caseId]);
  if (!seen) throw new AppError('NOT_FOUND', `case ${caseId} not found`);
  const sTip = q.s_tip ?? CONTROL_S_TIP[q.control ?? 'MEE'];
  const prepared = await prepareConclusions(
    sql,
    nsi,
    [
      {
        caseId,
        slId: null,
        sTip,
        defect: q.f014.length > 0,
        f014: q.f014,
        amountKop: null,
        experts: [],
        dateAct: q.date_act ?? null,
        numAct: null,
        comment: null,
        reason: null,
        propensity: null,
        source: 'api',
        sourceRef: null,
      },
    ],
    false,
  );
  const row = prepared.rows[0];
  if (!row) throw new AppError('BAD_INPUT', prepared.errors[0]?.message ?? 'the sanction cannot be computed');
  const repo = conclusionsRepo(sql);
  const c = (await repo.cases([row.case_id])).get(row.case_id)!;
  const onDate = q.date_act ?? c.date_z_2;
  const norm = (await repo.norms()).get(c.year) ?? null;
  return {
    case_id: caseId,
    /** The case the sums are about: the original of a corrected case. */
    priced_case_id: row.case_id,
    control: row.control,
    s_tip: row.s_tip,
    case_sum_kop: c.sumv_kop,
    norm_kop: norm,
    year: c.year,
    codes: q.f014.map((code) => {
      const d = nsi.decodeSOsn(String(code), onDate);
      return { code, osn: d?.item ?? null, k_no: d?.kNo ?? null, k_sh: d?.kSh ?? null };
    }),
    amount_kop: row.amount_kop,
    fine_kop: row.fine_kop,
    /** True when a fine is due but the year's per-capita norm is not configured (storing the conclusion is refused). */
    fine_pending: row.fine_pending,
  };
}

interface TimelineRow {
  id: string;
  idcase: string;
  file_name: string;
  code_mo: string;
  smo: string | null;
  year: number;
  month: number;
  usl_ok: number | null;
  date_z_1: string | null;
  date_z_2: string | null;
  ds1: string | null;
  sumv: string | null;
  status: string;
  findings: number;
}

/**
 * The patient's cases (by the stored person key, never shown) that the caller may see, in date order, the case
 * itself marked `current`: dates, MO, USL_OK, DS1, sum, findings and conclusions; no personal data. Cases replaced
 * by a correction are left out (their correction is listed), except the case asked for.
 */
export async function caseTimeline(deps: Deps, caseId: string) {
  const sql = deps.db.sql;
  const [self] = await sql.query<{ person_key: string }>('SELECT person_key FROM "case" WHERE id = $1', [caseId]);
  if (!self) throw new AppError('NOT_FOUND', `case ${caseId} not found`);
  const rows = await sql.query<TimelineRow>(
    `SELECT c.id::text, c.idcase, rf.file_name, c.code_mo, COALESCE(c.smo, c.plat) AS smo, c.year, c.month, c.usl_ok,
            to_char(c.date_z_1, 'YYYY-MM-DD') AS date_z_1, to_char(c.date_z_2, 'YYYY-MM-DD') AS date_z_2, c.ds1, c.sumv::text, c.status,
            (SELECT count(*)::int FROM finding f WHERE f.case_id = c.id) AS findings
       FROM "case" c JOIN register_file rf ON rf.id = c.register_file_id
      WHERE c.person_key = $1 AND (c.status <> 'superseded' OR c.id = $2)
      ORDER BY c.date_z_1 NULLS LAST, c.date_z_2 NULLS LAST, c.id`,
    [self.person_key, caseId],
  );
  const repo = conclusionsRepo(sql);
  const roots = await repo.roots(rows.map((r) => r.id));
  const conclusions = await repo.forCases([...new Set([...rows.map((r) => r.id), ...roots.values()])]);
  const key = deps.config.pseudonymKey;
  return {
    /** The pseudonymous key of the person (HMAC of the person key), null when the installation has no key. */
    patient: key && key.length >= 32 ? pseudonym(key, self.person_key) : null,
    cases: rows.map((r) => {
      const about = new Set([r.id, roots.get(r.id)]);
      return {
        ...r,
        current: r.id === caseId,
        conclusions: conclusions
          .filter((k) => about.has(k.case_id))
          .map((k) => ({
            id: k.id,
            control: k.control,
            s_tip: k.s_tip,
            defect: k.defect,
            f014: k.f014,
            amount_kop: k.amount_kop,
            fine_kop: k.fine_kop,
            date_act: k.date_act,
            version: k.version,
          })),
      };
    }),
  };
}
