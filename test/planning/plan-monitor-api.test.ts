/**
 * The plan-fact dashboards' API on the real PostgreSQL: plan versions and their corrections, the summary by MO and
 * condition, and the execution grid by profile / KSG × quarter / month, against hand-computed figures for a small
 * plan and six register cases.
 */
import { describe, expect, it } from 'vitest';
import { openTestDatabase, runCliCaptured, TEST_DATABASE_URL } from '../helpers/db.js';
import { createDeps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { buildAppAs, signIn } from '../helpers/auth.js';
import { buildApp } from '../../src/api/app.js';

const db = await openTestDatabase('plan_monitor');
const deps = await createDeps(loadConfig({}), { db });
const app = await buildAppAs(deps, { role: 'tfoms' });

// four plan lines of 2025: MO 750001 in 24h hospital by profile 97, by profile 97 + KSG st27.004, and the rest of it;
// MO 750002 outpatient as a whole
const lines = [
  { mo: '750001', uslOk: 1, profile: 97, volume: 120, amountKop: 1_200_000 },
  { mo: '750001', uslOk: 1, profile: 97, ksg: 'st27.004', volume: 24, amountKop: 480_000 },
  { mo: '750001', uslOk: 1, volume: 12, amountKop: 120_000 },
  { mo: '750002', uslOk: 3, volume: 48, amountKop: 48_000 },
];

// accepted cases: c1 → the KSG line; c2 → the profile line; c3 (another profile, 50 − 10 sanctions) → the rest of
// 750001; c4 (April) → 750002; c5 → no plan line; c6 is rejected and never counts
await db.sql.exec(`
  INSERT INTO package (id, source_name, sha256) VALUES (1, 't', 'x');
  INSERT INTO register_file (id, package_id, file_name, kind, version, sha256, code_mo, year, month)
    VALUES (1, 1, 'HM1.XML', 'H', '5.1', 'h1', '750001', 2025, 4);
  INSERT INTO "case" (id, register_file_id, n_zap, idcase, pr_nov, file_kind, code_mo, year, month, person_key, id_pac, smo, lpu,
                      usl_ok, profil, n_ksg, status, date_z_1, date_z_2, sumv, pacient, zsl) VALUES
    (1, 1, '1', '1', 0, 'H', '750001', 2025, 1, 'E1', 'P', '75001', '750001', 1, 97, 'st27.004', 'accepted', '2025-01-01', '2025-01-05', 100, '{}', '{}'),
    (2, 1, '2', '2', 0, 'H', '750001', 2025, 2, 'E2', 'P', '75001', '750001', 1, 97, 'st27.009', 'accepted', '2025-02-01', '2025-02-05', 200, '{}', '{}'),
    (3, 1, '3', '3', 0, 'H', '750001', 2025, 2, 'E3', 'P', '75001', '750001', 1, 29, 'st27.013', 'accepted', '2025-02-01', '2025-02-05', 50, '{}', '{}'),
    (4, 1, '4', '4', 0, 'H', '750002', 2025, 4, 'E4', 'P', '75001', '750002', 3, 97, NULL, 'accepted', '2025-04-01', '2025-04-01', 5, '{}', '{}'),
    (5, 1, '5', '5', 0, 'H', '750003', 2025, 1, 'E5', 'P', '75001', '750003', 2, 97, 'ds27.001', 'accepted', '2025-01-01', '2025-01-05', 30, '{}', '{}'),
    (6, 1, '6', '6', 0, 'H', '750001', 2025, 1, 'E6', 'P', '75001', '750001', 1, 97, 'st27.004', 'rejected', '2025-01-01', '2025-01-05', 900, '{}', '{}');
  INSERT INTO sank (case_id, s_code, s_sum, s_tip, data) VALUES (3, 'S1', 10, 2, '{}');`);

const store = async () => {
  const r = await app.inject({ method: 'POST', url: '/api/plans', payload: { year: 2025, reason: 'план на 2025', lines } });
  expect(r.statusCode).toBe(201);
  return r.json<{ id: string; lines: unknown[] }>();
};
const v1 = await store();

describe('plan lines by profile and KSG', () => {
  it('are stored and read back with their profile and KSG, the whole-MO line without them', () => {
    expect(v1.lines).toEqual([
      { mo: '750001', uslOk: 1, volume: 12, amountKop: 120_000 },
      { mo: '750001', uslOk: 1, profile: 97, volume: 120, amountKop: 1_200_000 },
      { mo: '750001', uslOk: 1, profile: 97, ksg: 'st27.004', volume: 24, amountKop: 480_000 },
      { mo: '750002', uslOk: 3, volume: 48, amountKop: 48_000 },
    ]);
  });
});

describe('GET /api/plans/:id/summary', () => {
  it('by default spans the months with accepted registers (1–4): plan × 4/12 against every accepted case', async () => {
    const r = await app.inject({ method: 'GET', url: `/api/plans/${v1.id}/summary` });
    expect(r.statusCode).toBe(200);
    const s = r.json();
    expect(s).toMatchObject({ year: 2025, from: 1, through: 4, monthsWithData: [1, 2, 4] });
    expect(s.rows).toHaveLength(3);
    const [a, b, c] = s.rows;
    // 750001: plan 156 a year → 52; 1 800 000 kop → 600 000; fact c1 + c2 + c3 = 100 + 200 + (50 − 10) roubles
    expect(a).toMatchObject({ mo: '750001', uslOk: 1, planned: true, planYearVolume: 156, planYearKop: 1_800_000 });
    expect(a).toMatchObject({
      planVolume: 52,
      factVolume: 3,
      deviationVolume: -49,
      planKop: 600_000,
      factKop: 34_000,
      deviationKop: -566_000,
    });
    expect(a.volumePct).toBeCloseTo((3 / 52) * 100, 9);
    expect(a.kopPct).toBeCloseTo((34_000 / 600_000) * 100, 9);
    expect(b).toMatchObject({
      mo: '750002',
      uslOk: 3,
      planVolume: 16,
      factVolume: 1,
      volumePct: 6.25,
      planKop: 16_000,
      factKop: 500,
      kopPct: 3.125,
    });
    // fact without a plan line: shown, without an execution %
    expect(c).toMatchObject({ mo: '750003', uslOk: 2, planned: false, planVolume: 0, factVolume: 1, factKop: 3000, volumePct: null });
    // the total is the plan's: fact without a plan line is counted beside it
    expect(s.total).toMatchObject({ planYearVolume: 204, planVolume: 68, factVolume: 4, planKop: 616_000, factKop: 34_500 });
    expect(s.unplanned).toEqual({ factVolume: 1, factKop: 3000 });
  });
  it('takes a span of months: January–February is 2/12 of the plan and the cases of those months', async () => {
    const s = (await app.inject({ method: 'GET', url: `/api/plans/${v1.id}/summary?from=1&through=2` })).json();
    expect(s.rows[0]).toMatchObject({ planVolume: 26, factVolume: 3, planKop: 300_000, factKop: 34_000 });
    expect(s.rows[1]).toMatchObject({ planVolume: 8, factVolume: 0, volumePct: 0, factKop: 0 });
  });
  it('refuses a span that ends before it starts, and an unknown version', async () => {
    const bad = await app.inject({ method: 'GET', url: `/api/plans/${v1.id}/summary?from=5&through=2` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('from (month 5) is after through (month 2)');
    expect((await app.inject({ method: 'GET', url: '/api/plans/999999/summary' })).statusCode).toBe(404);
  });
});

describe('GET /api/plans/:id/execution', () => {
  it('by profile × quarter: each case counts against its most specific line; quarters without registers have no %', async () => {
    const g = (await app.inject({ method: 'GET', url: `/api/plans/${v1.id}/execution?by=profile&period=quarter` })).json();
    expect(g.periods).toEqual([1, 2, 3, 4]);
    expect(g.rows.map((r: { key: string | null }) => r.key)).toEqual(['97', null]);
    const [p97, rest] = g.rows;
    // profile 97: lines 1 and 2 (144 a year = 36 a quarter, 1 680 000 kop = 420 000); Q1 fact c1 + c2
    expect(p97).toMatchObject({ planYearVolume: 144, planYearKop: 1_680_000 });
    expect(p97.cells[0]).toMatchObject({ period: 1, hasData: true, planVolume: 36, factVolume: 2, planKop: 420_000, factKop: 30_000 });
    expect(p97.cells[0].volumePct).toBeCloseTo((2 / 36) * 100, 9);
    expect(p97.cells[1]).toMatchObject({ period: 2, hasData: true, factVolume: 0, volumePct: 0 });
    expect(p97.cells[2]).toMatchObject({ period: 3, hasData: false, volumePct: null, kopPct: null });
    // lines without a profile: 60 a year = 15 a quarter; Q1 c3 (40 roubles), Q2 c4 (5 roubles)
    expect(rest.cells[0]).toMatchObject({ planVolume: 15, factVolume: 1, factKop: 4000, planKop: 42_000 });
    expect(rest.cells[1]).toMatchObject({ factVolume: 1, factKop: 500 });
    expect(rest.cells[1].volumePct).toBeCloseTo((1 / 15) * 100, 9);
    expect(g.unmatched).toEqual({ cases: 1, kop: 3000 });
  });
  it('by KSG × month', async () => {
    const g = (await app.inject({ method: 'GET', url: `/api/plans/${v1.id}/execution?by=ksg&period=month` })).json();
    expect(g.periods).toHaveLength(12);
    expect(g.rows.map((r: { key: string | null }) => r.key)).toEqual(['st27.004', null]);
    const [k, rest] = g.rows;
    expect(k.cells[0]).toMatchObject({ planVolume: 2, factVolume: 1, volumePct: 50, factKop: 10_000, planKop: 40_000, kopPct: 25 });
    expect(k.cells[1]).toMatchObject({ factVolume: 0, volumePct: 0 });
    expect(k.cells[2]).toMatchObject({ hasData: false, volumePct: null });
    // without a KSG: lines 1, 3, 4 = 180 a year = 15 a month; February c2 + c3, April c4
    expect(rest.cells[1]).toMatchObject({ planVolume: 15, factVolume: 2, factKop: 24_000 });
    expect(rest.cells[3]).toMatchObject({ factVolume: 1 });
    // money split exactly: the twelve months add up to the year
    expect(rest.cells.reduce((s: number, c: { planKop: number }) => s + c.planKop, 0)).toBe(rest.planYearKop);
  });
  it('refuses an unknown grouping', async () => {
    expect((await app.inject({ method: 'GET', url: `/api/plans/${v1.id}/execution?by=mo` })).statusCode).toBe(400);
  });
});

describe('GET /api/plans and /api/plans/:id/history', () => {
  it('lists versions with their lines and corrections, and a chain of corrections with who, when, why and what', async () => {
    const correct = async (id: string, reason: string, changes: unknown[]) => {
      const r = await app.inject({ method: 'POST', url: `/api/plans/${id}/corrections`, payload: { reason, changes } });
      expect(r.statusCode).toBe(201);
      return r.json<{ id: string }>();
    };
    const v2 = await correct(v1.id, 'протокол комиссии №1', [
      { mo: '750001', uslOk: 1, profile: 97, volume: 110, amountKop: 1_100_000 },
      { mo: '750001', uslOk: 1, volume: 22, amountKop: 220_000 },
    ]);
    const v3 = await correct(v2.id, 'протокол комиссии №2', [
      { mo: '750002', uslOk: 3, volume: 40, amountKop: 40_000 },
      { mo: '750001', uslOk: 1, volume: 30, amountKop: 228_000 },
    ]);
    const list = (await app.inject({ method: 'GET', url: '/api/plans?year=2025' })).json().versions;
    const mine = list.filter((v: { rootId: string }) => v.rootId === v1.id);
    expect(mine.map((v: { id: string }) => v.id)).toEqual([v3.id, v2.id, v1.id]);
    expect(mine[0]).toMatchObject({
      corrections: 2,
      children: 0,
      lines: 4,
      totalVolume: 204,
      author: app.user.login,
      reason: 'протокол комиссии №2',
    });
    expect(mine[2]).toMatchObject({ corrections: 0, children: 1, parentId: null, totalKop: 1_848_000 });
    expect((await app.inject({ method: 'GET', url: '/api/plans?year=2024' })).json().versions).toEqual([]);

    const h = (await app.inject({ method: 'GET', url: `/api/plans/${v3.id}/history` })).json().versions;
    expect(h.map((v: { id: string }) => v.id)).toEqual([v1.id, v2.id, v3.id]);
    expect(h[0].changes).toEqual([]);
    expect(h[1]).toMatchObject({ author: app.user.login, reason: 'протокол комиссии №1' });
    expect(h[1].changes[0]).toEqual({
      mo: '750001',
      uslOk: 1,
      profile: 97,
      before: { volume: 120, amountKop: 1_200_000 },
      after: { volume: 110, amountKop: 1_100_000 },
    });
    expect(h[2].changes[1]).toEqual({
      mo: '750001',
      uslOk: 1,
      before: { volume: 22, amountKop: 220_000 },
      after: { volume: 30, amountKop: 228_000 },
    });
    expect(Date.parse(h[2].createdAt)).toBeGreaterThanOrEqual(Date.parse(h[0].createdAt));
    // the corrected version's summary reads its own lines: 750002 now 40 a year → 40 × 4 / 12
    const s = (await app.inject({ method: 'GET', url: `/api/plans/${v3.id}/summary` })).json();
    expect(s.rows[1].planVolume).toBeCloseTo(40 / 3, 9);
    expect((await app.inject({ method: 'GET', url: '/api/plans/999999/history' })).statusCode).toBe(404);
  });
  it('is for TFOMS staff only', async () => {
    // an app of its own: buildAppAs's inject sends the tfoms token whatever signIn adds
    const other = await buildApp(deps);
    const smo = await signIn(other, deps, { role: 'smo_coordinator', smo: '75001' });
    expect((await smo.inject({ method: 'GET', url: '/api/plans' })).statusCode).toBe(403);
    expect((await smo.inject({ method: 'GET', url: `/api/plans/${v1.id}/summary` })).statusCode).toBe(403);
    const mo = await signIn(other, deps, { role: 'mo', mo: '750001' });
    expect((await mo.inject({ method: 'GET', url: `/api/plans/${v1.id}/execution` })).statusCode).toBe(403);
    await other.close();
  });
});

describe('omsx plan store with profile and KSG columns', () => {
  it('stores data/planning/plan-tasks.csv with its plan tasks, and the API reads them back', async () => {
    const env = { DATABASE_URL: TEST_DATABASE_URL, OMSX_DB_SCHEMA: db.schema };
    const r = await runCliCaptured(
      ['plan', 'store', '--year', '2025', '--lines', 'data/planning/plan-tasks.csv', '--author', 'tfoms', '--reason', 'plan tasks'],
      env,
    );
    expect(r.code).toBe(0);
    const id = JSON.parse(r.out).id as string;
    const p = (await app.inject({ method: 'GET', url: `/api/plans/${id}` })).json();
    expect(p.lines).toContainEqual({ mo: '750004', uslOk: 1, profile: 97, ksg: 'st27.009', volume: 60, amountKop: 170_000_000 });
    expect(p.lines).toContainEqual({ mo: '750002', uslOk: 2, volume: 48, amountKop: 144_000_000 });
    expect(p).toMatchObject({ totalVolume: 1020, totalKop: 2_236_400_000 });
  });
});
