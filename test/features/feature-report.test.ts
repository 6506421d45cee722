/** The feature summary, reference bins, PSI by feature and the PR curve on hand-made distributions (figures by hand). */
import { describe, expect, it } from 'vitest';
import type { FeatureRow, FeatureSpec } from '../../src/features/feature-spec.js';
import { summarizeFeatures } from '../../src/features/feature-summary.js';
import { buildReference, driftFlag, featureDrift, numericBin, quantileEdges } from '../../src/features/feature-drift.js';
import { prCurve, thin } from '../../src/ml/pr-curve.js';

const SPEC: FeatureSpec = { version: 't1', numeric: ['x'], categorical: ['c'] };
let id = 0;
const rows = (xs: number[], cs: (string | null)[]): FeatureRow[] =>
  xs.map((x, i) => ({
    caseId: String(++id),
    year: 2025,
    month: 1,
    smo: '01',
    codeMo: '750001',
    uslOk: 1,
    num: Float32Array.of(x),
    cat: [cs[i]],
  }));
const N = NaN;
// training window: x is a 0/1 flag (6 zeros, 2 ones, 2 missing); c is a (5), b (3), missing (2)
const TRAIN = rows([0, 0, 0, 0, 0, 0, 1, 1, N, N], ['a', 'a', 'a', 'a', 'a', 'b', 'b', 'b', null, null]);

describe('feature summary', () => {
  it('counts, missing share, mean / population std / min / max, top categories with shares of the present values', () => {
    const [x, c] = summarizeFeatures(SPEC, TRAIN);
    expect(x).toMatchObject({ name: 'x', kind: 'numeric', count: 10, missing: 2, missingShare: 0.2, mean: 0.25, min: 0, max: 1 });
    expect(x.kind === 'numeric' && x.std).toBeCloseTo(Math.sqrt(0.25 * 0.75), 12);
    expect(c).toEqual({
      name: 'c',
      kind: 'categorical',
      count: 10,
      missing: 2,
      missingShare: 0.2,
      distinct: 2,
      top: [
        { value: 'a', count: 5, share: 5 / 8 },
        { value: 'b', count: 3, share: 3 / 8 },
      ],
    });
  });

  it('an all-missing feature has no mean; no rows give zero counts', () => {
    const [x] = summarizeFeatures(SPEC, rows([N, N], [null, null]));
    expect(x).toMatchObject({ count: 2, missing: 2, missingShare: 1, mean: null, std: null, min: null, max: null });
    expect(summarizeFeatures(SPEC, [])[0]).toMatchObject({ count: 0, missingShare: 0 });
  });
});

describe('reference bins', () => {
  it('cuts numeric values at their deciles, equal cuts merged; a value goes to the bin of the edges ≤ it', () => {
    expect(quantileEdges([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(quantileEdges([0, 0, 0, 0, 0, 0, 1, 1])).toEqual([0, 1]);
    expect([0, 1, 2.5, 3, 10].map((v) => numericBin([1, 2, 3], v))).toEqual([0, 1, 2, 3, 3]);
  });

  it('a flag gets the bins < 0, [0; 1), ≥ 1 and missing; a categorical its values, other and missing', () => {
    const ref = buildReference(SPEC, TRAIN, '2025-01', '2025-03');
    expect(ref).toMatchObject({ specVersion: 't1', from: '2025-01', to: '2025-03', rows: 10, sampled: 10 });
    expect(ref.numeric).toEqual([{ name: 'x', edges: [0, 1], counts: [0, 6, 2], missing: 2 }]);
    expect(ref.categorical).toEqual([{ name: 'c', values: ['a', 'b'], counts: [5, 3], other: 0, missing: 2 }]);
  });

  it('samples the numeric bins of a large window (seeded: the same rows give the same reference)', () => {
    const many = rows(
      Array.from({ length: 500 }, (_, i) => i % 50),
      Array.from({ length: 500 }, () => 'a'),
    );
    const a = buildReference(SPEC, many, '2025-01', '2025-01', 100);
    const b = buildReference(SPEC, many, '2025-01', '2025-01', 100);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ rows: 500, sampled: 100 });
    expect(a.numeric[0].counts.reduce((s, v) => s + v, 0) + a.numeric[0].missing).toBe(100);
    // categorical counts are over every row
    expect(a.categorical[0].counts).toEqual([500]);
  });
});

describe('PSI by feature', () => {
  const ref = buildReference(SPEC, TRAIN, '2025-01', '2025-03');

  it('computes each feature’s PSI over its bins and flags it (figures by hand)', () => {
    // x: reference shares [0, .6, .2, .2] (missing last), period [0, .3, .5, .2]
    //    PSI = (.3 − .6)·ln(.3/.6) + (.5 − .2)·ln(.5/.2) = 0.2079442 + 0.2748872 = 0.4828314 → drift
    // c: reference [.5, .3, 0, .2] (a, b, other, missing), period [.4, .4, 0, .2]
    //    PSI = (.4 − .5)·ln(.4/.5) + (.4 − .3)·ln(.4/.3) = 0.0223144 + 0.0287682 = 0.0510826 → stable
    const period = rows([0, 0, 0, 1, 1, 1, 1, 1, N, N], ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', null, null]);
    const [x, c] = featureDrift(ref, SPEC, period);
    expect(x.name).toBe('x');
    expect(x.psi).toBeCloseTo(0.4828314, 6);
    expect(x.flag).toBe('drift');
    expect(x.bins).toEqual([
      { bin: '< 0', reference: 0, current: 0 },
      { bin: '[0; 1)', reference: 0.6, current: 0.3 },
      { bin: '≥ 1', reference: 0.2, current: 0.5 },
      { bin: 'missing', reference: 0.2, current: 0.2 },
    ]);
    expect(c.psi).toBeCloseTo(0.0510826, 6);
    expect(c.flag).toBe('stable');
  });

  it('counts a value unseen in training as other (an empty reference bin counts as the floor share 1e-4)', () => {
    // c: period [.5, .2, .1, .2] against [.5, .3, 0, .2]: (.2 − .3)·ln(2/3) + (.1 − .0001)·ln(.1/.0001) = 0.0405465 + 0.6900848
    const period = rows([0, 0, 0, 0, 0, 0, 1, 1, N, N], ['a', 'a', 'a', 'a', 'a', 'b', 'b', 'z', null, null]);
    const d = featureDrift(ref, SPEC, period);
    expect(d.map((f) => f.name)).toEqual(['c', 'x']); // most drifted first
    expect(d[0].psi).toBeCloseTo(0.7306313, 6);
    expect(d[1].psi).toBeCloseTo(0, 12);
    expect(d[1].flag).toBe('stable');
  });

  it('a period without rows has no PSI; a feature the spec lacks has none either', () => {
    expect(featureDrift(ref, SPEC, []).map((f) => [f.psi, f.flag])).toEqual([
      [null, null],
      [null, null],
    ]);
    const other: FeatureSpec = { version: 't1', numeric: ['y'], categorical: ['c'] };
    const d = featureDrift(ref, other, rows([1], ['a']));
    expect(d.find((f) => f.name === 'x')?.psi).toBeNull();
  });

  it('flags strictly above 0.1 as watch and above 0.25 as drift', () => {
    expect([0.05, 0.1, 0.1000001, 0.25, 0.2500001].map(driftFlag)).toEqual(['stable', 'stable', 'watch', 'watch', 'drift']);
  });
});

describe('precision–recall curve', () => {
  it('one point per distinct score, tied scores entering together, weighted', () => {
    const p = [0.9, 0.8, 0.8, 0.3];
    const y = [1, 0, 1, 0];
    expect(prCurve(p, y)).toEqual([
      { threshold: 0.9, recall: 0.5, precision: 1 },
      { threshold: 0.8, recall: 1, precision: 2 / 3 },
      { threshold: 0.3, recall: 1, precision: 0.5 },
    ]);
    expect(prCurve(p, y, [1, 2, 1, 1]).map((q) => q.precision)).toEqual([1, 0.5, 0.4]);
    expect(prCurve(p, y, null, [1, 3])).toEqual([]); // only negatives among the rows used
    expect(prCurve(p, y, null, [0, 3])).toEqual([
      { threshold: 0.9, recall: 1, precision: 1 },
      { threshold: 0.3, recall: 1, precision: 0.5 },
    ]);
    expect(prCurve([0.5, 0.4], [0, 0])).toEqual([]);
  });

  it('thins to at most maxPoints, keeping the first and the last', () => {
    expect(thin([1, 2, 3, 4, 5], 3)).toEqual([1, 3, 5]);
    const p = Array.from({ length: 1000 }, (_, i) => i / 1000);
    const pts = prCurve(
      p,
      p.map((_, i) => (i % 3 === 0 ? 1 : 0)),
      null,
      null,
      50,
    );
    expect(pts.length).toBe(50);
    expect(pts[0].threshold).toBe(0.999);
    expect(pts[49]).toMatchObject({ threshold: 0, recall: 1 });
  });
});
