import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openTestDatabase } from '../helpers/db.js';
import { lFileFor, multiRecordH, tempDir, writeZip } from '../helpers/registers.js';
import { signIn, type SignedIn } from '../helpers/auth.js';
import { createDeps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/api/app.js';
import { ingestPackage } from '../../src/registers/ingest/ingest.service.js';
import { runInScope } from '../../src/db/scope.js';
import { dbScopeOf } from '../../src/access/access.plugin.js';
import { ROUTE_ROLES, PUBLIC, SIGNED_IN } from '../../src/access/route-roles.js';
import type { Principal, Role } from '../../src/access/roles.js';
import { openDatabase } from '../../src/db/database.js';

// Two insurers (75001: records 1–2, 75002: records 3–4) in MO 750096's register; MO 750097 has a register of its own
// (insurer 75001). Everything is read in through the loader, as the system, then asked for through the API.
const db = await openTestDatabase('isolation');
const dir = tempDir();
const deps = await createDeps(loadConfig({ OMSX_HOME: dir }), { db });
const smoOf = (i: number) => (i <= 2 ? '75001' : '75002');
const mainA = multiRecordH(4, { mutate: (z, i) => z.replace('<SMO>75001</SMO>', `<SMO>${smoOf(i)}</SMO>`) });
const zipA = await writeZip(join(dir, 'HM750096T75_21041.zip'), [
  { name: 'HM750096T75_21041.XML', content: mainA },
  { name: 'LM750096T75_21041.XML', content: lFileFor(4) },
]);
const mainB = multiRecordH(2, { fileName: 'HM750097T75_21041' }).replace(/750096/g, '750097');
const zipB = await writeZip(join(dir, 'HM750097T75_21041.zip'), [
  { name: 'HM750097T75_21041.XML', content: mainB },
  { name: 'LM750097T75_21041.XML', content: lFileFor(2, 'HM750097T75_21041') },
]);
const pkgA = await ingestPackage(deps, [zipA], { workers: false });
const pkgB = await ingestPackage(deps, [zipB], { workers: false });
const cases = await db.sql.query<{ id: string; smo: string; code_mo: string; n_zap: string }>(
  'SELECT id::text, smo, code_mo, n_zap FROM "case" ORDER BY code_mo, n_zap::int',
);
const caseOf = (mo: string, smo: string) => cases.find((c) => c.code_mo === mo && c.smo === smo)!.id;

const app = await buildApp(deps);
const users: Record<string, SignedIn> = {
  smoA: await signIn(app, deps, { role: 'smo_coordinator', smo: '75001' }),
  expertA: await signIn(app, deps, { role: 'expert', smo: '75001' }),
  moA: await signIn(app, deps, { role: 'mo', mo: '750096' }),
  tfoms: await signIn(app, deps, { role: 'tfoms' }),
  analyst: await signIn(app, deps, { role: 'data_scientist' }),
};
/** The user of insurer / MO "A" for each organisation-bound role. */
const userA: Partial<Record<Role, SignedIn>> = { smo_coordinator: users.smoA, expert: users.expertA, mo: users.moA };

/**
 * For every route with an id in its path that an insurer's or an MO's user may call: the URL of data of the other
 * insurer / MO (B). A route added to ROUTE_ROLES without a line here fails the test below: add its B-data URL.
 */
// insurer B's worklist item on its case, assigned to EB, then EB's conclusion on it (written as the system, as the
// loaders do; in this order: an item created after its conclusion is concluded without an expert, migration 0750)
const caseB = caseOf('750096', '75002');
const [itemB] = await db.sql.query<{ id: string }>(
  `WITH w AS (INSERT INTO worklist (year, month, smo, control, usl_ok, quota, cases, seed)
              SELECT year, month, smo, 'MEE', coalesce(usl_ok, 1), 1, 1, 1 FROM "case" WHERE id = $1 RETURNING id)
   INSERT INTO worklist_item (worklist_id, case_id, control, s_tip, arm, state, expert_code, year, month, smo, code_mo)
   SELECT w.id, c.id, 'MEE', 50, 'random', 'assigned', 'EB', c.year, c.month, c.smo, c.code_mo FROM w, "case" c WHERE c.id = $1
   RETURNING id::text`,
  [caseB],
);
const [conclusionB] = await db.sql.query<{ id: string }>(
  `INSERT INTO conclusion (case_id, s_tip, control, defect, amount_kop, fine_kop, source, nat_key, year, month, smo, code_mo)
   SELECT id, 50, 'MEE', false, 0, 0, 'api', 'isolation-test', year, month, smo, code_mo FROM "case" WHERE id = $1 RETURNING id::text`,
  [caseB],
);

/** B's data: a URL, and the body a state-changing route needs to get past its schema to the lookup. */
const B_DATA: Record<string, () => string | { url: string; payload: object }> = {
  'GET /api/registers/:id': () => `/api/registers/${pkgB.packageId}`,
  'GET /api/registers/:id/protocol': () => `/api/registers/${pkgB.packageId}/protocol?format=json`,
  'GET /api/cases/:id/person': () => `/api/cases/${caseB}/person`,
  'GET /api/cases/:id': () => `/api/cases/${caseB}`,
  'GET /api/cases/:id/sanction': () => `/api/cases/${caseB}/sanction?f014=246&control=MEE`,
  'GET /api/cases/:id/timeline': () => `/api/cases/${caseB}/timeline`,
  'GET /api/conclusions/:id': () => `/api/conclusions/${conclusionB.id}`,
  'PUT /api/conclusions/:id': () => ({ url: `/api/conclusions/${conclusionB.id}`, payload: { result: 'defect', f014: [252] } }),
  'POST /api/worklists/items/:id/assign': () => ({ url: `/api/worklists/items/${itemB.id}/assign`, payload: { expert: 'EA' } }),
  'POST /api/worklists/items/:id/review': () => ({ url: `/api/worklists/items/${itemB.id}/review`, payload: {} }),
};

describe('insurer and MO isolation through the API', () => {
  it('the fixture: both registers stored, both insurers present', () => {
    expect(pkgA.status).toBe('done');
    expect(pkgB.status).toBe('done');
    expect(cases.map((c) => [c.code_mo, c.smo])).toEqual([
      ['750096', '75001'],
      ['750096', '75001'],
      ['750096', '75002'],
      ['750096', '75002'],
      ['750097', '75001'],
      ['750097', '75001'],
    ]);
  });

  it("for every endpoint, a user of insurer/MO A asking for B's data gets 404 (and nothing of B)", async () => {
    let checked = 0;
    for (const [key, access] of Object.entries(ROUTE_ROLES)) {
      if (!key.includes('/:') || access === PUBLIC) continue;
      const roles = access === SIGNED_IN ? (Object.keys(userA) as Role[]) : access.filter((r) => r in userA);
      if (!roles.length) continue;
      expect(B_DATA[key], `${key}: add the URL of another insurer's/MO's data to B_DATA`).toBeDefined();
      const [method] = key.split(' ');
      for (const role of roles) {
        const b = B_DATA[key]();
        const r = await userA[role]!.inject({ method: method as 'GET', ...(typeof b === 'string' ? { url: b } : b) });
        expect(r.statusCode, `${role} ${key}`).toBe(404);
        expect(r.body).not.toMatch(/750097|75002|Иванов/);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(4);
  });

  it("A's own data answers (the 404s above are isolation, not a broken route)", async () => {
    expect((await users.moA.inject({ method: 'GET', url: `/api/registers/${pkgA.packageId}` })).statusCode).toBe(200);
    const p = await users.smoA.inject({ method: 'GET', url: `/api/cases/${caseOf('750096', '75001')}/person` });
    expect(p.statusCode).toBe(200);
    expect(p.json()).toMatchObject({ fam: 'Иванов', im: 'Пётр', idPac: 'P1' });
  });
});

/** What a query that forgets every filter sees inside a user's scope. */
async function countsAs(sql: typeof db.sql, user: Principal | null, personalData = false) {
  return runInScope(dbScopeOf(user, personalData), async () => {
    const n = async (q: string) => Number((await sql.query<{ n: string }>(q))[0].n);
    return {
      cases: await n('SELECT count(*)::text AS n FROM "case"'),
      subCases: await n('SELECT count(*)::text AS n FROM sub_case'),
      persons: await n('SELECT count(*)::text AS n FROM person'),
      files: await n('SELECT count(*)::text AS n FROM register_file'),
      packages: await n('SELECT count(*)::text AS n FROM package'),
    };
  });
}
const principal = (role: Role, org: { smo?: string; mo?: string } = {}): Principal => ({
  id: '0',
  login: role,
  role,
  smo: org.smo ?? null,
  mo: org.mo ?? null,
  via: 'token',
});

describe('row-level security: a forgotten filter leaks nothing', () => {
  it('PostgreSQL: unfiltered queries see only the scope’s rows; persons only in an audited read', async () => {
    expect(await countsAs(db.sql, principal('smo_coordinator', { smo: '75001' }))).toEqual({
      cases: 4,
      subCases: 4,
      persons: 0,
      files: 2,
      packages: 0,
    });
    expect(await countsAs(db.sql, principal('smo_coordinator', { smo: '75001' }), true)).toMatchObject({ persons: 4 });
    // an expert of insurer B: only the case assigned to them (EB holds B's item above; test/access/expert-access.test.ts)
    expect(await countsAs(db.sql, { ...principal('expert', { smo: '75002' }), expert: 'EB' }, true)).toMatchObject({
      cases: 1,
      persons: 1,
    });
    expect(await countsAs(db.sql, principal('mo', { mo: '750097' }))).toEqual({ cases: 2, subCases: 2, persons: 0, files: 1, packages: 1 });
    expect(await countsAs(db.sql, principal('tfoms'))).toEqual({ cases: 6, subCases: 6, persons: 0, files: 2, packages: 2 });
    // no user, or an insurer's user without an insurer: nothing
    expect(await countsAs(db.sql, null, true)).toEqual({ cases: 0, subCases: 0, persons: 0, files: 0, packages: 0 });
    expect(await countsAs(db.sql, principal('smo_coordinator'))).toMatchObject({ cases: 0 });
  });

  it('an analyst reads every insurer, but no personal data and no identifying column: asking for one fails', async () => {
    const ds = dbScopeOf(principal('data_scientist'));
    expect(ds.role).toBe('omsx_api_pseudo');
    const q = (text: string) => runInScope(ds, () => db.sql.query(text));
    expect(await q('SELECT count(*)::int AS n, count(DISTINCT coalesce(smo, plat))::int AS smos FROM "case"')).toEqual([{ n: 6, smos: 2 }]);
    expect(await q('SELECT count(*)::int AS n FROM finding')).toHaveLength(1);
    for (const text of [
      'SELECT enp FROM "case"',
      'SELECT person_key FROM "case"',
      'SELECT pacient FROM "case"',
      'SELECT * FROM "case"',
      'SELECT id_pac FROM finding',
      'SELECT count(*) FROM person',
      'SELECT count(*) FROM audit_log',
      'SELECT count(*) FROM app_user',
    ])
      await expect(q(text), text).rejects.toThrow(/permission denied/);
  });

  it('PGlite: the same policies hold on the embedded database', { timeout: 240_000 }, async () => {
    const lite = await openDatabase({ home: 'memory://' });
    try {
      const d = await createDeps(loadConfig({ OMSX_HOME: dir }), { db: lite });
      await ingestPackage(d, [zipA], { workers: false });
      expect(await countsAs(lite.sql, principal('smo_coordinator', { smo: '75002' }))).toEqual({
        cases: 2,
        subCases: 2,
        persons: 0,
        files: 1,
        packages: 0,
      });
      expect(await countsAs(lite.sql, principal('mo', { mo: '750097' }))).toMatchObject({ cases: 0, packages: 0 });
      expect(await countsAs(lite.sql, principal('tfoms'))).toMatchObject({ cases: 4, packages: 1 });
    } finally {
      await lite.close();
    }
  });
});

describe('the quality-control report of an insurer (GET /api/agreement, /api/agreement/export)', () => {
  it("A's coordinator gets A's conclusions only: B's (insurer 75002) is neither in the figures nor in the file", async () => {
    const page = await users.smoA.inject({ method: 'GET', url: '/api/agreement?by=smo' });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('75002');
    const all = await users.tfoms.inject({ method: 'GET', url: '/api/agreement?by=smo' });
    expect(all.json().groups.map((g: { key: { smo: string } }) => g.key.smo)).toContain('75002');
    const csv = await users.smoA.inject({ method: 'GET', url: '/api/agreement/export?by=smo,mo&format=csv' });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).not.toMatch(/75002/);
  });
});
