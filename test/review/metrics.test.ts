import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../src/review/metrics/wilson.js';
import { liftOver } from '../../src/review/metrics/lift.js';
import { averagePrecision, rocAuc } from '../../src/review/metrics/ranking.js';
import { brierScore, calibrationBins, expectedCalibrationError } from '../../src/review/metrics/calibration.js';
import { htRatio, htTotal } from '../../src/review/metrics/horvitz-thompson.js';
import { binaryTable, cohenKappa } from '../../src/review/metrics/kappa.js';
import { psi, psiLevel, readScoreHistogram, trainingReference } from '../../src/review/metrics/psi.js';
import { defectGroupOf } from '../../src/review/defect-groups.js';

describe('Wilson interval', () => {
  it('matches Newcombe (1998), Table I, method 3 (score interval without continuity correction)', () => {
    const cases: [number, number, number, number][] = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
    ];
    for (const [k, n, lo, hi] of cases) {
      const ci = wilsonInterval(k, n)!;
      expect(ci[0]).toBeCloseTo(lo, 4);
      expect(ci[1]).toBeCloseTo(hi, 4);
    }
  });
  it('is null without cases and exact at k = n', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(wilsonInterval(5, 5)![1]).toBe(1);
    // 5/5: lower bound n/(n + z²) = 5/8.8415
    expect(wilsonInterval(5, 5)![0]).toBeCloseTo(5 / (5 + 1.959963984540054 ** 2), 12);
  });
});

describe('lift over the random arm (Katz log interval)', () => {
  it('30/100 over 10/100: 3, exp(ln 3 ± 1.96·√(1/30 − 1/100 + 1/10 − 1/100))', () => {
    const l = liftOver(30, 100, 10, 100)!;
    expect(l.lift).toBeCloseTo(3, 12);
    const se = Math.sqrt(1 / 30 - 1 / 100 + 1 / 10 - 1 / 100); // 0.34801
    expect(l.ci![0]).toBeCloseTo(3 * Math.exp(-1.959963984540054 * se), 10);
    expect(l.ci![0]).toBeCloseTo(1.55083, 4);
    expect(l.ci![1]).toBeCloseTo(5.80335, 4);
  });
  it('undefined when the random arm confirmed nothing; no interval when the arm confirmed nothing', () => {
    expect(liftOver(3, 10, 0, 10)).toBeNull();
    expect(liftOver(0, 10, 2, 10)).toEqual({ lift: 0, ci: null });
  });
});

describe('ROC-AUC and average precision', () => {
  it('the scikit-learn documentation example: AUC 0.75, AP 0.8333', () => {
    const s = [0.1, 0.4, 0.35, 0.8];
    const y = [0, 0, 1, 1];
    expect(rocAuc(s, y)).toBeCloseTo(0.75, 12);
    expect(averagePrecision(s, y)).toBeCloseTo(5 / 6, 12);
  });
  it('counts a tie between a positive and a negative as half a pair', () => {
    // positives 0.5, 0.9; negatives 0.5, 0.2: pairs (0.5,0.5)=½, (0.5,0.2)=1, (0.9,0.5)=1, (0.9,0.2)=1 → 3.5/4
    expect(rocAuc([0.5, 0.5, 0.2, 0.9], [1, 0, 0, 1])).toBeCloseTo(0.875, 12);
    // all tied: 0.5
    expect(rocAuc([0.3, 0.3, 0.3], [1, 0, 1])).toBeCloseTo(0.5, 12);
    // AP with the tie block {0.5, 0.5} entering together: at 0.9 R=½ P=1; at 0.5 R=1 P=2/3 → ½ + ½·⅔
    expect(averagePrecision([0.5, 0.5, 0.2, 0.9], [1, 0, 0, 1])).toBeCloseTo(0.5 + 1 / 3, 12);
  });
  it('null without both classes', () => {
    expect(rocAuc([0.1, 0.2], [1, 1])).toBeNull();
    expect(averagePrecision([0.1, 0.2], [0, 0])).toBeNull();
  });
});

describe('Brier, calibration bins, ECE', () => {
  it('by hand on five cases', () => {
    const s = [0.05, 0.15, 0.12, 0.85, 1];
    const y = [0, 1, 0, 1, 1];
    // (0.05² + 0.85² + 0.12² + 0.15² + 0²)/5
    expect(brierScore(s, y)).toBeCloseTo((0.0025 + 0.7225 + 0.0144 + 0.0225) / 5, 12);
    const bins = calibrationBins(s, y, 5); // [0,.2) [.2,.4) [.4,.6) [.6,.8) [.8,1]
    expect(bins.map((b) => b.n)).toEqual([3, 0, 0, 0, 2]);
    expect(bins[0].meanScore).toBeCloseTo(0.32 / 3, 12);
    expect(bins[0].observed).toBeCloseTo(1 / 3, 12);
    expect(bins[4].meanScore).toBeCloseTo(0.925, 12);
    expect(bins[4].observed).toBe(1);
    expect(bins[1].meanScore).toBeNull();
    // ECE = 3/5·|1/3 − 0.10667| + 2/5·|1 − 0.925|
    expect(expectedCalibrationError(bins)).toBeCloseTo(0.6 * (1 / 3 - 0.32 / 3) + 0.4 * 0.075, 12);
  });
});

describe('Horvitz–Thompson', () => {
  it('the total of defective cases from rule picks (π = 1) and a 10 % random sample', () => {
    const e = htTotal([
      { y: 1, pi: 1 },
      { y: 0, pi: 1 },
      { y: 1, pi: 0.1 },
      { y: 0, pi: 0.1 },
      { y: 1, pi: 0.1 },
    ]);
    expect(e.estimate).toBeCloseTo(21, 12); // 1 + 10 + 10
    expect(e.variance).toBeCloseTo(180, 9); // 2 · 0.9/0.01
    expect(e.ci[0]).toBe(0); // 21 − 1.96·√180 < 0
    expect(e.ci[1]).toBeCloseTo(21 + 1.959963984540054 * Math.sqrt(180), 9);
  });
  it('a ratio (precision at a threshold) with its linearised variance', () => {
    // y = defect ∧ flagged, x = flagged. Ŷ = 1 + 2 = 3, X̂ = 1 + 1 + 2 + 0 + 4 = 8, R = 0.375
    const r = htRatio([
      { y: 1, x: 1, pi: 1 },
      { y: 0, x: 1, pi: 1 },
      { y: 1, x: 1, pi: 0.5 },
      { y: 0, x: 0, pi: 0.5 },
      { y: 0, x: 1, pi: 0.25 },
    ])!;
    expect(r.estimate).toBeCloseTo(0.375, 12);
    // Σ (1−π)/π² (y − Rx)²: 2·0.625² + 2·0 + 12·0.375² = 2.46875; / X̂² = /64
    expect(r.variance).toBeCloseTo(2.46875 / 64, 12);
    expect(r.ci[0]).toBe(0);
    expect(r.ci[1]).toBeCloseTo(0.375 + 1.959963984540054 * Math.sqrt(2.46875 / 64), 12);
    expect(htRatio([{ y: 0, x: 0, pi: 0.5 }])).toBeNull();
  });
  it('refuses a propensity outside (0, 1]', () => {
    expect(() => htTotal([{ y: 1, pi: 0 }])).toThrow(RangeError);
  });
});

describe("Cohen's κ", () => {
  it('the textbook table (Wikipedia, "Cohen\'s kappa", 50 grant proposals): pₒ 0.7, pₑ 0.5, κ 0.4', () => {
    const k = cohenKappa([
      [20, 5],
      [10, 15],
    ])!;
    expect(k.observed).toBeCloseTo(0.7, 12);
    expect(k.expected).toBeCloseTo(0.5, 12);
    expect(k.kappa).toBeCloseTo(0.4, 12);
    // se = √(0.7·0.3/(50·0.25)) = √0.0168
    expect(k.ci![0]).toBeCloseTo(0.4 - 1.959963984540054 * Math.sqrt(0.0168), 12);
  });
  it('the same agreement with other margins gives another κ (0.1304 and 0.2593)', () => {
    expect(
      cohenKappa([
        [45, 15],
        [25, 15],
      ])!.kappa,
    ).toBeCloseTo(0.1304, 4);
    expect(
      cohenKappa([
        [25, 35],
        [5, 35],
      ])!.kappa,
    ).toBeCloseTo(0.2593, 4);
  });
  it('builds the 2×2 table from pairs; undefined when both raters always say the same', () => {
    expect(
      binaryTable([
        [true, true],
        [true, false],
        [false, false],
        [false, false],
      ]),
    ).toEqual([
      [1, 1],
      [0, 2],
    ]);
    expect(
      cohenKappa([
        [3, 0],
        [0, 0],
      ])!.kappa,
    ).toBeNull();
    expect(
      cohenKappa([
        [0, 0],
        [0, 0],
      ]),
    ).toBeNull();
  });
});

describe('PSI', () => {
  it('by hand: 50/50 → 60/40 is 0.1·ln 1.2 + 0.1·ln 1.25', () => {
    expect(psi([50, 50], [0.6, 0.4])).toBeCloseTo(0.1 * Math.log(1.2) + 0.1 * Math.log(1.25), 12);
    expect(psi([1, 1], [1, 1])).toBe(0);
    expect(psiLevel(0.05)).toBe('stable');
    expect(psiLevel(0.1)).toBe('watch');
    expect(psiLevel(0.25)).toBe('act');
  });
  it('an empty bin counts as a share of 1e-4', () => {
    // e = (0.5, 0.5), a = (1e-4, 1) normalised shares (0, 1) floored
    expect(psi([1, 1], [0, 1])).toBeCloseTo((1e-4 - 0.5) * Math.log(1e-4 / 0.5) + 0.5 * Math.log(2), 12);
  });
  it('reads the forms of score_hist it accepts and refuses others', () => {
    expect(readScoreHistogram([1, 3])).toEqual({ edges: [0, 0.5, 1], counts: [1, 3] });
    expect(readScoreHistogram({ edges: [0, 0.2, 1], shares: [0.3, 0.7] })).toEqual({ edges: [0, 0.2, 1], counts: [0.3, 0.7] });
    expect(
      readScoreHistogram({
        bins: [
          { lo: 0, hi: 0.5, count: 2 },
          { lo: 0.5, hi: 1, count: 5 },
        ],
      }),
    ).toEqual({ edges: [0, 0.5, 1], counts: [2, 5] });
    expect(readScoreHistogram({ edges: [0, 1], counts: [1, 2] })).toBeNull();
    expect(readScoreHistogram('x')).toBeNull();
    expect(readScoreHistogram([5])).toBeNull();
  });
});

describe('defect groups', () => {
  it('two levels of the 231н item; the previous order marked', () => {
    expect(defectGroupOf(246, '2.16.1.')).toBe('2.16');
    expect(defectGroupOf(262, '3.4.')).toBe('3.4');
    expect(defectGroupOf(27, '3.2.3.')).toBe('old:3.2');
    expect(defectGroupOf(1, '')).toBeNull();
  });
});

describe('the training-window reference of score_hist', () => {
  it('sums the scorer’s per-period histograms inside train_from … train_to', () => {
    const h = { '2024-10': [9, 9], '2024-11': [3, 1], '2024-12': [2, 4], '2025-01': [0, 5] };
    expect(trainingReference(h, '2024-11', '2024-12')).toEqual({ hist: { edges: [0, 0.5, 1], counts: [5, 5] }, source: '2024-11…2024-12' });
    expect(trainingReference(h, '2023-01', '2023-12')).toBeNull(); // no scored period in the window
    expect(trainingReference(h, null, null)).toBeNull();
    expect(trainingReference({ edges: [0, 0.3, 1], counts: [1, 2] }, null, null)).toEqual({
      hist: { edges: [0, 0.3, 1], counts: [1, 2] },
      source: 'score_hist',
    });
  });
});
