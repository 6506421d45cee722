import { describe, expect, it } from 'vitest';
import { compileEncoder, encodeRows, fitPreprocess, outOfFoldTargets, foldOf } from '../../src/ml/preprocess.js';
import { ipwWeights, type LabelInfo } from '../../src/ml/ipw.js';
import { evaluate, fitPlatt, pointMetrics } from '../../src/ml/train.evaluate.js';
import type { FeatureRow, FeatureSpec } from '../../src/ml/feature-row.js';

const spec: FeatureSpec = { version: 's', numeric: ['los', 'gap'], categorical: ['ds1', 'mo'] };
const row = (id: string, los: number, gap: number, ds1: string | null, mo: string): FeatureRow => ({
  caseId: id,
  year: 2025,
  month: 1,
  smo: null,
  codeMo: mo,
  uslOk: 1,
  num: Float32Array.of(los, gap),
  cat: [ds1, mo],
});

describe('preprocessing fitted on the training rows', () => {
  // los 2, 4, 6, 8 → mean 5, population sd √5; gap missing once → indicator; ds1 A×2, B×1, C×1 (minCount 2 keeps A)
  const rows = [row('1', 2, 10, 'A', 'M1'), row('2', 4, NaN, 'A', 'M1'), row('3', 6, 30, 'B', 'M2'), row('4', 8, 20, 'C', 'M1')];
  const y = [1, 0, 1, 0];
  const w = [1, 1, 1, 1];
  const pre = fitPreprocess(spec, rows, y, w, { minCount: 2, maxVocab: 10, targetEncode: ['ds1'], smoothing: 2, folds: 2 });

  it('standardises numerics, adds a missing indicator only where training had a missing value', () => {
    expect(pre.numeric[0]).toEqual({ name: 'los', mean: 5, std: Math.sqrt(5), indicator: false });
    expect(pre.numeric[1].mean).toBe(20);
    expect(pre.numeric[1].indicator).toBe(true);
    // los, gap, gap-missing, te(ds1)
    expect(pre.numDim).toBe(4);
  });

  it('keeps categories seen minCount times, the rest (and unseen, and missing) go to the OOV slot', () => {
    expect(pre.categorical.map((c) => [c.name, c.offset, c.vocab])).toEqual([
      ['ds1', 0, ['A']],
      ['mo', 2, ['M1']],
    ]);
    expect(pre.vocab).toBe(4);
    const enc = compileEncoder(pre, spec);
    const b = encodeRows(enc, [row('9', 5 + Math.sqrt(5), NaN, 'Z', 'M1'), row('10', 5, 20, null, 'M2'), row('11', 5, 20, 'A', 'M1')]);
    expect(Array.from(b.cat)).toEqual([0, 3, 0, 2, 1, 3]);
    // standardised los 1, gap missing → 0 with indicator 1
    expect(b.num[0]).toBeCloseTo(1, 6);
    expect(b.num[1]).toBe(0);
    expect(b.num[2]).toBe(1);
    expect(b.num[4 + 2]).toBe(0);
  });

  it('target encoding: smoothed towards the prior, unseen categories get the prior', () => {
    // prior 0.5; A: (1 + 0 + 2·0.5) / (2 + 2) = 0.5; B: (1 + 1) / (1 + 2) = 2/3; C: (0 + 1) / 3 = 1/3
    expect(pre.target[0].prior).toBe(0.5);
    expect(pre.target[0].values).toEqual({ A: 0.5, B: 2 / 3, C: 1 / 3 });
    const te = outOfFoldTargets(pre, spec, rows, y, w, 2);
    // each row's value never uses its own label: recompute row 1's from the rows of the other fold
    const other = rows.map((r, i) => i).filter((i) => foldOf(rows[i].caseId, 2) !== foldOf('1', 2));
    const prior = other.length ? other.reduce((s, i) => s + y[i], 0) / other.length : 0;
    const a = other.filter((i) => rows[i].cat[0] === 'A');
    expect(te[0][0]).toBeCloseTo((a.reduce((s, i) => s + y[i], 0) + 2 * prior) / (a.length + 2), 12);
  });

  it('fitted on the training window only: a later row changes nothing', () => {
    const again = fitPreprocess(spec, rows, y, w, { minCount: 2, maxVocab: 10, targetEncode: ['ds1'], smoothing: 2, folds: 2 });
    expect(again).toEqual(pre);
  });
});

describe('inverse-propensity weights', () => {
  const strata = { cases: new Map([['2025-1|1', 100]]), reviewed: new Map([['2025-1|1', 20]]) };
  it('random arm 1/propensity, rule arms 1, unknown estimated from its stratum and counted, clipped at the maximum', () => {
    const rows: LabelInfo[] = [
      { arm: 'random', propensity: 0.04, stratum: '2025-1|1' },
      { arm: 'trigger', propensity: null, stratum: '2025-1|1' },
      { arm: 'legacy', propensity: null, stratum: '2025-1|1' },
      { arm: 'unknown', propensity: null, stratum: '2025-1|1' },
      { arm: 'model', propensity: null, stratum: '2025-1|1' },
      { arm: 'random', propensity: 0.001, stratum: '2025-1|1' },
      { arm: 'unknown', propensity: null, stratum: 'nowhere' },
    ];
    const r = ipwWeights(rows, strata, 100);
    expect(Array.from(r.weights)).toEqual([25, 1, 1, 5, 1, 100, 1]);
    expect(r.estimated).toBe(2);
    expect(r.clipped).toBe(1);
    expect(r.byArm).toEqual({ random: 2, trigger: 1, legacy: 1, unknown: 2, model: 1 });
  });
});

describe('metrics', () => {
  it('hand-computed ROC-AUC, average precision, Brier, precision and lift in the top 5 %', () => {
    // scores 0.9 (1), 0.8 (0), 0.7 (1), 0.1 (0): AUC = 3/4; AP = (1/2)(1/1) + (1/2)(2/3) = 5/6
    const p = [0.9, 0.8, 0.7, 0.1];
    const y = [1, 0, 1, 0];
    const m = pointMetrics(p, y, [1, 1, 1, 1], [0, 1, 2, 3]);
    expect(m.roc_auc).toBeCloseTo(0.75, 12);
    expect(m.pr_auc).toBeCloseTo(5 / 6, 12);
    expect(m.brier).toBeCloseTo((0.01 + 0.64 + 0.09 + 0.01) / 4, 12);
    expect(m.precision_at_5pct).toBe(1);
    expect(m.lift_at_5pct).toBe(2);
    const e = evaluate(p, y, [1, 1, 1, 1], [0, 1, 2, 3], { reps: 50, seed: 3 });
    expect(e.roc_auc.value).toBeCloseTo(0.75, 12);
    expect(e.roc_auc.lo).toBeLessThanOrEqual(0.75);
    expect(evaluate(p, y, [1, 1, 1, 1], [0, 1, 2, 3], { reps: 50, seed: 3 })).toEqual(e);
  });

  it('Platt scaling recovers a known a, b', () => {
    const z: number[] = [];
    const y: number[] = [];
    // expected counts instead of draws: each z carries weight q and 1 - q
    for (let k = -40; k <= 40; k++) {
      z.push(k / 10, k / 10);
      y.push(1, 0);
    }
    const w = z.map((zz, i) => {
      const q = 1 / (1 + Math.exp(-(2 * zz - 1)));
      return i % 2 === 0 ? q : 1 - q;
    });
    const c = fitPlatt(
      z,
      y,
      w,
      z.map((_, i) => i),
    );
    expect(c.a).toBeCloseTo(2, 4);
    expect(c.b).toBeCloseTo(-1, 4);
  });
});
