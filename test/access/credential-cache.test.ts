import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../helpers/db.js';
import { createDeps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/api/app.js';
import { addUser, createToken } from '../../src/access/auth.service.js';

const db = await openTestDatabase('credcache');
// a five-second cache (long enough for the steps between, on a loaded machine), so that "within OMSX_AUTH_CACHE_SECONDS" can be waited for
const deps = await createDeps(loadConfig({ OMSX_AUTH_CACHE_SECONDS: '5', OMSX_LOGIN_RATE: '100' }), { db });
const app = await buildApp(deps);
const uncached = await buildApp(await createDeps(loadConfig({ OMSX_AUTH_CACHE_SECONDS: '0' }), { db }));
await addUser(deps, { login: 'reader', password: 'reader password', role: 'tfoms' });

const me = (a = app, headers: Record<string, string> = {}, cookies: Record<string, string> = {}) =>
  a.inject({ method: 'GET', url: '/api/auth/me', headers, cookies }).then((r) => r.statusCode);
// a change made by another process (the CLI, a second API process): straight in the database, not through usersRepo
const elsewhere = (sql: string, params: unknown[]) => db.sql.query(sql, params);
const sessionRows = () => db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM app_session WHERE revoked_at IS NULL');

describe('credential cache', () => {
  it('a token revoked by another process is refused within OMSX_AUTH_CACHE_SECONDS; with 0, at once', async () => {
    const { token, id } = await createToken(deps, 'reader', 'etl', 1);
    const bearer = { authorization: `Bearer ${token}` };
    expect([await me(app, bearer), await me(uncached, bearer)]).toEqual([200, 200]);
    await elsewhere('UPDATE api_token SET revoked_at = now() WHERE id = $1', [id]);
    expect(await me(uncached, bearer)).toBe(401);
    expect(await me(app, bearer)).toBe(200); // still trusted from the cache, for at most five seconds
    await new Promise((r) => setTimeout(r, 5100));
    expect(await me(app, bearer)).toBe(401);
  });

  it('logout in this process ends the session at once, though it was cached', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'reader', password: 'reader password' } });
    const cookies = Object.fromEntries(r.cookies.map((c) => [c.name, c.value]));
    expect(await me(app, {}, cookies)).toBe(200);
    expect(await me(app, {}, cookies)).toBe(200);
    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', cookies, headers: { 'x-csrf-token': r.json().csrf } });
    expect(out.statusCode).toBe(204);
    expect(await me(app, {}, cookies)).toBe(401);
  });

  it('a cached session is not read again on each request, and an unknown one is never cached', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'reader', password: 'reader password' } });
    const cookies = Object.fromEntries(r.cookies.map((c) => [c.name, c.value]));
    expect(await me(app, {}, cookies)).toBe(200);
    // the session row is gone from the database, yet the cached session answers until the cache time is over
    const live = (await sessionRows())[0].n;
    await elsewhere('UPDATE app_session SET revoked_at = now() WHERE revoked_at IS NULL', []);
    expect((await sessionRows())[0].n).toBe(0);
    expect(live).toBeGreaterThan(0);
    expect(await me(app, {}, cookies)).toBe(200);
    await new Promise((r) => setTimeout(r, 5100));
    expect(await me(app, {}, cookies)).toBe(401);
    // a wrong token is checked every time: it does not become valid, and a valid one made later is accepted at once
    expect(await me(app, { authorization: 'Bearer omsx_nope' })).toBe(401);
    const { token } = await createToken(deps, 'reader', 'later', 1);
    expect(await me(app, { authorization: `Bearer ${token}` })).toBe(200);
  });
});
