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
  /** An expert's code (null for other roles). */
  expert: string | null;
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
    expert,
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

/**
 * Assigns cases to an expert as selection would (a worklist item of `control` per case, state `assigned`), so that
 * the expert, who reaches only the cases assigned to them, may open them. Items that exist are reassigned.
 */
export async function assignCases(deps: Deps, expert: string, caseIds: readonly string[], control: 'MEE' | 'EKMP' = 'MEE'): Promise<void> {
  await asSystem(() =>
    deps.db.sql.query(
      `WITH c AS (SELECT id, year, month, coalesce(smo, plat) AS smo, code_mo, usl_ok FROM "case" WHERE id = ANY($1::bigint[])),
            w AS (INSERT INTO worklist (year, month, smo, control, usl_ok, quota, cases, seed)
                  SELECT DISTINCT year, month, smo, $2, coalesce(usl_ok, 1), 1, 1, 1 FROM c
                  ON CONFLICT DO NOTHING RETURNING id, year, month, smo, usl_ok)
       INSERT INTO worklist_item (worklist_id, case_id, control, s_tip, arm, state, expert_code, year, month, smo, code_mo, usl_ok)
       SELECT coalesce(
                (SELECT w.id FROM w WHERE (w.year, w.month, w.smo, w.usl_ok) = (c.year, c.month, c.smo, coalesce(c.usl_ok, 1))),
                (SELECT x.id FROM worklist x WHERE (x.year, x.month, x.smo, x.control, x.usl_ok) = (c.year, c.month, c.smo, $2, coalesce(c.usl_ok, 1)))),
              c.id, $2, CASE WHEN $2 = 'MEE' THEN 50 ELSE 70 END, 'manual', 'assigned', $3, c.year, c.month, c.smo, c.code_mo, c.usl_ok
         FROM c
       ON CONFLICT (case_id, control) DO UPDATE SET expert_code = EXCLUDED.expert_code, state = 'assigned'`,
      [caseIds, control, expert],
    ),
  );
}
