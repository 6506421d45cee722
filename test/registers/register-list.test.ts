/**
 * GET /api/registers (the package list), the findings by rule of GET /api/registers/:id, the protocol's download name
 * and the paged audit log, on the real PostgreSQL under row-level security: an MO's user sees only its MO's packages.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { openTestDatabase } from '../helpers/db.js';
import { lFileFor, multiRecordH, tempDir, writeZip } from '../helpers/registers.js';
import { signIn, assignCases } from '../helpers/auth.js';
import { createDeps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/api/app.js';
import { ingestPackage } from '../../src/registers/ingest/ingest.service.js';
import { inProcessQueue } from '../../src/jobs/in-process.queue.js';
import { openDatabase } from '../../src/db/database.js';
import { runInScope } from '../../src/db/scope.js';
import { dbScopeOf } from '../../src/access/access.plugin.js';
import { listPackages } from '../../src/registers/package-list.service.js';
import type { Principal, Role } from '../../src/access/roles.js';

const db = await openTestDatabase('reglist');
const dir = tempDir();
const errors: unknown[] = [];
const queue = inProcessQueue((_, e) => errors.push(e));
const deps = await createDeps(loadConfig({ OMSX_HOME: dir }), { db, queue });
queue.attach(deps);

// MO 750096: 3 records, record 2 with an empty DS1 and record 3 with an empty DS1 too (two findings of one rule)
const zipA = await writeZip(join(dir, 'HM750096T75_21041.zip'), [
  {
    name: 'HM750096T75_21041.XML',
    content: multiRecordH(3, { mutate: (z, i) => (i >= 2 ? z.replace('<DS1>L42</DS1>', '<DS1></DS1>') : z) }),
  },
  { name: 'LM750096T75_21041.XML', content: lFileFor(3) },
]);
// MO 750097: 2 clean records
const zipB = await writeZip(join(dir, 'HM750097T75_21041.zip'), [
  { name: 'HM750097T75_21041.XML', content: multiRecordH(2, { fileName: 'HM750097T75_21041' }).replace(/750096/g, '750097') },
  { name: 'LM750097T75_21041.XML', content: lFileFor(2, 'HM750097T75_21041') },
]);
const pkgA = await ingestPackage(deps, [zipA], { workers: false });
const pkgB = await ingestPackage(deps, [zipB], { workers: false });

const app = await buildApp(deps);
const admin = await signIn(app, deps, { role: 'admin' });
const tfoms = await signIn(app, deps, { role: 'tfoms' });
const moA = await signIn(app, deps, { role: 'mo', mo: '750096' });
const moB = await signIn(app, deps, { role: 'mo', mo: '750097' });
const smo = await signIn(app, deps, { role: 'smo_coordinator', smo: '75001' });
afterAll(async () => {
  await app.close();
  await deps.close();
});

interface Line {
  id: string;
  source: string;
  status: string;
  mos: string[];
  periods: string[];
  counts: { files: number; cases: number; accepted: number; rejected: number; findings: number };
  files: Array<{ file: string; status: string; cases: number }>;
  rules: Array<{ control: string; rule: string; count: number; name: string }>;
  ruleCount: number;
}
const list = async (user: typeof admin, query = '') => {
  const r = await user.inject({ method: 'GET', url: `/api/registers${query}` });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as { total: number; page: number; pageSize: number; items: Line[] };
};
const byRule = async (packageId: string) =>
  db.sql.query<{ control: string; rule: string; count: number }>(
    'SELECT control, rule, count(*)::int AS count FROM finding WHERE package_id = $1 GROUP BY 1, 2 ORDER BY 3 DESC, 2',
    [packageId],
  );

describe('GET /api/registers', () => {
  it('lists every package for admin and TFOMS, newest first, with counts, files and findings by rule (no server paths)', async () => {
    const all = await list(admin);
    expect(all.total).toBe(2);
    expect(all.items.map((p) => p.id)).toEqual([pkgB.packageId, pkgA.packageId]);
    const a = all.items[1];
    expect(a).toMatchObject({
      source: 'HM750096T75_21041.zip',
      status: 'done',
      mos: ['750096'],
      counts: { files: 1, cases: 3, accepted: 1, rejected: 2 },
    });
    expect(a.periods).toHaveLength(1);
    expect(a.files.map((f) => f.file)).toEqual(['HM750096T75_21041.XML']);
    // the two empty DS1: two findings of one rule, the same the finding table holds
    const stored = await byRule(pkgA.packageId);
    expect(stored.reduce((n, r) => n + r.count, 0)).toBeGreaterThanOrEqual(2);
    expect(a.rules.map(({ control, rule, count }) => ({ control, rule, count }))).toEqual(stored.slice(0, 5));
    expect(a.ruleCount).toBe(stored.length);
    expect(a.rules[0].count).toBe(2);
    expect(a.rules[0].name).toMatch(/DS1/);
    expect(all.items[0]).toMatchObject({ mos: ['750097'], counts: { cases: 2, accepted: 2, rejected: 0, findings: 0 }, rules: [] });
    expect(JSON.stringify(all)).not.toContain(dir);
    expect((await list(tfoms)).total).toBe(2);
  });

  it("an MO's user sees its own MO's packages only, whatever it asks for", async () => {
    expect((await list(moA)).items.map((p) => p.id)).toEqual([pkgA.packageId]);
    expect((await list(moB)).items.map((p) => p.id)).toEqual([pkgB.packageId]);
    expect(await list(moA, '?mo=750097')).toMatchObject({ total: 0, items: [] });
    expect((await smo.inject({ method: 'GET', url: '/api/registers' })).statusCode).toBe(403);
  });

  it('filters by MO, status and period, and pages', async () => {
    expect((await list(admin, '?mo=750097')).items.map((p) => p.id)).toEqual([pkgB.packageId]);
    expect((await list(admin, '?status=rejected')).total).toBe(0);
    expect((await list(admin, '?status=done')).total).toBe(2);
    const [period] = (await list(admin)).items[0].periods;
    expect((await list(admin, `?period=${period}`)).total).toBe(2);
    expect((await list(admin, '?period=1999-01')).total).toBe(0);
    const p2 = await list(admin, '?page=2&pageSize=1');
    expect(p2).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(p2.items.map((p) => p.id)).toEqual([pkgA.packageId]);
    const bad = await admin.inject({ method: 'GET', url: '/api/registers?period=2025-13' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/period 2025-13/);
    expect((await admin.inject({ method: 'GET', url: '/api/registers?status=weird' })).statusCode).toBe(400);
  });

  it('an upload by an MO user shows in its list (and not in the other MO’s) once processed', async () => {
    const bytes = readFileSync(
      await writeZip(join(tempDir(), 'HM750096T75_21042.zip'), [
        { name: 'HM750096T75_21042.XML', content: multiRecordH(1, { fileName: 'HM750096T75_21042' }) },
        { name: 'LM750096T75_21042.XML', content: lFileFor(1, 'HM750096T75_21042') },
      ]),
    );
    const boundary = '----omsxlist';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="HM750096T75_21042.zip"\r\n\r\n`),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const up = await moA.inject({
      method: 'POST',
      url: '/api/registers',
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(up.statusCode, up.body).toBe(202);
    await queue.idle();
    const mine = await list(moA);
    expect(mine.items.map((p) => p.id)).toEqual([up.json().id, pkgA.packageId]);
    expect(mine.items[0]).toMatchObject({ source: 'HM750096T75_21042.zip', status: 'done', counts: { cases: 1, accepted: 1 } });
    expect((await list(moB)).items.map((p) => p.id)).toEqual([pkgB.packageId]);
    expect(errors).toEqual([]);
  });
});

describe('GET /api/registers/:id findings by rule, and the protocol download', () => {
  it('returns every rule of the package with its count and description', async () => {
    const r = await moA.inject({ method: 'GET', url: `/api/registers/${pkgA.packageId}` });
    expect(r.statusCode).toBe(200);
    const rules = r.json().rules as Array<{ control: string; rule: string; count: number; name: string }>;
    expect(rules.map(({ control, rule, count }) => ({ control, rule, count }))).toEqual(await byRule(pkgA.packageId));
    for (const x of rules) expect(x.name.length).toBeGreaterThan(0);
    expect((await moB.inject({ method: 'GET', url: `/api/registers/${pkgA.packageId}` })).statusCode).toBe(404);
  });

  it('names the FLK_P download as the official protocol file (HM… → VM….xml)', async () => {
    const r = await admin.inject({ method: 'GET', url: `/api/registers/${pkgA.packageId}/protocol` });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/xml; charset=windows-1251');
    expect(r.headers['content-disposition']).toBe(`attachment; filename="VM750096T75_21041.xml"; filename*=UTF-8''VM750096T75_21041.xml`);
    expect(r.rawPayload.subarray(0, 60).toString('latin1')).toMatch(/^<\?xml version="1\.0" encoding="windows-1251"\?>\s*<FLK_P>/);
  });
});

describe('GET /api/audit paged and by login', () => {
  it('pages the reads of a period newest first, filtered by login', async () => {
    const [c] = await db.sql.query<{ id: string }>(`SELECT id::text FROM "case" WHERE code_mo = '750096' AND smo = '75001' LIMIT 1`);
    const expert = await signIn(app, deps, { role: 'expert', smo: '75001' });
    await assignCases(deps, expert.expert!, [c.id]);
    for (const u of [smo, expert, smo]) expect((await u.inject({ method: 'GET', url: `/api/cases/${c.id}/person` })).statusCode).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const q = (extra: string) => tfoms.inject({ method: 'GET', url: `/api/audit?from=${today}&to=${tomorrow}${extra}` });
    const all = (await q('')).json();
    expect(all.entries.map((e: { login: string }) => e.login)).toEqual([smo.login, expert.login, smo.login]);
    const p1 = (await q('&page=1&pageSize=2')).json();
    expect(p1).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(p1.entries.map((e: { id: string }) => e.id)).toEqual([all.entries[2].id, all.entries[1].id]);
    const own = (await q(`&login=${smo.login}`)).json();
    expect(own.total).toBe(2);
    expect(own.entries.map((e: { login: string; case_ids: string[] }) => [e.login, e.case_ids])).toEqual([
      [smo.login, [c.id]],
      [smo.login, [c.id]],
    ]);
    expect((await q('&login=nobody')).json()).toMatchObject({ total: 0, entries: [] });
    expect((await moA.inject({ method: 'GET', url: `/api/audit?from=${today}&to=${tomorrow}` })).statusCode).toBe(403);
  });
});

describe('the package list on the embedded database (PGlite), as `omsx serve` runs it by default', () => {
  it('lists with the same counts and rules, and an MO sees its own packages only', { timeout: 240_000 }, async () => {
    const lite = await openDatabase({ home: 'memory://' });
    try {
      const d = await createDeps(loadConfig({ OMSX_HOME: tempDir() }), { db: lite });
      const a = await ingestPackage(d, [zipA], { workers: false });
      const b = await ingestPackage(d, [zipB], { workers: false });
      const as = (p: Principal) => runInScope(dbScopeOf(p), () => listPackages(d, { period: undefined }));
      const all = await as(principal('tfoms'));
      expect(all.items.map((p) => [p.id, p.counts.cases, p.counts.rejected])).toEqual([
        [b.packageId, 2, 0],
        [a.packageId, 3, 2],
      ]);
      expect(all.items[1].rules[0]).toMatchObject({ count: 2 });
      expect((await as(principal('mo', '750097'))).items.map((p) => p.id)).toEqual([b.packageId]);
      const [period] = all.items[0].periods;
      const byPeriod = await runInScope(dbScopeOf(principal('tfoms')), () => listPackages(d, { period, mo: '750096' }));
      expect(byPeriod.items.map((p) => p.id)).toEqual([a.packageId]);
    } finally {
      await lite.close();
    }
  });
});

function principal(role: Role, mo?: string): Principal {
  return { id: '0', login: role, role, smo: null, mo: mo ?? null, via: 'token' };
}
