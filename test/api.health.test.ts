import { describe, expect, it } from 'vitest';
import { openTestDatabase } from './helpers/db.js';
import { createDeps } from '../src/deps.js';
import { loadConfig } from '../src/config.js';
import { buildAppAs } from './helpers/auth.js';

const db = await openTestDatabase('api');
const deps = await createDeps(loadConfig({}), { db });
const app = await buildAppAs(deps, { role: 'admin' });

describe('api shell', () => {
  it('answers /health with the database kind', async () => {
    const r = await app.inject({ method: 'GET', url: '/health' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ ok: true, db: 'postgres' });
  });
  it('serves the OpenAPI document', async () => {
    const r = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(r.statusCode).toBe(200);
    expect(r.json().openapi).toMatch(/^3\./);
  });
  it('unknown routes are 404', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/nothing' })).statusCode).toBe(404);
  });
});
