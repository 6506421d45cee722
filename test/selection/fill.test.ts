import { describe, expect, it } from 'vitest';
import { fillWorklist, rankCandidates, randomArmSize, type Candidate } from '../../src/selection/fill.js';
import { capByCapacity, computeQuotas, plannedQuota } from '../../src/selection/quota.js';
import { DEFAULT_QUOTAS, resolveConfig, validateQuotas } from '../../src/selection/config.js';
import { worklistRng } from '../../src/selection/rng.js';

describe('quotas', () => {
  it('quota = ceil(pct × cases) in integers', () => {
    expect([plannedQuota(8, 43), plannedQuota(0.8, 1000), plannedQuota(1.5, 200), plannedQuota(0.5, 201), plannedQuota(3, 0)]).toEqual([
      4, 8, 3, 2, 0,
    ]);
    const q = computeQuotas(
      [
        { smo: 'A', control: 'MEE', uslOk: 1, cases: 43 },
        { smo: 'A', control: 'EKMP', uslOk: 3, cases: 1000 },
      ],
      DEFAULT_QUOTAS,
    );
    expect(q.map((x) => x.quota)).toEqual([4, 5]);
  });
  it('expert capacity caps the planned total exactly (largest remainder), after the mandatory items', () => {
    const q = computeQuotas(
      [
        { smo: 'A', control: 'MEE', uslOk: 1, cases: 125 }, // 10
        { smo: 'B', control: 'MEE', uslOk: 1, cases: 63 }, // ceil(0.08 × 63 = 5.04) = 6
        { smo: 'C', control: 'MEE', uslOk: 1, cases: 50 }, // 4
        { smo: 'A', control: 'EKMP', uslOk: 1, cases: 100 }, // 5
      ],
      DEFAULT_QUOTAS,
    );
    expect(q.map((x) => x.planned)).toEqual([10, 6, 4, 5]);
    capByCapacity(q, new Map([['MEE', 12]]), new Map([['MEE', 2]])); // 10 places for a demand of 20: 5, 3, 2
    expect(q.map((x) => x.quota)).toEqual([5, 3, 2, 5]);
    const r = computeQuotas(
      [
        { smo: 'A', control: 'MEE', uslOk: 1, cases: 125 },
        { smo: 'B', control: 'MEE', uslOk: 1, cases: 63 },
        { smo: 'C', control: 'MEE', uslOk: 1, cases: 50 },
      ],
      DEFAULT_QUOTAS,
    );
    capByCapacity(r, new Map([['MEE', 11]]), new Map()); // 11 of 20: 5.5, 3.3, 2.2 → 5, 3, 2 and the one left to A (.5)
    expect(r.map((x) => x.quota)).toEqual([6, 3, 2]);
    expect(r.reduce((s, x) => s + x.quota, 0)).toBe(11);
  });
  it('a bad quota table is refused naming the row', () => {
    const rows = DEFAULT_QUOTAS.map((r) => ({ ...r }));
    expect(() => validateQuotas([...rows.slice(0, 7), { control: 'MEE', uslOk: 5, pct: 1 }])).toThrow(
      /quota row 8 .*unknown care condition/,
    );
    expect(() => validateQuotas([{ ...rows[0], pct: 120 }, ...rows.slice(1)])).toThrow(/quota row 1 .*pct/);
    expect(() => validateQuotas([{ ...rows[0], pct: 'x' as unknown as number }, ...rows.slice(1)])).toThrow(/quota row 1/);
    expect(() => validateQuotas([...rows.slice(0, 7), { control: 'XYZ', uslOk: 4, pct: 1 }])).toThrow(/quota row 8 .*control/);
    expect(() => validateQuotas(rows.slice(0, 7))).toThrow(/no row for EKMP USL_OK 4/);
    expect(() => resolveConfig({ epsilon: 2 })).toThrow(/epsilon/);
  });
});

const cands = (n: number, mo: (i: number) => string, score: (i: number) => number): Candidate[] =>
  rankCandidates(Array.from({ length: n }, (_, i) => ({ id: String(i + 1), codeMo: mo(i), score: score(i) })));

describe('fill: random arm, model arm, MO cap', () => {
  it('the quota holds exactly: ⌈ε·Q⌉ random, the rest by the model, no case twice', () => {
    const c = cands(
      100,
      (i) => `M${i % 7}`,
      (i) => 100 - i,
    );
    const f = fillWorklist(c, { quota: 20, epsilon: 0.1, moCap: 0.3, replicates: 50 }, worklistRng(1, 'x'));
    expect(f.nRandom).toBe(2);
    expect(f.nModel).toBe(18);
    expect(new Set(f.picks.map((p) => p.index)).size).toBe(20);
    expect(f.randomRate).toBe(0.02);
    expect(randomArmSize(1, 0.1)).toBe(1);
    expect(randomArmSize(10, 0.1)).toBe(1);
    expect(randomArmSize(11, 0.1)).toBe(2);
    expect(fillWorklist(c, { quota: 500, epsilon: 0.1, moCap: 0.3, replicates: 5 }, worklistRng(1, 'x')).picks.length).toBe(100);
  });
  it('no MO takes more of the model arm than its cap unless its share of the score is larger', () => {
    // A's 50 cases score 2, B's 50 score 1.9: A's share 100/195 → cap ⌈0.513 × 20⌉ = 11 of the 18 model places
    const c = cands(
      100,
      (i) => (i < 50 ? 'A' : 'B'),
      (i) => (i < 50 ? 2 : 1.9),
    );
    for (const seed of [1, 2, 3]) {
      const f = fillWorklist(c, { quota: 20, epsilon: 0.1, moCap: 0.3, replicates: 20 }, worklistRng(seed, 'cap'));
      const model = f.picks.filter((p) => p.arm === 'model').map((p) => c[p.index].codeMo);
      expect(model.filter((m) => m === 'A').length).toBe(11);
      expect(model.filter((m) => m === 'B').length).toBe(7);
    }
    // with scores so unequal that A holds 10/11 of the total, A may fill every model place
    const d = cands(
      100,
      (i) => (i < 50 ? 'A' : 'B'),
      (i) => (i < 50 ? 10 : 1),
    );
    const g = fillWorklist(d, { quota: 20, epsilon: 0.1, moCap: 0.3, replicates: 20 }, worklistRng(1, 'cap'));
    expect(g.picks.filter((p) => p.arm === 'model' && d[p.index].codeMo === 'A').length).toBe(18);
  });
  it('the same seed gives the same lists; another seed another random arm', () => {
    const c = cands(
      1000,
      (i) => `M${i % 13}`,
      (i) => Math.sin(i) + 2,
    );
    const run = (seed: number) => fillWorklist(c, { quota: 80, epsilon: 0.1, moCap: 0.3, replicates: 30 }, worklistRng(seed, 'k')).picks;
    expect(run(7)).toEqual(run(7));
    expect(run(7).filter((p) => p.arm === 'random')).not.toEqual(run(8).filter((p) => p.arm === 'random'));
  });
});

describe('propensities', () => {
  it('match the hypergeometric inclusion probabilities where they can be computed by hand', () => {
    // M = 10 distinct MOs (no cap binds), Q = 5, ε = 0.4: 2 random, 3 model. A case at rank r (0-based) not drawn
    // at random is taken by the model when at least r − 2 of the r cases above it were drawn (2 draws from 9 others):
    // r ≤ 2: 1; r = 3: 1 − C(6,2)/C(9,2) = 21/36; r = 4: C(4,2)/C(9,2) = 6/36; r ≥ 5: 0. π = 0.2 + 0.8 · that.
    const c = cands(
      10,
      (i) => `M${i}`,
      (i) => 10 - i,
    );
    const expected = [1, 1, 1, 0.2 + 0.8 * (21 / 36), 0.2 + 0.8 * (6 / 36), 0.2, 0.2, 0.2, 0.2, 0.2];
    const seen = new Map<number, number>();
    for (let seed = 0; seed < 60; seed++) {
      const f = fillWorklist(c, { quota: 5, epsilon: 0.4, moCap: 0.3, replicates: 20000 }, worklistRng(seed, 'h'));
      for (const p of f.picks) seen.set(p.index, p.propensity);
    }
    for (const [i, p] of seen) expect(p).toBeCloseTo(expected[i], 2);
    expect(seen.size).toBe(10);
  });
  it('the random arm samples every candidate at its recorded rate', () => {
    const c = cands(
      50,
      (i) => `M${i % 5}`,
      (i) => 50 - i,
    );
    const hits = new Array<number>(50).fill(0);
    const R = 4000;
    let rate = 0;
    for (let seed = 0; seed < R; seed++) {
      const f = fillWorklist(c, { quota: 10, epsilon: 0.1, moCap: 0.3, replicates: 1 }, worklistRng(seed, 'r'));
      rate = f.randomRate;
      for (const p of f.picks) if (p.arm === 'random') hits[p.index]++;
    }
    expect(rate).toBe(1 / 50);
    // each case: Binomial(4000, 0.02), mean 80, sd 8.9; all 50 within 4 sd
    for (const h of hits) expect(Math.abs(h - 80)).toBeLessThan(4 * 8.9);
  });
  it('Horvitz–Thompson estimates of the defect total are unbiased over repeated seeds', () => {
    // a fixed simulated population: 400 cases in 6 MOs, defect probability q, score = q + noise, defects drawn once
    const rnd = worklistRng(99, 'population');
    const q = Array.from({ length: 400 }, () => rnd.int(1, 60) / 100);
    const y = q.map((p) => (rnd.int(1, 10000) <= p * 10000 ? 1 : 0));
    const total = y.reduce<number>((s, v) => s + v, 0);
    const c = rankCandidates(q.map((p, i) => ({ id: String(i + 1), codeMo: `M${i % 6}`, score: p + rnd.int(0, 20) / 100, y: y[i] })));
    const R = 300;
    const ht: number[] = [];
    const htRandom: number[] = [];
    for (let seed = 1; seed <= R; seed++) {
      const f = fillWorklist(c, { quota: 60, epsilon: 0.2, moCap: 0.3, replicates: 400 }, worklistRng(seed, 'ht'));
      let t = 0;
      let tr = 0;
      for (const p of f.picks) {
        const yi = (c[p.index] as (typeof c)[number]).y;
        t += yi / p.propensity;
        if (p.arm === 'random') tr += yi / f.randomRate;
      }
      ht.push(t);
      htRandom.push(tr);
    }
    for (const est of [ht, htRandom]) {
      const mean = est.reduce((s, v) => s + v, 0) / R;
      const sd = Math.sqrt(est.reduce((s, v) => s + (v - mean) ** 2, 0) / (R - 1));
      expect(Math.abs(mean - total)).toBeLessThan(3 * (sd / Math.sqrt(R)) + 0.5);
    }
  });
});
