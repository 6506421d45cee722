/**
 * Experts see only the cases assigned to them (issue 17): through every route an expert may call, and in the database
 * itself (restrictive row-level security policies, migration 0520_expert_access), so a query that forgets the filter
 * still sees the expert's cases only.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openTestDatabase } from '../helpers/db.js';
import { lFileFor, multiRecordH, tempDir, writeZip } from '../helpers/registers.js';
import { signIn } from '../helpers/auth.js';
import { createDeps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/api/app.js';
import { ingestPackage } from '../../src/registers/ingest/ingest.service.js';
import { runInScope } from '../../src/db/scope.js';
import { dbScopeOf } from '../../src/access/access.plugin.js';
import { addUser } from '../../src/access/auth.service.js';
import { ensureDemoUsers } from '../../src/access/demo-users.js';
import { usersRepo } from '../../src/access/users.repo.js';
import { ROUTE_ROLES, SIGNED_IN } from '../../src/access/route-roles.js';
import type { Principal } from '../../src/access/roles.js';

// five cases of insurer 75001 (records 1–5) in MO 750096's register: case 1 is assigned to expert EA, case 2 to EB,
// cases 3–5 to nobody yet
const db = await openTestDatabase('expertaccess');
const dir = tempDir();
const deps = await createDeps(loadConfig({ OMSX_HOME: dir }), { db });
const zip = await writeZip(join(dir, 'HM750096T75_21041.zip'), [
  { name: 'HM750096T75_21041.XML', content: multiRecordH(5) },
  { name: 'LM750096T75_21041.XML', content: lFileFor(5) },
]);
const pkg = await ingestPackage(deps, [zip], { workers: false });
const cases = (
  await db.sql.query<{ id: string; year: number; month: number }>('SELECT id::text, year, month FROM "case" ORDER BY n_zap::int')
).map((c) => c);
const period = `${cases[0].year}-${String(cases[0].month).padStart(2, '0')}`;
await db.sql.query(
  `INSERT INTO expert (code, name, capacity, controls) VALUES ('EA', 'Эксперт А', 10, '{MEE}'), ('EB', 'Эксперт Б', 10, '{MEE}')`,
);
const items = await db.sql.query<{ id: string; case_id: string }>(
  `WITH w AS (INSERT INTO worklist (year, month, smo, control, usl_ok, quota, cases, seed)
              SELECT year, month, smo, 'MEE', 1, 5, 5, 1 FROM "case" WHERE id = $1 RETURNING id)
   INSERT INTO worklist_item (worklist_id, case_id, control, s_tip, arm, state, expert_code, year, month, smo, code_mo, rank)
   SELECT w.id, c.id, 'MEE', 50, 'random', CASE c.n_zap WHEN '1' THEN 'assigned' WHEN '2' THEN 'assigned' ELSE 'selected' END,
          CASE c.n_zap WHEN '1' THEN 'EA' WHEN '2' THEN 'EB' END, c.year, c.month, c.smo, c.code_mo, c.n_zap::int
     FROM w, "case" c ORDER BY c.n_zap::int
   RETURNING id::text, case_id::text`,
  [cases[0].id],
);
const item = (i: number) => items.find((x) => x.case_id === cases[i].id)!.id;
// EB's conclusion on case 2 and an EKMP conclusion on case 4 (no item of EA's), as the loaders write them
const conclusionOn = async (i: number, sTip: number, control: string) =>
  (
    await db.sql.query<{ id: string }>(
      `INSERT INTO conclusion (case_id, s_tip, control, defect, amount_kop, fine_kop, source, nat_key, year, month, smo, code_mo)
       SELECT id, $2, $3, false, 0, 0, 'api', 'expert-test-' || $1::text, year, month, smo, code_mo FROM "case" WHERE id = $1::bigint RETURNING id::text`,
      [cases[i].id, sTip, control],
    )
  )[0].id;
const conclusionB = await conclusionOn(1, 50, 'MEE');
const conclusionOther = await conclusionOn(3, 71, 'EKMP');

const app = await buildApp(deps);
const expertA = await signIn(app, deps, { role: 'expert', smo: '75001', expert: 'EA' });
const coordinator = await signIn(app, deps, { role: 'smo_coordinator', smo: '75001' });

describe('an expert through the API', () => {
  it('the fixture: five cases of one insurer, two assigned', () => {
    expect(pkg.status).toBe('done');
    expect(cases).toHaveLength(5);
    expect(items).toHaveLength(5);
  });

  it('sees the assigned case (200) and gets 404 for an unassigned case of the same insurer on every route with an id', async () => {
    // a route an expert may call with an id in its path needs a line here: [the expert's own data, another's]
    const mine = await expertA.inject({
      method: 'POST',
      url: '/api/conclusions',
      // EKMP: the case's MEE item stays assigned (a conclusion of its own control would close it)
      payload: { case_id: cases[0].id, s_tip: 71, result: 'no_defect', num_act: 'ЭКМП-1' },
    });
    expect(mine.statusCode, mine.body).toBe(201);
    const [{ id: conclusionA }] = await db.sql.query<{ id: string }>('SELECT id::text FROM conclusion WHERE case_id = $1', [cases[0].id]);
    const DATA: Record<string, [string | { url: string; payload: object }, string | { url: string; payload: object }]> = {
      'GET /api/cases/:id': [`/api/cases/${cases[0].id}`, `/api/cases/${cases[2].id}`],
      'GET /api/cases/:id/person': [`/api/cases/${cases[0].id}/person`, `/api/cases/${cases[2].id}/person`],
      'GET /api/conclusions/:id': [`/api/conclusions/${conclusionA}`, `/api/conclusions/${conclusionB}`],
      'PUT /api/conclusions/:id': [
        { url: `/api/conclusions/${conclusionA}`, payload: { comment: 'проверено' } },
        { url: `/api/conclusions/${conclusionB}`, payload: { comment: 'чужое' } },
      ],
      'GET /api/cases/:id/sanction': [`/api/cases/${cases[0].id}/sanction?control=MEE`, `/api/cases/${cases[2].id}/sanction?control=MEE`],
      'GET /api/cases/:id/timeline': [`/api/cases/${cases[0].id}/timeline`, `/api/cases/${cases[2].id}/timeline`],
      'POST /api/worklists/items/:id/review': [
        { url: `/api/worklists/items/${item(0)}/review`, payload: {} },
        { url: `/api/worklists/items/${item(1)}/review`, payload: {} },
      ],
    };
    let checked = 0;
    for (const [key, access] of Object.entries(ROUTE_ROLES)) {
      if (!key.includes('/:') || (access !== SIGNED_IN && !(access as readonly string[]).includes('expert'))) continue;
      if (key.startsWith('GET /api/auth') || key === 'POST /api/auth/logout') continue;
      expect(DATA[key], `${key}: add the expert's own and an unassigned URL`).toBeDefined();
      const [method] = key.split(' ');
      const [own, other] = DATA[key].map((d) => (typeof d === 'string' ? { url: d } : d));
      const no = await expertA.inject({ method: method as 'GET', ...other });
      expect(no.statusCode, `${key} unassigned: ${no.body}`).toBe(404);
      const yes = await expertA.inject({ method: method as 'GET', ...own });
      expect(yes.statusCode, `${key} assigned: ${yes.body}`).toBe(200);
      checked++;
    }
    expect(checked).toBe(7);
    expect(mine.json()).toMatchObject({ imported: 1 });
    // the coordinator of the insurer sees both (the 404s are the expert's, not broken data)
    expect((await coordinator.inject({ method: 'GET', url: `/api/cases/${cases[2].id}` })).statusCode).toBe(200);
    expect((await coordinator.inject({ method: 'GET', url: `/api/conclusions/${conclusionB}` })).statusCode).toBe(200);
  });

  it('the worklist shows only their items; the case card only their conclusions', async () => {
    const w = await expertA.inject({ method: 'GET', url: `/api/worklists?period=${period}` });
    expect(w.statusCode).toBe(200);
    expect(w.json().items.map((x: { case_id: string; expert: string }) => [x.case_id, x.expert])).toEqual([[cases[0].id, 'EA']]);
    expect(w.json().total).toBe(1);
    const all = await coordinator.inject({ method: 'GET', url: `/api/worklists?period=${period}` });
    expect(all.json().total).toBe(5);
  });

  it('may not post a conclusion for a case not assigned to them: refused, nothing stored', async () => {
    const before = Number((await db.sql.query<{ n: string }>('SELECT count(*)::text AS n FROM conclusion'))[0].n);
    for (const i of [1, 2]) {
      const r = await expertA.inject({
        method: 'POST',
        url: '/api/conclusions',
        payload: { case_id: cases[i].id, s_tip: 50, result: 'defect', f014: [252], num_act: 'МЭЭ-2' },
      });
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().message).toMatch(new RegExp(`case ${cases[i].id}|not found`));
    }
    const after = Number((await db.sql.query<{ n: string }>('SELECT count(*)::text AS n FROM conclusion'))[0].n);
    expect(after).toBe(before);
  });

  it('assigning a case to them makes it visible; reassigning it away hides it again', async () => {
    const url = `/api/cases/${cases[2].id}`;
    expect((await expertA.inject({ method: 'GET', url })).statusCode).toBe(404);
    const a = await coordinator.inject({ method: 'POST', url: `/api/worklists/items/${item(2)}/assign`, payload: { expert: 'EA' } });
    expect(a.statusCode, a.body).toBe(200);
    expect((await expertA.inject({ method: 'GET', url })).statusCode).toBe(200);
    expect((await expertA.inject({ method: 'GET', url: `${url}/person` })).statusCode).toBe(200);
    const w = await expertA.inject({ method: 'GET', url: `/api/worklists?period=${period}` });
    expect(w.json().total).toBe(2);
    await coordinator.inject({ method: 'POST', url: `/api/worklists/items/${item(2)}/assign`, payload: { expert: 'EB' } });
    expect((await expertA.inject({ method: 'GET', url })).statusCode).toBe(404);
  });
});

const principal = (expert: string | null): Principal => ({
  id: '0',
  login: 'e',
  role: 'expert',
  smo: '75001',
  mo: null,
  expert,
  via: 'token',
});
/** What unfiltered queries see in a scope. */
const counts = (p: Principal) =>
  runInScope(dbScopeOf(p, true), async () => {
    const n = async (t: string) => Number((await db.sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${t}`))[0].n);
    return {
      cases: await n('"case"'),
      subCases: await n('sub_case'),
      persons: await n('person'),
      items: await n('worklist_item'),
      worklists: await n('worklist'),
      conclusions: await n('conclusion'),
      versions: await n('conclusion_version'),
      files: await n('register_file'),
    };
  });

describe('row-level security for experts', () => {
  it("a query that forgets every filter sees the expert's assigned cases and nothing else", async () => {
    const a = await counts(principal('EA'));
    expect(a).toMatchObject({ cases: 1, subCases: 1, persons: 1, items: 1, worklists: 1, conclusions: 1, files: 1 });
    // EB: case 2 (with its conclusion) and case 3, reassigned to EB above
    expect(await counts(principal('EB'))).toMatchObject({ cases: 2, items: 2, conclusions: 1 });
    // an expert code nobody assigned anything to, and an expert without a code: nothing
    expect(await counts(principal('EZ'))).toMatchObject({ cases: 0, items: 0, worklists: 0, conclusions: 0, files: 0 });
    expect(await counts(principal(null))).toMatchObject({ cases: 0, items: 0, conclusions: 0, files: 0 });
    // the coordinator of the insurer: everything of it
    const coord = await runInScope(dbScopeOf({ ...principal(null), role: 'smo_coordinator' }), () =>
      db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM "case"'),
    );
    expect(coord[0].n).toBe(5);
    void conclusionOther;
  });

  it('an expert cannot write a conclusion or an item of a case not assigned to them, even with SQL that skips the service', async () => {
    const insert = runInScope(dbScopeOf(principal('EA')), () =>
      db.sql.query(
        `INSERT INTO conclusion (case_id, s_tip, control, defect, amount_kop, fine_kop, source, nat_key, year, month, smo, code_mo)
         VALUES ($1, 50, 'MEE', true, 0, 0, 'api', 'sneaky', $2, $3, '75001', '750096')`,
        [cases[4].id, cases[4].year, cases[4].month],
      ),
    );
    await expect(insert).rejects.toThrow(/row-level security/);
    const steal = await runInScope(dbScopeOf(principal('EA')), () =>
      db.sql.query(`UPDATE worklist_item SET expert_code = 'EA' WHERE case_id = $1 RETURNING id`, [cases[4].id]),
    );
    expect(steal).toHaveLength(0);
    // and their own item cannot be handed to someone else's code and kept in sight
    const give = runInScope(dbScopeOf(principal('EA')), () =>
      db.sql.query(`UPDATE worklist_item SET expert_code = 'EB' WHERE case_id = $1`, [cases[0].id]),
    );
    await expect(give).rejects.toThrow(/row-level security/);
  });
});

describe('expert users', () => {
  it('need an expert code of the directory', async () => {
    const base = { login: 'exp-x', password: 'a-long-password-1', role: 'expert', smo: '75001' };
    await expect(addUser(deps, base)).rejects.toThrow(/needs --expert CODE/);
    await expect(addUser(deps, { ...base, expert: 'NOPE' })).rejects.toThrow(/expert NOPE is not in the experts directory/);
    await expect(addUser(deps, { ...base, role: 'tfoms', expert: 'EA' })).rejects.toThrow(/--expert is for role expert only/);
    expect(await addUser(deps, { ...base, expert: 'EB' })).toMatch(/^\d+$/);
  });

  it('the demo expert gets the code of the expert holding most of the insurer’s items', async () => {
    await ensureDemoUsers(deps);
    const demo = (await usersRepo(db.sql).list()).find((u) => u.login === 'expert');
    // EB holds cases 2 and 3 (reassigned above), EA case 1
    expect(demo).toMatchObject({ role: 'expert', smo: '75001', expert_code: 'EB' });
  });
});
