import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { scoreIndicator, rank, display } from '../../src/rating/normalize.js';
import { computeRating, type InputRow } from '../../src/rating/engine.js';
import { validateCatalog, type Catalog } from '../../src/rating/catalog.js';
import { loadCatalog } from '../../src/rating/catalogs.loader.js';
import { overallTable } from '../../src/rating/overall.js';
import { parseRatingInput } from '../../src/rating/inputs.js';
import { runCliCaptured } from '../helpers/db.js';
import { tempDir } from '../helpers/registers.js';

const m = (o: Record<string, number | undefined>) => new Map(Object.entries(o));
const { catalog: region } = await loadCatalog('oms-region-2009');

describe('ten-point normalisation (rating spec §3)', () => {
  it('worked example: k41 40.67 vs best 78.66 → 5.17; k42 12 vs 100 → 1.2; ДУ4 = 0.7·5.17… + 0.3·1.2 = 3.98', () => {
    const k41 = scoreIndicator(m({ A: 40.67, B: 78.66 }), '+');
    const k42 = scoreIndicator(m({ A: 12, B: 100 }), '+');
    expect(k41.get('A')).toBeCloseTo((10 * 40.67) / 78.66, 12);
    expect(display(k41.get('A')!)).toBe('5.17');
    expect(k42.get('A')).toBeCloseTo(1.2, 12);
    const du4 = 0.7 * k41.get('A')! + 0.3 * k42.get('A')!;
    expect(display(du4)).toBe('3.98');
    // full precision: 0.7·5.170353… + 0.36 = 3.979247…, not 0.7·5.17 + 0.36 = 3.979
    expect(du4).toBeCloseTo(0.7 * (406.7 / 78.66) + 0.36, 12);
  });
  it('"−" example: 95, 100, 120 → 10, 8, 0', () => {
    expect([...scoreIndicator(m({ a: 95, b: 100, c: 120 }), '-').values()]).toEqual([10, 8, 0]);
  });
  it('"+" with max 0 → all 0; zeros and ties', () => {
    expect([...scoreIndicator(m({ a: 0, b: 0 }), '+').values()]).toEqual([0, 0]);
    expect([...scoreIndicator(m({ a: 5, b: 5, c: 0 }), '+').values()]).toEqual([10, 10, 0]);
  });
  it('"−" with all equal → all 10; negatives are ordinary values', () => {
    expect([...scoreIndicator(m({ a: 7, b: 7 }), '-').values()]).toEqual([10, 10]);
    expect([...scoreIndicator(m({ a: -10, b: 0, c: 10 }), '-').values()]).toEqual([10, 5, 0]);
  });
  it('missing values score 0 and are left out of max and min', () => {
    const s = scoreIndicator(m({ a: 95, b: undefined, c: 120, d: 100 }), '-');
    expect([...s.values()]).toEqual([10, 0, 0, 8]);
    expect([...scoreIndicator(m({ a: 50, b: undefined }), '+').values()]).toEqual([10, 0]);
  });
  it('ranks: highest first, ties share a rank', () => {
    expect(Object.fromEntries(rank(m({ a: 5, b: 7, c: 7, d: 1 }) as Map<string, number>))).toEqual({ b: 1, c: 1, a: 3, d: 4 });
  });
  it('display rounds half up', () => {
    expect(display(1.005)).toBe('1.01');
    expect(display(2.675)).toBe('2.68');
  });
  it('property: scores lie in 0..10 for any values and either sign', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), {
            nil: undefined,
          }),
          { minLength: 1, maxLength: 20 },
        ),
        fc.constantFrom('+', '-'),
        (xs, sign) => {
          const vals = new Map(xs.map((x, i) => [`u${i}`, x]));
          for (const s of scoreIndicator(vals, sign as '+' | '-').values()) {
            // "+" with negative values is outside the method's domain (shares and rates are ≥ 0)
            if (sign === '+' && xs.some((x) => x !== undefined && x < 0)) continue;
            expect(s).toBeGreaterThanOrEqual(-1e-9);
            expect(s).toBeLessThanOrEqual(10 + 1e-9);
          }
        },
      ),
    );
  });
});

const rowsFor = (units: Record<string, Record<string, number>>): InputRow[] =>
  Object.entries(units).flatMap(([unit, v]) => Object.entries(v).map(([indicator, value]) => ({ unit, indicator, value })));

describe('catalogues and the engine', () => {
  it('every shipped catalogue validates; П1 carries its known 0.95 as a warning, not an error', async () => {
    for (const id of ['oms-region-2009', 'oms-region-p1', 'mo-plan-execution', 'mo-quality', 'smo-quality']) {
      const { catalog } = await loadCatalog(id);
      expect(validateCatalog(catalog).errors, id).toEqual([]);
    }
    const { catalog: p1 } = await loadCatalog('oms-region-p1');
    expect(p1.indicators).toHaveLength(20);
    expect(validateCatalog(p1).warnings.join()).toMatch(/direction 2 sum to 0\.95/);
  });
  it('a catalogue with bad weights or signs is refused', () => {
    const bad: Catalog = {
      ...region,
      knownWeightDeviations: [],
      indicators: region.indicators.map((i) => (i.code === 'k11' ? { ...i, weight: 0.3, sign: '*' as '+' } : i)),
    };
    const v = validateCatalog(bad);
    expect(v.errors.join('\n')).toMatch(/k11 has sign "\*"/);
    expect(v.errors.join('\n')).toMatch(/direction 1 sum to 1.1/);
    expect(() => computeRating(bad, [])).toThrow(/sign/);
  });
  it('direction scores and the achieved level follow the weights (hand-computed, two regions)', () => {
    const base = Object.fromEntries(region.indicators.map((i) => [i.code, 10]));
    const r = computeRating(
      region,
      rowsFor({
        A: { ...base, k41: 40.67, k42: 12 },
        B: { ...base, k41: 78.66, k42: 100 },
      }),
    );
    const a = r.units.find((u) => u.unit === 'A')!;
    // "+" indicators equal → 10, "−" indicators equal → 10; only direction 4 differs
    expect(a.directions['1']).toBeCloseTo(10, 12);
    expect(a.directions['4']).toBeCloseTo(0.7 * (406.7 / 78.66) + 0.36, 12);
    expect(a.level).toBeCloseTo(0.15 * 10 + 0.2 * 10 + 0.4 * 10 + 0.15 * a.directions['4'] + 0.1 * 10, 12);
    expect(r.units.map((u) => [u.unit, u.rank])).toEqual([
      ['B', 1],
      ['A', 2],
    ]);
  });
  it('components: value = numerator/denominator × factor; zero denominator → missing (k53: 100 by convention)', () => {
    const r = computeRating(region, [
      { unit: 'A', indicator: 'k21', numerator: 30, denominator: 10000 },
      { unit: 'B', indicator: 'k21', numerator: 10, denominator: 0 },
      { unit: 'A', indicator: 'k53', numerator: 120, denominator: 100 },
      { unit: 'B', indicator: 'k53', numerator: 5, denominator: 0 },
    ]);
    const get = (u: string) => r.units.find((x) => x.unit === u)!.indicators;
    expect(get('A').k21.value).toBeCloseTo(3, 12);
    expect(get('B').k21).toEqual({ value: null, score: 0 });
    expect(get('A').k53.value).toBeCloseTo(20, 12);
    expect(get('B').k53.value).toBe(100);
  });
  it('clear errors: unknown indicator, numerator without denominator', () => {
    expect(() => computeRating(region, [{ unit: 'A', indicator: 'k99', value: 1 }])).toThrow(
      /row 1: indicator "k99" is not in catalogue oms-region-2009/,
    );
    expect(() => computeRating(region, [{ unit: 'A', indicator: 'k21', numerator: 1 }])).toThrow(/numerator but no denominator/);
  });
  it('with a previous period: growth kr = k(n)/k(n−1)·100 scored by the same rules; ИО = 0.6·ИД + 0.4·ДУ', () => {
    const cur = rowsFor({ A: { k41: 50, k13: 100 }, B: { k41: 40, k13: 110 } });
    const prev = rowsFor({ A: { k41: 50, k13: 100 }, B: { k41: 20, k13: 0 } });
    const r = computeRating(region, cur, prev);
    const a = r.units.find((u) => u.unit === 'A')!;
    const b = r.units.find((u) => u.unit === 'B')!;
    expect(b.indicators.k41.growth).toBeCloseTo(200, 12);
    expect(a.indicators.k41.growthScore).toBeCloseTo(5, 12);
    expect(b.indicators.k13.growth).toBeNull(); // previous 0 → missing
    expect(b.indicators.k13.growthScore).toBe(0);
    expect(a.integral).toBeCloseTo(0.6 * a.dynamics! + 0.4 * a.level, 12);
    expect(a.score).toBe(a.integral);
  });
  it('is deterministic', () => {
    const rows = rowsFor({
      A: { k11: 1, k12: 2 },
      B: { k11: 3, k12: 4 },
      C: { k11: 3, k12: 0 },
    });
    expect(JSON.stringify(computeRating(region, rows))).toBe(JSON.stringify(computeRating(region, [...rows].reverse())));
  });
  it('overall table: health index ("−"), corrected financing ПФ/k ("+"), mean and ranks', () => {
    const t = overallTable({
      system: new Map([
        ['A', 6],
        ['B', 4],
      ]),
      health: new Map([
        [
          'A',
          {
            infant_mortality: 4,
            maternal_mortality: 10,
            working_age_disability: 20,
            cancer_stage4: 20,
            tb_advanced: 5,
            complaints_growth: 1,
          },
        ],
        [
          'B',
          {
            infant_mortality: 8,
            maternal_mortality: 20,
            working_age_disability: 30,
            cancer_stage4: 25,
            tb_advanced: 10,
            complaints_growth: 3,
          },
        ],
      ]),
      financing: new Map([
        ['A', { pf: 10000, k: 1.25 }],
        ['B', { pf: 12000, k: 1 }],
      ]),
    });
    expect(t.map((r) => r.unit)).toEqual(['A', 'B']);
    expect(t[0].health).toBeCloseTo(10, 12);
    expect(t[1].financing).toBeCloseTo(10, 12);
    expect(t[0].financing).toBeCloseTo((10 * 8000) / 12000, 12);
    expect(t[0].mean).toBeCloseTo((10 + 6 + (10 * 8000) / 12000) / 3, 12);
  });
  it('property: direction weights sum to 1 and the level stays within 0..10', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...region.indicators.map((i) => i.code)), fc.double({ min: 0, max: 1000, noNaN: true })), {
          minLength: 1,
          maxLength: 40,
        }),
        (pairs) => {
          const rows = pairs.map(([indicator, value], i) => ({
            unit: `u${i % 4}`,
            indicator,
            value,
          }));
          for (const u of computeRating(region, rows).units) {
            expect(u.level).toBeGreaterThanOrEqual(0);
            expect(u.level).toBeLessThanOrEqual(10 + 1e-9);
          }
        },
      ),
      { numRuns: 50 },
    );
    expect(region.groups.reduce((s, g) => s + g.weight, 0)).toBeCloseTo(1, 12);
  });
});

describe('omsx rating (CLI)', () => {
  const dir = tempDir();
  it('reads CSV with both forms mixed and prints full-precision JSON', async () => {
    const csv = join(dir, 'in.csv');
    writeFileSync(csv, 'unit,indicator,value,numerator,denominator\nA,k41,40.67,,\nB,k41,78.66,,\nA,k42,,12,100\nB,k42,,1,1\n');
    const { code, out } = await runCliCaptured(['rating', '--catalog', 'oms-region-2009', '--input', csv, '--json'], { OMSX_HOME: dir });
    expect(code).toBe(0);
    const j = JSON.parse(out);
    expect(j.catalog).toBe('oms-region-2009');
    const a = j.units.find((u: { unit: string }) => u.unit === 'A');
    expect(a.directions['4']).toBeCloseTo(0.7 * (406.7 / 78.66) + 0.36, 12);
    expect(a.indicators.k42).toEqual({ value: 12, score: 1.2 });
    expect(j.units[0]).toMatchObject({ unit: 'B', rank: 1 });
  });
  it('prints a rounded table, writes XLSX, and names the bad row', async () => {
    const csv = join(dir, 'in2.csv');
    writeFileSync(csv, 'unit,indicator,value\nA,k13,95\nB,k13,100\nC,k13,120\n');
    const xlsx = join(dir, 'out.xlsx');
    const { code, out } = await runCliCaptured(['rating', '--catalog', 'oms-region-2009', '--input', csv, '--xlsx', xlsx], {
      OMSX_HOME: dir,
    });
    expect(code).toBe(0);
    expect(out).toMatch(/1\tA\t6\.00\t/); // ДУ1 = 0.6 · 10
    const { statSync } = await import('node:fs');
    expect(statSync(xlsx).size).toBeGreaterThan(1000);
    writeFileSync(csv, 'unit,indicator,value\nA,k99,1\n');
    const bad = await runCliCaptured(['rating', '--catalog', 'oms-region-2009', '--input', csv], { OMSX_HOME: dir });
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/in2\.csv row 1|row 1: indicator "k99"/);
  });
  it('parses JSON input too', () => {
    expect(parseRatingInput('[{"unit":"A","indicator":"k11","value":"1,5"}]', 'x.json')).toEqual([
      {
        unit: 'A',
        indicator: 'k11',
        value: 1.5,
        numerator: undefined,
        denominator: undefined,
      },
    ]);
  });
});
