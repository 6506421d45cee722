/** `GET /api/cases/:id`: a case with its register data, findings, sanctions and expert conclusions with their history. */
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { conclusionsRepo } from './conclusions.repo.js';
import { scoresForCase } from '../scoring/scores.service.js';

/**
 * PACIENT elements that identify the person (policy, ENP, the MO's patient id, documents): the case card leaves them
 * out; who needs them reads `GET /api/cases/:id/person`, which is audited.
 */
const PERSONAL = new Set(['ID_PAC', 'VPOLIS', 'SPOLIS', 'NPOLIS', 'ENP', 'ST_OKATO', 'VNOV_D', 'SOC', 'MSE']);

function withoutPersonalData(pacient: unknown): unknown {
  if (!pacient || typeof pacient !== 'object') return pacient;
  return Object.fromEntries(Object.entries(pacient).filter(([k]) => !PERSONAL.has(k)));
}

export async function caseDetail(deps: Deps, id: string) {
  const sql = deps.db.sql;
  const [c] = await sql.query<Record<string, unknown> & { register_file_id: string; idcase: string; superseded_by: string | null }>(
    `SELECT c.id::text, c.register_file_id::text, rf.file_name, c.n_zap, c.idcase, c.first_idcase, c.pr_nov, c.file_kind, c.code_mo,
            c.year, c.month, c.plat, c.smo, c.usl_ok, c.vidpom, c.for_pom, to_char(c.date_z_1, 'YYYY-MM-DD') AS date_z_1,
            to_char(c.date_z_2, 'YYYY-MM-DD') AS date_z_2, c.rslt, c.ishod, c.idsp, c.sumv::text, c.oplata, c.sump::text,
            c.sank_it::text, c.profil, c.ds1, c.n_ksg, c.status, c.superseded_by::text, c.pacient, c.zsl
       FROM "case" c JOIN register_file rf ON rf.id = c.register_file_id WHERE c.id = $1`,
    [id],
  );
  if (!c) throw new AppError('NOT_FOUND', `case ${id} not found`);
  const subCases = await sql.query(`SELECT id::text, sl_id, sl FROM sub_case WHERE case_id = $1 ORDER BY id`, [id]);
  const sanctions = await sql.query(
    `SELECT s_code, s_sum::text, s_tip, s_tip_name, s_osn, s_osn_name, s_osn_item, to_char(date_act, 'YYYY-MM-DD') AS date_act, num_act,
            sl_ids, code_exp FROM sank WHERE case_id = $1 ORDER BY id`,
    [id],
  );
  const findings = await sql.query(
    `SELECT control, rule, severity, element, sl_id, idserv, message FROM finding
      WHERE case_id = $1 OR (register_file_id = $2 AND idcase = $3) ORDER BY id`,
    [id, c.register_file_id, c.idcase],
  );
  // conclusions are kept on the case as first billed: a corrected copy shows its original's, the original its own
  const repo = conclusionsRepo(sql);
  const roots = await repo.roots([id]);
  const ids = [...new Set([id, roots.get(id)!])];
  const conclusions = await repo.forCases(ids);
  const history = await repo.versions(conclusions.map((x) => x.id));
  // scores of every model version that scored the case (none before the risk model has run)
  const hasScores = (await sql.query<{ t: string | null }>(`SELECT to_regclass('case_score')::text AS t`))[0].t !== null;
  const scores = hasScores ? await scoresForCase(sql, id) : [];
  return {
    case: { ...c, pacient: withoutPersonalData(c.pacient) },
    scores,
    subCases,
    sanctions,
    findings,
    conclusions: conclusions.map((x) => ({ ...x, history: history.filter((h) => h.conclusion_id === x.id) })),
  };
}
