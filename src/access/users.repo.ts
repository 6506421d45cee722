import type { SqlPort } from '../db/sql.port.js';
import type { Role } from './roles.js';
import { credentialsChanged } from './credential-cache.js';

/** A stored user (without the hash, except where the service needs it). */
export interface UserRow {
  id: string;
  login: string;
  role: Role;
  smo: string | null;
  mo: string | null;
  /** An expert's code (table `expert`). */
  expert_code: string | null;
  created_at: Date;
  disabled_at: Date | null;
}

const USER = 'u.id::text, u.login, u.role, u.smo, u.mo, u.expert_code, u.created_at, u.disabled_at';

/** Users, sessions and API tokens. Secrets are stored as SHA-256 (`password.ts`), passwords as scrypt hashes. */
export function usersRepo(sql: SqlPort) {
  return {
    async insert(u: {
      login: string;
      passwordHash: string;
      role: Role;
      smo: string | null;
      mo: string | null;
      expertCode?: string | null;
    }): Promise<string> {
      const r = await sql.query<{ id: string }>(
        'INSERT INTO app_user (login, password_hash, role, smo, mo, expert_code) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::text',
        [u.login, u.passwordHash, u.role, u.smo, u.mo, u.expertCode ?? null],
      );
      return r[0].id;
    },
    /** Whether `code` is an expert of the directory (table `expert`). */
    async expertExists(code: string): Promise<boolean> {
      return (await sql.query('SELECT 1 FROM expert WHERE code = $1', [code])).length > 0;
    },
    async setPassword(login: string, passwordHash: string): Promise<boolean> {
      const r = await sql.query('UPDATE app_user SET password_hash = $2 WHERE login = $1 RETURNING id', [login, passwordHash]);
      credentialsChanged();
      return r.length > 0;
    },
    async byLogin(login: string): Promise<(UserRow & { password_hash: string }) | undefined> {
      const r = await sql.query<UserRow & { password_hash: string }>(`SELECT ${USER}, u.password_hash FROM app_user u WHERE u.login = $1`, [
        login,
      ]);
      return r[0];
    },
    list(): Promise<UserRow[]> {
      return sql.query<UserRow>(`SELECT ${USER} FROM app_user u ORDER BY u.login`);
    },
    /** Disables a user and ends their sessions and tokens at once. */
    async disable(login: string, at: Date): Promise<boolean> {
      const r = await sql.query<{ id: string }>('UPDATE app_user SET disabled_at = $2 WHERE login = $1 RETURNING id::text', [login, at]);
      credentialsChanged();
      if (!r.length) return false;
      await sql.query('UPDATE app_session SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL', [r[0].id, at]);
      await sql.query('UPDATE api_token SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL', [r[0].id, at]);
      credentialsChanged();
      return true;
    },
    async createSession(id: string, userId: string, csrf: string, expiresAt: Date) {
      await sql.query('INSERT INTO app_session (id, user_id, csrf, expires_at) VALUES ($1, $2, $3, $4)', [id, userId, csrf, expiresAt]);
    },
    /** The live session's user: not revoked, not expired, the user not disabled. */
    async sessionUser(id: string, now: Date): Promise<(UserRow & { csrf: string; expires_at: Date }) | undefined> {
      const r = await sql.query<UserRow & { csrf: string; expires_at: Date }>(
        `SELECT ${USER}, s.csrf, s.expires_at FROM app_session s JOIN app_user u ON u.id = s.user_id
          WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND u.disabled_at IS NULL`,
        [id, now],
      );
      return r[0];
    },
    async revokeSession(id: string, at: Date) {
      await sql.query('UPDATE app_session SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [id, at]);
      credentialsChanged();
    },
    async createToken(userId: string, name: string, hash: string, expiresAt: Date): Promise<string> {
      const r = await sql.query<{ id: string }>(
        'INSERT INTO api_token (user_id, name, token_hash, expires_at) VALUES ($1, $2, $3, $4) RETURNING id::text',
        [userId, name, hash, expiresAt],
      );
      return r[0].id;
    },
    /** The live token's user; its last use is recorded at most once a minute (not a write on every request). */
    async tokenUser(hash: string, now: Date): Promise<(UserRow & { expires_at: Date }) | undefined> {
      const r = await sql.query<UserRow & { token_id: string; last_used_at: Date | null; expires_at: Date }>(
        `SELECT ${USER}, t.id::text AS token_id, t.last_used_at, t.expires_at FROM api_token t JOIN app_user u ON u.id = t.user_id
          WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > $2 AND u.disabled_at IS NULL`,
        [hash, now],
      );
      const t = r[0];
      if (!t) return undefined;
      if (!t.last_used_at || now.getTime() - t.last_used_at.getTime() > 60_000)
        await sql.query('UPDATE api_token SET last_used_at = $2 WHERE id = $1', [t.token_id, now]);
      const { token_id: _id, last_used_at: _last, ...user } = t;
      return user;
    },
    listTokens() {
      return sql.query<{
        id: string;
        login: string;
        name: string;
        created_at: Date;
        expires_at: Date;
        revoked_at: Date | null;
        last_used_at: Date | null;
      }>(
        `SELECT t.id::text, u.login, t.name, t.created_at, t.expires_at, t.revoked_at, t.last_used_at
           FROM api_token t JOIN app_user u ON u.id = t.user_id ORDER BY t.id`,
      );
    },
    async revokeToken(id: string, at: Date): Promise<boolean> {
      const r = await sql.query('UPDATE api_token SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id', [id, at]);
      credentialsChanged();
      return r.length > 0;
    },
  };
}
