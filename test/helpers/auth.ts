import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { randomBytes } from 'node:crypto';
import type { Deps } from '../../src/deps.js';
import { buildApp } from '../../src/api/app.js';
import { addUser, createToken } from '../../src/access/auth.service.js';
import type { Role } from '../../src/access/roles.js';
import { asSystem } from '../../src/db/scope.js';

/** A user to sign in as: a role and, for an insurer's or an MO's user, the organisation. */
export interface TestUser {
  role: Role;
  smo?: string;
  mo?: string;
  /** An expert's code; for an expert without one, a test expert is added to the directory (they have nothing assigned). */
  expert?: string;
  login?: string;
}

/** A signed-in test user: its login, password and API token, and `inject` that sends the token. */
export interface SignedIn {
  login: string;
  password: string;
  token: string;
  inject(opts: InjectOptions): Promise<LightMyRequestResponse>;
}

/** Creates a user (real scrypt hash, real token) and returns an `inject` that calls `app` as that user. */
export async function signIn(app: FastifyInstance, deps: Deps, user: TestUser): Promise<SignedIn> {
  const login = user.login ?? `${user.role.replace(/_/g, '-')}-${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('base64url');
  let expert = user.expert ?? null;
  if (user.role === 'expert' && !expert) {
    expert = `T${randomBytes(4).toString('hex')}`;
    await asSystem(() => deps.db.sql.query(`INSERT INTO expert (code, name, capacity) VALUES ($1, 'test expert', 0)`, [expert]));
  }
  await addUser(deps, { login, password, role: user.role, smo: user.smo ?? null, mo: user.mo ?? null, expert });
  const { token } = await createToken(deps, login, 'test', 1);
  const send = app.inject.bind(app) as (o: InjectOptions) => Promise<LightMyRequestResponse>;
  return {
    login,
    password,
    token,
    inject: (opts) => send({ ...opts, headers: { ...opts.headers, authorization: `Bearer ${token}` } }),
  };
}

/**
 * The application whose `inject()` calls it as a signed-in user of `user.role` (authentication stays on: the
 * token is real and checked). For tests written before there were users.
 */
export async function buildAppAs(deps: Deps, user: TestUser): Promise<FastifyInstance & { user: SignedIn }> {
  const app = await buildApp(deps);
  const signed = await signIn(app, deps, user);
  app.inject = signed.inject as FastifyInstance['inject'];
  return Object.assign(app, { user: signed });
}
