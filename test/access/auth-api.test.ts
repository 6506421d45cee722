import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../helpers/db.js';
import { createDeps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/api/app.js';
import { addUser, createToken } from '../../src/access/auth.service.js';
import { usersRepo } from '../../src/access/users.repo.js';

const db = await openTestDatabase('authapi');
let clock = new Date('2026-03-01T08:00:00Z');
const deps = await createDeps(loadConfig({ OMSX_LOGIN_RATE: '5', OMSX_SESSION_TTL_HOURS: '8' }), { db, now: () => clock });
const app = await buildApp(deps);
await addUser(deps, { login: 'planner', password: 'correct horse battery', role: 'tfoms' });
await addUser(deps, { login: 'other', password: 'another secret 1', role: 'tfoms' });

const login = (l: string, password: string, ip = '10.0.0.1') =>
  app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: l, password }, remoteAddress: ip });
const cookiesOf = (r: { cookies: Array<{ name: string; value: string }> }) => Object.fromEntries(r.cookies.map((c) => [c.name, c.value]));
const plan = { year: 2026, reason: 'initial', lines: [{ mo: '750001', uslOk: 1, volume: 10, amountKop: 1000 }] };

describe('sessions', () => {
  it('login sets an HttpOnly SameSite=Strict session cookie; me answers the user; logout ends the session', async () => {
    const r = await login('planner', 'correct horse battery', '10.0.0.2');
    expect(r.statusCode).toBe(200);
    const set = r.headers['set-cookie'] as string[];
    const session = set.find((c) => c.startsWith('omsx_session='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Strict/i);
    expect(session).toMatch(/Path=\//);
    expect(set.find((c) => c.startsWith('omsx_csrf='))).not.toMatch(/HttpOnly/i);
    const { csrf, user } = r.json();
    expect(user).toEqual({ login: 'planner', role: 'tfoms', smo: null, mo: null });
    const cookies = cookiesOf(r);
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', cookies });
    expect(me.json()).toEqual({ user, csrf });
    // the session's value is not what is stored
    expect(await db.sql.query('SELECT 1 FROM app_session WHERE id = $1', [cookies.omsx_session])).toHaveLength(0);

    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', cookies, headers: { 'x-csrf-token': csrf } });
    expect(out.statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', cookies })).statusCode).toBe(401);
  });

  it('a wrong password and an unknown login get the same 401', async () => {
    const a = await login('planner', 'wrong password!', '10.0.0.3');
    const b = await login('nobody', 'wrong password!', '10.0.0.3');
    expect([a.statusCode, b.statusCode]).toEqual([401, 401]);
    expect(a.json()).toEqual(b.json());
  });

  it('a state-changing request on a session needs its CSRF token; a Bearer token does not', async () => {
    const r = await login('planner', 'correct horse battery', '10.0.0.4');
    const cookies = cookiesOf(r);
    const noToken = await app.inject({ method: 'POST', url: '/api/plans', cookies, payload: plan });
    expect(noToken.statusCode).toBe(403);
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/plans',
      cookies,
      payload: plan,
      headers: { 'x-csrf-token': 'x'.repeat(43) },
    });
    expect(wrong.statusCode).toBe(403);
    // another session's token is wrong too
    const other = (await login('other', 'another secret 1', '10.0.0.4')).json().csrf;
    expect(
      (await app.inject({ method: 'POST', url: '/api/plans', cookies, payload: plan, headers: { 'x-csrf-token': other } })).statusCode,
    ).toBe(403);
    const ok = await app.inject({ method: 'POST', url: '/api/plans', cookies, payload: plan, headers: { 'x-csrf-token': r.json().csrf } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().author).toBe('planner');
    const { token } = await createToken(deps, 'planner', 'ci', 1);
    const bearer = await app.inject({ method: 'POST', url: '/api/plans', payload: plan, headers: { authorization: `Bearer ${token}` } });
    expect(bearer.statusCode).toBe(201);
  });

  it('a session expires after OMSX_SESSION_TTL_HOURS; a token after its days; both end when the user is disabled', async () => {
    await addUser(deps, { login: 'temp', password: 'temporary pass', role: 'tfoms' });
    const cookies = cookiesOf(await login('temp', 'temporary pass', '10.0.0.5'));
    const { token, id } = await createToken(deps, 'temp', 'x', 2);
    const me = (h: Record<string, unknown>) => app.inject({ method: 'GET', url: '/api/auth/me', ...h }).then((r) => r.statusCode);
    const bearer = { headers: { authorization: `Bearer ${token}` } };
    expect([await me({ cookies }), await me(bearer)]).toEqual([200, 200]);
    clock = new Date(clock.getTime() + 8 * 3600_000 + 1000);
    expect([await me({ cookies }), await me(bearer)]).toEqual([401, 200]);
    clock = new Date(clock.getTime() + 2 * 24 * 3600_000);
    expect(await me(bearer)).toBe(401);
    clock = new Date('2026-03-01T08:00:00Z');
    expect(await me(bearer)).toBe(200);
    await usersRepo(db.sql).revokeToken(id, clock);
    expect(await me(bearer)).toBe(401);
    const { token: t2 } = await createToken(deps, 'temp', 'y', 2);
    await usersRepo(db.sql).disable('temp', clock);
    expect(await me({ headers: { authorization: `Bearer ${t2}` } })).toBe(401);
    expect((await login('temp', 'temporary pass', '10.0.0.5')).statusCode).toBe(401);
  });
});

describe('hardening', () => {
  it('login is rate-limited per address (OMSX_LOGIN_RATE per minute)', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await login('planner', 'wrong password!', '10.9.9.9')).statusCode);
    expect(codes).toEqual([401, 401, 401, 401, 401, 429, 429]);
    // another address is not affected
    expect((await login('planner', 'correct horse battery', '10.9.9.8')).statusCode).toBe(200);
  });

  it('security headers, no CORS, a JSON body limit, no stack or SQL in errors', async () => {
    const r = await app.inject({ method: 'GET', url: '/health', headers: { origin: 'https://evil.example' } });
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    const big = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: JSON.stringify({ login: 'x', password: 'y'.repeat(2 * 1024 * 1024) }),
      headers: { 'content-type': 'application/json' },
      remoteAddress: '10.0.0.7',
    });
    expect(big.statusCode).toBe(413);
    const { token } = await createToken(deps, 'planner', 'z', 1);
    // a plan id past bigint: PostgreSQL refuses it; the answer names no SQL and no stack
    const bad = await app.inject({
      method: 'GET',
      url: '/api/plans/99999999999999999999999',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(bad.statusCode).toBe(500);
    expect(bad.json()).toEqual({ error: 'INTERNAL', message: 'internal error' });
  });
});
