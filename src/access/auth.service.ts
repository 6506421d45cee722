import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { asSystem } from '../db/scope.js';
import { DUMMY_HASH, hashPassword, MIN_PASSWORD, newSecret, secretHash, verifyPassword } from './password.js';
import { isRole, requiredOrganisation, type Principal, type Role } from './roles.js';
import { usersRepo, type UserRow } from './users.repo.js';
import { cachedCredential } from './credential-cache.js';

const HOUR = 3_600_000;
/** API tokens start with this, so a leaked one is recognisable (secret scanners, logs). */
export const TOKEN_PREFIX = 'omsx_';

const principal = (u: UserRow, via: Principal['via']): Principal => ({
  id: u.id,
  login: u.login,
  role: u.role,
  smo: u.smo,
  mo: u.mo,
  expert: u.expert_code,
  via,
});

/**
 * Creates a user; the organisation its role needs (`--smo` / `--mo`) is required, and an expert's code (`--expert`),
 * which must be an expert of the directory (`omsx experts import`): an expert sees the cases assigned to that code.
 */
export async function addUser(
  deps: Deps,
  u: { login: string; password: string; role: string; smo?: string | null; mo?: string | null; expert?: string | null },
): Promise<string> {
  if (!isRole(u.role)) throw new AppError('BAD_INPUT', `unknown role "${u.role}"`);
  const org = requiredOrganisation(u.role);
  if (org === 'smo' && !u.smo) throw new AppError('BAD_INPUT', `role ${u.role} needs --smo CODE (the insurer)`);
  if (org === 'mo' && !u.mo) throw new AppError('BAD_INPUT', `role ${u.role} needs --mo CODE (the medical organisation)`);
  if (u.role === 'expert' && !u.expert)
    throw new AppError('BAD_INPUT', 'role expert needs --expert CODE (their code in the experts directory, omsx experts import)');
  if (u.role !== 'expert' && u.expert) throw new AppError('BAD_INPUT', `--expert is for role expert only, not ${u.role}`);
  if (u.password.length < MIN_PASSWORD) throw new AppError('BAD_INPUT', `the password must have at least ${MIN_PASSWORD} characters`);
  if (!/^[a-z0-9][a-z0-9._-]{1,63}$/.test(u.login)) throw new AppError('BAD_INPUT', 'a login is 2–64 characters: a-z 0-9 . _ -');
  const passwordHash = await hashPassword(u.password);
  return asSystem(async () => {
    const repo = usersRepo(deps.db.sql);
    if (await repo.byLogin(u.login)) throw new AppError('CONFLICT', `user ${u.login} exists`);
    if (u.expert && !(await repo.expertExists(u.expert)))
      throw new AppError('BAD_INPUT', `expert ${u.expert} is not in the experts directory (omsx experts import FILE)`);
    return repo.insert({
      login: u.login,
      passwordHash,
      role: u.role as Role,
      smo: u.smo ?? null,
      mo: u.mo ?? null,
      expertCode: u.expert ?? null,
    });
  });
}

export interface SessionGrant {
  /** The cookie's value (only its hash is stored). */
  session: string;
  /** The CSRF token the client sends back in `X-CSRF-Token` on every state-changing request. */
  csrf: string;
  expiresAt: Date;
  user: Principal;
}

/** Checks a password and opens a session; null for a wrong login or password (the same answer and time for both). */
export async function login(deps: Deps, loginName: string, password: string): Promise<SessionGrant | null> {
  return asSystem(async () => {
    const repo = usersRepo(deps.db.sql);
    const u = await repo.byLogin(loginName);
    const ok = await verifyPassword(password, u?.password_hash ?? DUMMY_HASH);
    if (!u || !ok || u.disabled_at) return null;
    const session = newSecret();
    const csrf = newSecret();
    const expiresAt = new Date(deps.now().getTime() + deps.config.sessionTtlHours * HOUR);
    await repo.createSession(secretHash(session), u.id, csrf, expiresAt);
    return { session, csrf, expiresAt, user: principal(u, 'session') };
  });
}

/**
 * The user of a session cookie, with its CSRF token; undefined when the session is unknown, ended or expired.
 * A live session is kept for `OMSX_AUTH_CACHE_SECONDS` (credential-cache.ts: what that delays and what it does not).
 */
export function sessionPrincipal(deps: Deps, session: string): Promise<(Principal & { csrf: string }) | undefined> {
  const now = deps.now();
  return cachedCredential(deps.db.sql, 's:' + secretHash(session), deps.config.authCacheSeconds * 1000, now, () =>
    asSystem(async () => {
      const u = await usersRepo(deps.db.sql).sessionUser(secretHash(session), now);
      return u && { value: { ...principal(u, 'session'), csrf: u.csrf }, expiresAt: u.expires_at };
    }),
  );
}

/** The user of a Bearer token; undefined when it is unknown, revoked or expired (kept as a session is, above). */
export function tokenPrincipal(deps: Deps, token: string): Promise<Principal | undefined> {
  if (!token.startsWith(TOKEN_PREFIX)) return Promise.resolve(undefined);
  const now = deps.now();
  return cachedCredential(deps.db.sql, 't:' + secretHash(token), deps.config.authCacheSeconds * 1000, now, () =>
    asSystem(async () => {
      const u = await usersRepo(deps.db.sql).tokenUser(secretHash(token), now);
      return u && { value: principal(u, 'token'), expiresAt: u.expires_at };
    }),
  );
}

export function logout(deps: Deps, session: string): Promise<void> {
  return asSystem(() => usersRepo(deps.db.sql).revokeSession(secretHash(session), deps.now()));
}

/** Creates an API token for a user; the token is shown once (only its hash is stored). */
export async function createToken(
  deps: Deps,
  loginName: string,
  name: string,
  days: number,
): Promise<{ id: string; token: string; expiresAt: Date }> {
  return asSystem(async () => {
    const repo = usersRepo(deps.db.sql);
    const u = await repo.byLogin(loginName);
    if (!u) throw new AppError('NOT_FOUND', `no user ${loginName}`);
    if (u.disabled_at) throw new AppError('CONFLICT', `user ${loginName} is disabled`);
    const token = TOKEN_PREFIX + newSecret();
    const expiresAt = new Date(deps.now().getTime() + days * 24 * HOUR);
    const id = await repo.createToken(u.id, name, secretHash(token), expiresAt);
    return { id, token, expiresAt };
  });
}
