import type { SqlPort } from '../db/sql.port.js';

/** One audited read of personal data. */
export interface AuditEntry {
  userId: string | null;
  login: string;
  role: string;
  action: string;
  endpoint: string;
  persons: readonly string[];
  caseIds: readonly string[];
  reason: string | null;
  ip: string | null;
}

export interface AuditRow {
  id: string;
  at: Date;
  login: string;
  role: string;
  action: string;
  endpoint: string;
  persons: string[];
  case_ids: string[];
  reason: string | null;
  ip: string | null;
}

/** The append-only audit log (the table refuses UPDATE, DELETE and TRUNCATE, migration 0500_access). */
export function auditRepo(sql: SqlPort) {
  return {
    async append(e: AuditEntry): Promise<void> {
      await sql.query(
        `INSERT INTO audit_log (user_id, login, role, action, endpoint, persons, case_ids, reason, ip)
         VALUES ($1, $2, $3, $4, $5, $6::text[], $7::bigint[], $8, $9)`,
        [e.userId, e.login, e.role, e.action, e.endpoint, e.persons, e.caseIds, e.reason, e.ip],
      );
    },
    /** A page of the entries with `from <= at < to` (of one login when given), newest first, and how many there are. */
    async page(
      from: Date,
      to: Date,
      opts: { login?: string; limit: number; offset: number },
    ): Promise<{ total: number; rows: AuditRow[] }> {
      const login = opts.login ?? null;
      const [{ n }] = await sql.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM audit_log WHERE at >= $1 AND at < $2 AND ($3::text IS NULL OR login = $3)',
        [from, to, login],
      );
      const rows = await sql.query<AuditRow>(
        `SELECT id::text, at, login, role, action, endpoint, persons, case_ids::text[] AS case_ids, reason, ip
           FROM audit_log WHERE at >= $1 AND at < $2 AND ($3::text IS NULL OR login = $3) ORDER BY id DESC LIMIT $4 OFFSET $5`,
        [from, to, login, opts.limit, opts.offset],
      );
      return { total: n, rows };
    },
    /** Entries with `from <= at < to`, oldest first. */
    list(from: Date, to: Date, limit = 100_000): Promise<AuditRow[]> {
      return sql.query<AuditRow>(
        `SELECT id::text, at, login, role, action, endpoint, persons, case_ids::text[] AS case_ids, reason, ip
           FROM audit_log WHERE at >= $1 AND at < $2 ORDER BY id LIMIT $3`,
        [from, to, limit],
      );
    },
  };
}
