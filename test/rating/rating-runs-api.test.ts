/**
 * The ratings page's API: runs computed from the database for a year (mo-quality per MO, smo-quality per insurer)
 * and the list of stored runs with the catalogues. Hand-built registers and conclusions, hand-computed figures.
 */
import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../helpers/db.js';
import { insertConclusions } from '../helpers/selection-tables.js';
import { createDeps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/api/app.js';
import { signIn } from '../helpers/auth.js';

const db = await openTestDatabase('rating_runs_api');
await db.sql.exec(`
  INSERT INTO package (id, source_name, sha256) VALUES (1, 't', 'x');
  INSERT INTO register_file (id, package_id, file_name, kind, version, sha256) VALUES (1, 1, 'HM1.XML', 'H', '5.1', 'h1');`);
// MO 750001: cases 1–3 (insurer S1: persons E1, E1, E2); MO 750002: cases 4–5 (insurer S2: persons E3, E4); 100 ₽ each
const c = (id: number, mo: string, smo: string, person: string) =>
  `(${id}, 1, '${id}', '${id}', 0, 'H', '${mo}', 2025, 7, '${person}', 'P', '${mo}', 3, '2025-07-01', '2025-07-02', 100, 'J18.1', '{}', '{}', '${smo}')`;
await db.sql
  .exec(`INSERT INTO "case" (id, register_file_id, n_zap, idcase, pr_nov, file_kind, code_mo, year, month, person_key, id_pac, lpu,
    usl_ok, date_z_1, date_z_2, sumv, ds1, pacient, zsl, smo) VALUES
  ${[c(1, '750001', 'S1', 'E1'), c(2, '750001', 'S1', 'E1'), c(3, '750001', 'S1', 'E2'), c(4, '750002', 'S2', 'E3'), c(5, '750002', 'S2', 'E4')].join(',')}`);
// sanctions: MO 750001 — MEE on 1 (defect, 30 ₽), MEE on 2 (none); MO 750002 — MEE on 4 (defect, 10 ₽)
await db.sql.exec(`INSERT INTO sank (case_id, s_code, s_sum, s_tip, s_osn, data) VALUES
  (1, 'a', 30, 51, 245, '{}'), (2, 'b', 0, 51, NULL, '{}'), (4, 'c', 10, 51, 245, '{}')`);
// conclusions: S1 — EKMP on 1 (model arm, defect), MEE on 2 (model arm, none), MEE on 3 (random, defect); S2 — EKMP on 4 (model, defect)
await insertConclusions(db.sql, [
  { caseId: 1, defect: true, arm: 'model', control: 'EKMP', smo: 'S1', codeMo: '750001', month: 7 },
  { caseId: 2, defect: false, arm: 'model', smo: 'S1', codeMo: '750001', month: 7 },
  { caseId: 3, defect: true, arm: 'random', smo: 'S1', codeMo: '750001', month: 7 },
  { caseId: 4, defect: true, arm: 'model', control: 'EKMP', smo: 'S2', codeMo: '750002', month: 7 },
]);
const deps = await createDeps(loadConfig({}), { db });
const app = await buildApp(deps);
const tfoms = await signIn(app, deps, { role: 'tfoms' });
const coordinator = await signIn(app, deps, { role: 'smo_coordinator', smo: 'S1' });

type Unit = { unit: string; rank: number; score: number; indicators: Record<string, { value: number | null; score: number }> };

describe('POST /api/ratings/from-db', () => {
  it('mo-quality: every indicator per MO from the registers of the year', async () => {
    const r = await tfoms.inject({ method: 'POST', url: '/api/ratings/from-db', payload: { catalog: 'mo-quality', year: 2025 } });
    expect(r.statusCode).toBe(201);
    const units = r.json().units as Unit[];
    const mo1 = units.find((u) => u.unit === '750001')!;
    const mo2 = units.find((u) => u.unit === '750002')!;
    // defects per 100 MEE: 750001 1 of 2 → 50; 750002 1 of 1 → 100. Withheld: 30 of 300 → 10 %; 10 of 200 → 5 %
    expect(mo1.indicators.mee_defects.value).toBe(50);
    expect(mo2.indicators.mee_defects.value).toBe(100);
    expect(mo1.indicators.withheld.value).toBeCloseTo(10, 12);
    expect(mo2.indicators.withheld.value).toBeCloseTo(5, 12);
    // "−" indicators: the better MO scores 10, the worse 0
    expect([mo1.indicators.mee_defects.score, mo2.indicators.mee_defects.score]).toEqual([10, 0]);
    expect([mo1.indicators.withheld.score, mo2.indicators.withheld.score]).toEqual([0, 10]);
    expect(units.map((u) => u.rank).sort()).toEqual([1, 2]);
    const stored = await tfoms.inject({ method: 'GET', url: `/api/ratings/${r.json().id}` });
    expect(stored.json().inputs.source).toEqual({ kind: 'database', year: 2025 });
  });
  it('smo-quality: EKMP per 1000 insured, defects per 100 expertises and the model arm confirmed, per insurer', async () => {
    const r = await tfoms.inject({ method: 'POST', url: '/api/ratings/from-db', payload: { catalog: 'smo-quality', year: 2025 } });
    expect(r.statusCode).toBe(201);
    const units = r.json().units as Unit[];
    const s1 = units.find((u) => u.unit === 'S1')!;
    const s2 = units.find((u) => u.unit === 'S2')!;
    // S1: 1 EKMP / 2 persons × 1000 = 500; 2 defects / 3 × 100; model arm 1 of 2 → 50 %. S2: 1 / 2 → 500; 100; 100 %
    expect(s1.indicators.ekmp_per_1000.value).toBe(500);
    expect(s1.indicators.defects_per_100.value).toBeCloseTo(200 / 3, 12);
    expect(s1.indicators.agreement.value).toBe(50);
    expect(s2.indicators.ekmp_per_1000.value).toBe(500);
    expect(s2.indicators.target_on_time.value).toBeNull();
    // target_on_time missing (0): S2 = 0.7·(0.4·10 + 0.3·10 + 0.3·0) + 0.3·10 = 7.9; S1 = 0.7·(4 + 0.3·20/3) + 0.3·5 = 5.7
    expect(units.map((u) => [u.unit, u.rank])).toEqual([
      ['S2', 1],
      ['S1', 2],
    ]);
    expect(units[0].score).toBeCloseTo(7.9, 12);
    expect(units[1].score).toBeCloseTo(5.7, 12);
  });
  it('400 naming a catalogue the database cannot fill; 404 for a year without data; 403 for an insurer', async () => {
    const plan = await tfoms.inject({ method: 'POST', url: '/api/ratings/from-db', payload: { catalog: 'mo-plan-execution', year: 2025 } });
    expect(plan.statusCode).toBe(400);
    expect(plan.json().message).toContain('mo-plan-execution');
    const empty = await tfoms.inject({ method: 'POST', url: '/api/ratings/from-db', payload: { catalog: 'mo-quality', year: 2019 } });
    expect(empty.statusCode).toBe(404);
    expect(empty.json().message).toContain('2019');
    expect(
      (await coordinator.inject({ method: 'POST', url: '/api/ratings/from-db', payload: { catalog: 'mo-quality', year: 2025 } }))
        .statusCode,
    ).toBe(403);
  });
});

describe('GET /api/ratings', () => {
  it('lists the runs newest first with what they rate, and the catalogues with those the database can fill', async () => {
    const posted = await tfoms.inject({
      method: 'POST',
      url: '/api/ratings',
      payload: {
        catalog: 'oms-region-2009',
        rows: [
          { unit: 'A', indicator: 'k41', value: 40 },
          { unit: 'B', indicator: 'k41', value: 80 },
        ],
      },
    });
    const r = await tfoms.inject({ method: 'GET', url: '/api/ratings' });
    expect(r.statusCode).toBe(200);
    const { runs, catalogs } = r.json();
    expect(runs.map((x: { catalog: string }) => x.catalog)).toEqual(['oms-region-2009', 'smo-quality', 'mo-quality']);
    expect(runs[0]).toMatchObject({ id: posted.json().id, source: null, units: 2, top: { unit: 'B' } });
    expect(runs[1]).toMatchObject({ source: { kind: 'database', year: 2025 }, units: 2, top: { unit: 'S2' } });
    expect(runs[1].top.score).toBeCloseTo(7.9, 12);
    expect(Number(runs[0].id)).toBeGreaterThan(Number(runs[1].id));
    const only = await tfoms.inject({ method: 'GET', url: '/api/ratings?catalog=mo-quality' });
    expect(only.json().runs).toHaveLength(1);
    expect(catalogs.filter((x: { fromDatabase: boolean }) => x.fromDatabase).map((x: { id: string }) => x.id)).toEqual([
      'mo-quality',
      'oms-region-2009',
      'smo-quality',
    ]);
    expect(catalogs.find((x: { id: string }) => x.id === 'smo-quality').indicators).toHaveLength(4);
    expect((await coordinator.inject({ method: 'GET', url: '/api/ratings' })).statusCode).toBe(403);
  });
});
