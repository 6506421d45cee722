import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { auditRepo } from './audit.repo.js';
import { personalDataAccess, type Principal } from './roles.js';

/** The L-file's data of one person, as shown to a role that may see it. */
export interface PersonCard {
  caseId: string;
  idPac: string;
  fam: string | null;
  im: string | null;
  ot: string | null;
  w: number | null;
  dr: string | null;
  snils: string | null;
  /** The whole PERS element (documents, birthplace, representative…). */
  data: unknown;
}

export interface ReadContext {
  endpoint: string;
  reason?: string;
  ip?: string;
}

/**
 * The personal data of a case's patient, read inside the request's scope: the case must be visible to the user
 * (row-level security; otherwise NOT_FOUND, as for a case that does not exist), the role must be allowed (TFOMS with
 * a reason), and the read is written to the audit log in the same transaction. The `person` table is readable only
 * while `omsx.pd` is on, which is set here and nowhere else.
 */
export async function readCasePerson(deps: Deps, user: Principal, caseId: string, ctx: ReadContext): Promise<PersonCard> {
  const access = personalDataAccess(user.role);
  if (access === 'no') throw new AppError('FORBIDDEN', 'personal data is not available to your role');
  const reason = ctx.reason?.trim() || null;
  if (access === 'with-reason' && !reason) throw new AppError('BAD_INPUT', 'a reason is required to read personal data (?reason=…)');
  const sql = deps.db.sql;
  const [c] = await sql.query<{ id: string; person_key: string; register_file_id: string; id_pac: string }>(
    'SELECT id::text, person_key, register_file_id::text, id_pac FROM "case" WHERE id = $1',
    [caseId],
  );
  if (!c) throw new AppError('NOT_FOUND', `case ${caseId} not found`);
  await sql.query("SELECT set_config('omsx.pd', 'on', true)");
  const [p] = await sql.query<Omit<PersonCard, 'caseId' | 'idPac'>>(
    'SELECT fam, im, ot, w, dr::text AS dr, snils, data FROM person WHERE register_file_id = $1 AND id_pac = $2',
    [c.register_file_id, c.id_pac],
  );
  await sql.query("SELECT set_config('omsx.pd', 'off', true)");
  if (!p) throw new AppError('NOT_FOUND', `case ${caseId} has no personal data (no L-file record)`);
  await auditRepo(sql).append({
    userId: user.id,
    login: user.login,
    role: user.role,
    action: 'read-person',
    endpoint: ctx.endpoint,
    persons: [c.person_key],
    caseIds: [c.id],
    reason,
    ip: ctx.ip ?? null,
  });
  return { caseId: c.id, idPac: c.id_pac, ...p };
}
