/** `GET /api/cases/:id`: a case with its register data, findings, sanctions and expert conclusions with their history. */
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { conclusionsRepo } from './conclusions.repo.js';
import { scoresForCase } from '../scoring/scores.service.js';
import { reviewNsi } from './conclusions.service.js';
import type { Nsi } from '../nsi/nsi.js';

/**
 * PACIENT elements that identify the person (policy, ENP, the MO's patient id, documents): the case card leaves them
 * out; who needs them reads `GET /api/cases/:id/person`, which is audited.
 */
const PERSONAL = new Set(['ID_PAC', 'VPOLIS', 'SPOLIS', 'NPOLIS', 'ENP', 'ST_OKATO', 'VNOV_D', 'SOC', 'MSE']);

function withoutPersonalData(pacient: unknown): unknown {
  if (!pacient || typeof pacient !== 'object') return pacient;
  return Object.fromEntries(Object.entries(pacient).filter(([k]) => !PERSONAL.has(k)));
}

/** A sub-case (SL) of the case: its register element as JSON. */
interface SubCase {
  id: string;
  sl_id: string;
  sl: Record<string, unknown> | null;
}

/** A sanction (SANK) the register carries for the case. */
interface RegisterSank {
  s_code: string;
  s_sum: string | null;
  s_tip: number | null;
  s_tip_name: string | null;
  s_osn: number | null;
  s_osn_name: string | null;
  s_osn_item: string | null;
  date_act: string | null;
  num_act: string | null;
  sl_ids: string[];
  code_exp: string[];
}

/** An FLK/MEK finding of the case. */
interface CaseFinding {
  control: string;
  rule: string;
  severity: string;
  element: string | null;
  sl_id: string | null;
  idserv: string | null;
  message: string;
}

/** The name of a code of a classifier (V009 results, V012 outcomes) valid when the case ended, or any of its names. */
function nsiName(nsi: Nsi, table: string, code: unknown, onDate: unknown): string | null {
  if (code === null || code === undefined || code === '') return null;
  const date = typeof onDate === 'string' ? onDate : undefined;
  return nsi.name(table, String(code), date) ?? nsi.name(table, String(code)) ?? null;
}

/** Whether `case_score` exists (migration 0330; once there it stays), asked once per database. */
const scoreTables = new WeakMap<object, boolean>();

/**
 * The case card in at most four round trips, usually three: the case with its sub-cases, sanctions and findings (one
 * statement), its conclusions, their history (only when there are some), its scores. The chain of corrected copies
 * is followed only for a corrected copy (PR_NOV = 1): an original has no earlier case.
 */
export async function caseDetail(deps: Deps, id: string) {
  const sql = deps.db.sql;
  const [c] = await sql.query<
    Record<string, unknown> & {
      register_file_id: string;
      idcase: string;
      pr_nov: number;
      superseded_by: string | null;
      sub_cases: SubCase[];
      sanctions: RegisterSank[];
      findings: CaseFinding[];
    }
  >(
    `SELECT c.id::text, c.register_file_id::text, rf.file_name, c.n_zap, c.idcase, c.first_idcase, c.pr_nov, c.file_kind, c.code_mo,
            c.year, c.month, c.plat, c.smo, c.usl_ok, c.vidpom, c.for_pom, to_char(c.date_z_1, 'YYYY-MM-DD') AS date_z_1,
            to_char(c.date_z_2, 'YYYY-MM-DD') AS date_z_2, c.rslt, c.ishod, c.idsp, c.sumv::text, c.oplata, c.sump::text,
            c.sank_it::text, c.profil, c.ds1, c.n_ksg, c.status, c.superseded_by::text, c.pacient, c.zsl,
            (SELECT coalesce(json_agg(to_jsonb(s) - 'k' ORDER BY s.k), '[]') FROM (SELECT id AS k, id::text, sl_id, sl FROM sub_case WHERE case_id = c.id) s)
              AS sub_cases,
            (SELECT coalesce(json_agg(to_jsonb(s) - 'k' ORDER BY s.k), '[]') FROM (
               SELECT id AS k, s_code, s_sum::text, s_tip, s_tip_name, s_osn, s_osn_name, s_osn_item, to_char(date_act, 'YYYY-MM-DD') AS date_act,
                      num_act, sl_ids, code_exp FROM sank WHERE case_id = c.id) s) AS sanctions,
            (SELECT coalesce(json_agg(to_jsonb(f) - 'k' ORDER BY f.k), '[]') FROM (
               SELECT id AS k, control, rule, severity, element, sl_id, idserv, message FROM finding
                WHERE case_id = c.id OR (register_file_id = c.register_file_id AND idcase = c.idcase)) f) AS findings
       FROM "case" c JOIN register_file rf ON rf.id = c.register_file_id WHERE c.id = $1`,
    [id],
  );
  if (!c) throw new AppError('NOT_FOUND', `case ${id} not found`);
  const { sub_cases, sanctions, findings, ...row } = c;
  // conclusions are kept on the case as first billed: a corrected copy shows its original's, the original its own
  const repo = conclusionsRepo(sql);
  const root = c.pr_nov === 1 ? (await repo.roots([id])).get(id)! : id;
  const ids = [...new Set([id, root])];
  const conclusions = await repo.forCases(ids);
  const history = conclusions.length ? await repo.versions(conclusions.map((x) => x.id)) : [];
  // scores of every model version that scored the case (none before the risk model has run)
  let hasScores = scoreTables.get(sql);
  if (!hasScores) {
    hasScores = (await sql.query<{ t: string | null }>(`SELECT to_regclass('case_score')::text AS t`))[0].t !== null;
    if (hasScores) scoreTables.set(sql, true);
  }
  const scores = hasScores ? await scoresForCase(sql, id) : [];
  const nsi = await reviewNsi(deps.config);
  return {
    case: {
      ...row,
      rslt_name: nsiName(nsi, 'V009', c.rslt, c.date_z_2),
      ishod_name: nsiName(nsi, 'V012', c.ishod, c.date_z_2),
      pacient: withoutPersonalData(c.pacient),
    },
    scores,
    subCases: sub_cases,
    sanctions,
    findings,
    conclusions: conclusions.map((x) => ({ ...x, history: history.filter((h) => h.conclusion_id === x.id) })),
  };
}
