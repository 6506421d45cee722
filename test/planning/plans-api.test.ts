import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../helpers/db.js';
import { createDeps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { buildAppAs } from '../helpers/auth.js';
import { applyCorrection } from '../../src/planning/versions.js';

const db = await openTestDatabase('plans');
const app = await buildAppAs(await createDeps(loadConfig({}), { db }), { role: 'tfoms' });

const lines = [
  { mo: '750001', uslOk: 1, volume: 1000, amountKop: 40_000_000_00 },
  { mo: '750002', uslOk: 1, volume: 500, amountKop: 20_000_000_00 },
];

describe('versioned plan corrections', () => {
  it('moving volume between cells keeps the totals and records before → after', () => {
    const { cells, diff } = applyCorrection(lines, [
      { mo: '750001', uslOk: 1, volume: 900, amountKop: 36_000_000_00 },
      { mo: '750002', uslOk: 1, volume: 600, amountKop: 24_000_000_00 },
    ]);
    expect(cells.reduce((s, c) => s + c.volume, 0)).toBe(1500);
    expect(diff[0]).toEqual({
      mo: '750001',
      uslOk: 1,
      before: { volume: 1000, amountKop: 40_000_000_00 },
      after: { volume: 900, amountKop: 36_000_000_00 },
    });
  });
  it('a correction that changes the totals is refused unless it says so', () => {
    const ch = [{ mo: '750003', uslOk: 3, volume: 10, amountKop: 100 }];
    expect(() => applyCorrection(lines, ch)).toThrow(/changes the totals/);
    expect(applyCorrection(lines, ch, true).cells).toHaveLength(3);
  });
});

describe('planning API', () => {
  it('stores a plan, corrects it into a new version with the audit trail, and keeps the old one', async () => {
    const a = await app.inject({ method: 'POST', url: '/api/plans', payload: { year: 2025, author: 'ТФОМС', reason: 'initial', lines } });
    expect(a.statusCode).toBe(201);
    const v1 = a.json();
    expect(v1).toMatchObject({ year: 2025, totalVolume: 1500, parentId: null });
    const c = await app.inject({
      method: 'POST',
      url: `/api/plans/${v1.id}/corrections`,
      payload: {
        author: 'комиссия',
        reason: 'протокол №3',
        changes: [
          { mo: '750001', uslOk: 1, volume: 800, amountKop: 32_000_000_00 },
          { mo: '750002', uslOk: 1, volume: 700, amountKop: 28_000_000_00 },
        ],
      },
    });
    expect(c.statusCode).toBe(201);
    // the author is the signed-in user, whatever the client sends
    expect(c.json()).toMatchObject({ parentId: v1.id, author: app.user.login, totalVolume: 1500, totalKop: 60_000_000_00 });
    expect(v1.author).toBe(app.user.login);
    expect(c.json().changes).toHaveLength(2);
    expect((await app.inject({ method: 'GET', url: `/api/plans/${v1.id}` })).json().lines[0].volume).toBe(1000);
    const bad = await app.inject({
      method: 'POST',
      url: `/api/plans/${v1.id}/corrections`,
      payload: { author: 'x', reason: 'y', changes: [{ mo: '750001', uslOk: 1, volume: 1, amountKop: 1 }] },
    });
    expect(bad.statusCode).toBe(409);
  });
  it('cost, distribute and split answer with exact integers', async () => {
    const cost = await app.inject({
      method: 'POST',
      url: '/api/plans/cost',
      payload: { insured: 1000, norms: [{ condition: 'hospital', volumeNorm: 0.165, unitCost: '43082.40' }] },
    });
    expect(cost.json()).toMatchObject({ totalKop: 165 * 4308240 });
    const d = await app.inject({
      method: 'POST',
      url: '/api/plans/distribute',
      payload: {
        total: 1000,
        requests: [
          { mo: 'A', proposal: 600, cap: 500 },
          { mo: 'B', proposal: 300 },
          { mo: 'C', lastYear: 100 },
        ],
      },
    });
    expect(d.json()).toEqual({ A: 500, B: 375, C: 125 });
    const s = await app.inject({ method: 'POST', url: '/api/plans/split', payload: { total: 100, weights: { a: 1, b: 1, c: 1 } } });
    expect(s.json()).toEqual({ a: 34, b: 33, c: 33 });
    expect((await app.inject({ method: 'GET', url: '/api/plans/999999' })).statusCode).toBe(404);
  });
  it('splits an MO volume among insurers by its patients, and plan-fact reads accepted registers', async () => {
    await db.sql.exec(`
      INSERT INTO package (id, source_name, sha256) VALUES (1, 't', 'x');
      INSERT INTO register_file (id, package_id, file_name, kind, version, sha256, code_mo, year, month) VALUES (1, 1, 'HM1.XML', 'H', '5.1', 'h1', '750001', 2025, 2);
      INSERT INTO "case" (id, register_file_id, n_zap, idcase, pr_nov, file_kind, code_mo, year, month, person_key, id_pac, smo, lpu, usl_ok, date_z_1, date_z_2, sumv, pacient, zsl) VALUES
        (1, 1, '1', '1', 0, 'H', '750001', 2025, 1, 'E1', 'P', '75001', '750001', 1, '2025-01-01', '2025-01-05', 100, '{}', '{}'),
        (2, 1, '2', '2', 0, 'H', '750001', 2025, 2, 'E2', 'P', '75001', '750001', 1, '2025-02-01', '2025-02-05', 100, '{}', '{}'),
        (3, 1, '3', '3', 0, 'H', '750001', 2025, 2, 'E3', 'P', '75002', '750001', 1, '2025-02-01', '2025-02-05', 100, '{}', '{}');`);
    const s = await app.inject({ method: 'GET', url: '/api/plans/smo-split?mo=750001&year=2025&total=1000' });
    expect(s.json()).toEqual({ '75001': 667, '75002': 333 });
    const p = (
      await app.inject({
        method: 'POST',
        url: '/api/plans',
        payload: { year: 2025, author: 'a', reason: 'b', lines: [{ mo: '750001', uslOk: 1, volume: 24, amountKop: 0 }] },
      })
    ).json();
    const f = await app.inject({ method: 'GET', url: `/api/plans/${p.id}/fact?through=2` });
    expect(f.json()[0]).toMatchObject({ planToDate: 4, factToDate: 3, executionPct: 75, forecastYear: 18 });
  });
});
