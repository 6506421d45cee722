import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { splitByMonth, splitByQuarter, splitLargestRemainder } from '../../src/planning/split.js';
import { balance, programmeCost } from '../../src/planning/programme.js';
import { distributeVolume } from '../../src/planning/distribute.js';
import { moFinancing } from '../../src/planning/financing.js';
import { planFact } from '../../src/planning/plan-fact.js';
import { loadFacts } from '../../src/planning/fact.repo.js';
import { openTestDatabase, runCliCaptured } from '../helpers/db.js';

describe('largest-remainder splits', () => {
  it('hand-computed: 100 kopecks by 1:1:1 → 34, 33, 33 (tie broken by key)', () => {
    expect(
      Object.fromEntries(
        splitLargestRemainder(100, [
          ['b', 1],
          ['a', 1],
          ['c', 1],
        ]),
      ),
    ).toEqual({ b: 33, a: 34, c: 33 });
  });
  it('hand-computed: 1000 by 0.5/0.3/0.2 is exact; 10 by 2:3 → 4, 6', () => {
    expect(
      Object.fromEntries(
        splitLargestRemainder(1000, [
          ['x', 0.5],
          ['y', 0.3],
          ['z', 0.2],
        ]),
      ),
    ).toEqual({ x: 500, y: 300, z: 200 });
    expect(
      Object.fromEntries(
        splitLargestRemainder(10, [
          ['p', 2],
          ['q', 3],
        ]),
      ),
    ).toEqual({ p: 4, q: 6 });
  });
  it('months: 1 000 000 001 kopecks evenly; a seasonal profile', () => {
    const m = splitByMonth(1_000_000_001);
    expect([...m.values()].reduce((a, b) => a + b, 0)).toBe(1_000_000_001);
    expect(Math.max(...m.values()) - Math.min(...m.values())).toBeLessThanOrEqual(1);
    const s = splitByMonth(1200, [2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0]);
    expect(s.get('01')).toBe(200);
    expect(s.get('12')).toBe(0);
  });
  it('property: every split sums to its total, no part negative, each within one unit of its exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e12 }),
        fc.array(fc.double({ min: 0.001, max: 1000, noNaN: true }), { minLength: 1, maxLength: 30 }),
        (total, ws) => {
          const weights = ws.map((w, i) => [`k${i}`, w] as const);
          const parts = splitLargestRemainder(total, weights);
          const sum = ws.reduce((a, b) => a + b, 0);
          expect([...parts.values()].reduce((a, b) => a + b, 0)).toBe(total);
          for (const [k, w] of weights) {
            expect(parts.get(k)!).toBeGreaterThanOrEqual(0);
            expect(Math.abs(parts.get(k)! - (total * w) / sum)).toBeLessThan(1 + 1e-6 * total);
          }
        },
      ),
    );
  });
  it('quarters: 10 units evenly → 3, 3, 2, 2', () => {
    expect(Object.fromEntries(splitByQuarter(10))).toEqual({ Q1: 3, Q2: 3, Q3: 2, Q4: 2 });
  });
  it('refuses what cannot be split', () => {
    expect(() => splitLargestRemainder(10, [['a', 0]])).toThrow(/all zero/);
    expect(() => splitLargestRemainder(1.5, [['a', 1]])).toThrow(/whole number/);
  });
});

describe('programme, balance, distribution, MO financing', () => {
  it('programme cost: volume = insured × norm, cost = volume × unit cost, in kopecks', () => {
    const r = programmeCost(
      [
        { condition: 'hospital', volumeNorm: 0.165, unitCost: '43082.40' },
        { condition: 'ambulance', volumeNorm: 0.29, unitCost: '3288.70' },
      ],
      1000,
    );
    expect(r.lines).toEqual([
      { condition: 'hospital', volume: 165, unitCostKop: 4308240, costKop: 165 * 4308240 },
      { condition: 'ambulance', volume: 290, unitCostKop: 328870, costKop: 290 * 328870 },
    ]);
    expect(r.totalKop).toBe(165 * 4308240 + 290 * 328870);
    expect(r.perCapitaKop).toBe(Math.round((165 * 4308240 + 290 * 328870) / 1000));
  });
  it('balance flags a programme the revenue does not cover', () => {
    expect(balance({ revenue: { a: '100.00' }, expense: { b: '60.50', c: '39.50' } })).toEqual({
      revenueKop: 10000,
      expenseKop: 10000,
      balanceKop: 0,
      covered: true,
    });
    expect(balance({ revenue: { a: '100.00' }, expense: { b: '100.01' } }).covered).toBe(false);
  });
  it('distribution follows proposals (or last year), respects caps, keeps the total', () => {
    const d = distributeVolume(1000, [
      { mo: 'A', proposal: 600, cap: 500 },
      { mo: 'B', proposal: 300 },
      { mo: 'C', lastYear: 100 },
    ]);
    // first pass 600:300:100 → A capped at 500, the 100 left goes 3:1 to B and C
    expect(Object.fromEntries(d)).toEqual({ A: 500, B: 375, C: 125 });
    expect(() => distributeVolume(1000, [{ mo: 'A', proposal: 1, cap: 10 }])).toThrow(/capacity/);
  });
  it('MO financing: per capita × coefficients, per unit, KSG by the shared formula', () => {
    const r = moFinancing({
      perCapitaNorm: '2000.00',
      attached: 1000,
      sexAgeCoef: 1.1,
      diffCoef: 1.05,
      bonusShare: 0.1,
      units: [{ service: 'visit', volume: 10, tariff: '378.10' }],
      ksgCases: [{ base: '25986.70', koefZ: '0.87', koefUp: '1', koefU: '1', koefD: '1', count: 2 }],
    });
    expect(r.perCapitaKop + r.bonusKop).toBe(231_000_000); // 2000 × 1000 × 1.1 × 1.05 = 2 310 000.00
    expect(r.bonusKop).toBe(23_100_000);
    expect(r.unitsKop).toBe(378_100);
    expect(r.ksgKop).toBe(2 * 2260843); // 25986.70 × 0.87 = 22608.429 → 22608.43
    expect(r.totalKop).toBe(231_000_000 + 378_100 + 2 * 2260843);
  });
  it('plan-fact: execution to date and a straight-line forecast', () => {
    const e = planFact(
      [{ mo: 'A', uslOk: 1, volume: 1200 }],
      [
        { mo: 'A', uslOk: 1, month: 1, cases: 90, acceptedKop: 0 },
        { mo: 'A', uslOk: 1, month: 2, cases: 120, acceptedKop: 0 },
      ],
      2,
    );
    expect(e[0]).toMatchObject({ planToDate: 200, factToDate: 210, executionPct: 105, forecastYear: 1260 });
    expect(e[0].deviationPct).toBeCloseTo(5, 12);
  });
});

// at module level: the schema is dropped after the file (openTestDatabase registers that when awaited here)
const db = await openTestDatabase('plan');

describe('plan-fact from accepted registers (PostgreSQL) and the CLI', () => {
  it('facts are accepted cases and sums after sanctions, by MO, condition and month', async () => {
    await db.sql.exec(`
      INSERT INTO package (id, source_name, sha256) VALUES (1, 't', 'x');
      INSERT INTO register_file (id, package_id, file_name, kind, version, sha256) VALUES (1, 1, 'HM1.XML', 'H', '5.1', 'h1');
      INSERT INTO "case" (id, register_file_id, n_zap, idcase, pr_nov, file_kind, code_mo, year, month, person_key, id_pac, lpu, usl_ok, date_z_1, date_z_2, sumv, sump, status, pacient, zsl) VALUES
        (1, 1, '1', '1', 0, 'H', '750001', 2025, 7, 'E1', 'P', '750001', 1, '2025-07-01', '2025-07-05', 1000.00, NULL, 'accepted', '{}', '{}'),
        (2, 1, '2', '2', 0, 'H', '750001', 2025, 7, 'E2', 'P', '750001', 1, '2025-07-01', '2025-07-05', 500.00, 450.00, 'accepted', '{}', '{}'),
        (3, 1, '3', '3', 0, 'H', '750001', 2025, 7, 'E3', 'P', '750001', 1, '2025-07-01', '2025-07-05', 700.00, NULL, 'superseded', '{}', '{}');
      INSERT INTO sank (case_id, s_code, s_sum, s_tip, data) VALUES (1, 's', 100.00, 51, '{}');`);
    expect(await loadFacts(db.sql, 2025)).toEqual([{ mo: '750001', uslOk: 1, month: 7, cases: 2, acceptedKop: 90000 + 45000 }]);
  });
  it('omsx plan distribute / split print exact parts', async () => {
    const { code, out } = await runCliCaptured(['plan', 'split', '--total', '100', '--by', 'month'], {});
    expect(code).toBe(0);
    const parts = JSON.parse(out) as Array<{ month: string; value: number }>;
    expect(parts.reduce((a, p) => a + p.value, 0)).toBe(100);
    const d = await runCliCaptured(['plan', 'distribute', '--total', '120000', '--requests', 'data/planning/requests.csv'], {});
    expect(Object.values(JSON.parse(d.out) as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(120000);
    expect(JSON.parse(d.out)['750002']).toBe(30000);
  });
});
