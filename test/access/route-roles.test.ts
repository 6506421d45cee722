import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../helpers/db.js';
import { signIn } from '../helpers/auth.js';
import { createDeps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/api/app.js';
import { ROUTE_ROLES, PUBLIC, routeKey } from '../../src/access/route-roles.js';

const db = await openTestDatabase('routeroles');
const deps = await createDeps(loadConfig({}), { db });
const app = await buildApp(deps);
await app.ready();
const doc = app.swagger() as {
  paths: Record<string, Record<string, { security?: unknown[]; description?: string }>>;
  components?: { securitySchemes?: Record<string, unknown> };
  security?: unknown[];
};
// OpenAPI writes /api/registers/{id}; Fastify and the table write /api/registers/:id
const fromOpenApi = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

describe('every route declares its roles', () => {
  it('every route of the OpenAPI document is in ROUTE_ROLES', () => {
    const missing: string[] = [];
    let n = 0;
    for (const [path, ops] of Object.entries(doc.paths))
      for (const method of Object.keys(ops)) {
        n++;
        const key = routeKey(method.toUpperCase(), fromOpenApi(path));
        if (!(key in ROUTE_ROLES)) missing.push(key);
      }
    expect(missing).toEqual([]);
    expect(n).toBeGreaterThanOrEqual(15);
  });

  it('every registered route (hidden ones too) is in the table, and the table names no route that does not exist', () => {
    const registered = new Set(app.routeKeys);
    expect([...registered].filter((k) => !(k in ROUTE_ROLES))).toEqual([]);
    expect(Object.keys(ROUTE_ROLES).filter((k) => !registered.has(k))).toEqual([]);
  });

  it('the OpenAPI document declares the security schemes, requires them by default, and names each route’s roles', () => {
    expect(Object.keys(doc.components?.securitySchemes ?? {}).sort()).toEqual(['bearerAuth', 'cookieAuth']);
    expect(doc.security).toEqual([{ bearerAuth: [] }, { cookieAuth: [] }]);
    expect(doc.paths['/api/auth/login'].post.security).toEqual([]);
    expect(doc.paths['/api/registers/{id}'].get.description).toContain('Roles: admin, tfoms, mo.');
    // said once, though a GET's HEAD route shares its schema
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [m, op] of Object.entries(ops as Record<string, { description?: string }>))
        expect((op.description ?? '').split('Roles: ').length, `${m} ${path}`).toBeLessThanOrEqual(2);
  });

  it('without credentials every non-public route answers 401; with a role not listed, 403', async () => {
    const mo = await signIn(app, deps, { role: 'mo', mo: '750001' });
    for (const [key, access] of Object.entries(ROUTE_ROLES)) {
      if (access === PUBLIC) continue;
      const [method, path] = key.split(' ');
      const url = path.replace(/:id/g, '1');
      const anon = await app.inject({ method: method as 'GET', url });
      expect(anon.statusCode, key).toBe(401);
      expect(anon.json().error).toBe('UNAUTHORIZED');
      if (Array.isArray(access) && !access.includes('mo')) {
        const r = await mo.inject({ method: method as 'GET', url, payload: method === 'GET' ? undefined : {} });
        expect(r.statusCode, key).toBe(403);
      }
    }
  });

  it('a route missing from the table is refused to everyone, admin included (fail closed)', async () => {
    const deps2 = await createDeps(loadConfig({}), { db });
    const app2 = await buildApp(deps2);
    app2.get('/api/undeclared', async () => ({ secret: 42 }));
    const admin = await signIn(app2, deps2, { role: 'admin' });
    const r = await admin.inject({ method: 'GET', url: '/api/undeclared' });
    expect(r.statusCode).toBe(403);
    expect(r.body).not.toContain('42');
  });
});
