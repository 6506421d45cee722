/**
 * Weighted evaluation metrics of scores against labels (ROC-AUC, PR-AUC as average precision, Brier, ECE,
 * precision and lift in the top 5 %), with 95 % bootstrap intervals, and the calibration curve. Pure.
 */
import { mulberry32 } from './random.js';

export interface Interval {
  value: number;
  lo: number;
  hi: number;
}
export interface Metrics {
  roc_auc: Interval;
  pr_auc: Interval;
  brier: Interval;
  ece: Interval;
  precision_at_5pct: Interval;
  lift_at_5pct: Interval;
  prevalence: number;
  n: number;
  positives: number;
}
type Point = Omit<Metrics, 'roc_auc' | 'pr_auc' | 'brier' | 'ece' | 'precision_at_5pct' | 'lift_at_5pct' | 'n' | 'positives'> & {
  roc_auc: number;
  pr_auc: number;
  brier: number;
  ece: number;
  precision_at_5pct: number;
  lift_at_5pct: number;
};

/** Point metrics of scores `p` against labels `y` with weights `w` (indices `idx` of the rows to use). */
export function pointMetrics(p: ArrayLike<number>, y: ArrayLike<number>, w: ArrayLike<number>, idx: ArrayLike<number>): Point {
  const order = Array.from(idx).sort((a, b) => p[b] - p[a] || a - b);
  let W = 0,
    WP = 0,
    brier = 0;
  for (const i of order) {
    W += w[i];
    WP += w[i] * y[i];
    brier += w[i] * (p[i] - y[i]) ** 2;
  }
  const prevalence = W ? WP / W : 0;
  // ROC-AUC and average precision over tied groups of scores
  let tp = 0,
    fp = 0,
    auc = 0,
    ap = 0;
  for (let k = 0; k < order.length;) {
    let dtp = 0,
      dfp = 0;
    const s = p[order[k]];
    for (; k < order.length && p[order[k]] === s; k++) {
      const i = order[k];
      if (y[i]) dtp += w[i];
      else dfp += w[i];
    }
    auc += dfp * (tp + dtp / 2);
    tp += dtp;
    fp += dfp;
    if (dtp > 0) ap += (dtp / (WP || 1)) * (tp / (tp + fp));
  }
  const roc = WP > 0 && W - WP > 0 ? auc / (WP * (W - WP)) : NaN;
  // top 5 % by weight
  const cut = 0.05 * W;
  let acc = 0,
    hit = 0;
  for (const i of order) {
    if (acc >= cut && acc > 0) break;
    acc += w[i];
    hit += w[i] * y[i];
  }
  const precision = acc ? hit / acc : NaN;
  return {
    roc_auc: roc,
    pr_auc: WP > 0 ? ap : NaN,
    brier: W ? brier / W : NaN,
    ece: calibrationCurve(p, y, w, idx).ece,
    precision_at_5pct: precision,
    lift_at_5pct: prevalence > 0 ? precision / prevalence : NaN,
    prevalence,
  };
}

export interface CalibrationBin {
  from: number;
  to: number;
  meanP: number;
  observed: number;
  weight: number;
}

/** Ten equal-width bins of the predicted probability: mean prediction against the observed (weighted) rate. */
export function calibrationCurve(p: ArrayLike<number>, y: ArrayLike<number>, w: ArrayLike<number>, idx: ArrayLike<number>, bins = 10) {
  const acc = Array.from({ length: bins }, () => ({ w: 0, p: 0, y: 0 }));
  let W = 0;
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    const b = Math.min(bins - 1, Math.max(0, Math.floor(p[i] * bins)));
    acc[b].w += w[i];
    acc[b].p += w[i] * p[i];
    acc[b].y += w[i] * y[i];
    W += w[i];
  }
  let ece = 0;
  const curve: CalibrationBin[] = acc.map((a, b) => {
    if (a.w > 0) ece += (a.w / W) * Math.abs(a.p / a.w - a.y / a.w);
    return { from: b / bins, to: (b + 1) / bins, meanP: a.w ? a.p / a.w : NaN, observed: a.w ? a.y / a.w : NaN, weight: a.w };
  });
  return { curve: curve.filter((c) => c.weight > 0), ece: W ? ece : NaN };
}

/** Point metrics with 95 % percentile-bootstrap intervals (`reps` resamples, seeded). */
export function evaluate(
  p: ArrayLike<number>,
  y: ArrayLike<number>,
  w: ArrayLike<number>,
  idx: ArrayLike<number>,
  opts: { reps?: number; seed?: number } = {},
): Metrics {
  const point = pointMetrics(p, y, w, idx);
  const reps = opts.reps ?? 200;
  const rnd = mulberry32(opts.seed ?? 1);
  const keys = ['roc_auc', 'pr_auc', 'brier', 'ece', 'precision_at_5pct', 'lift_at_5pct'] as const;
  const samples: Record<string, number[]> = Object.fromEntries(keys.map((k) => [k, []]));
  const n = idx.length;
  const b = new Int32Array(n);
  for (let r = 0; r < reps && n > 0; r++) {
    for (let k = 0; k < n; k++) b[k] = idx[Math.floor(rnd() * n)];
    const m = pointMetrics(p, y, w, b);
    for (const k of keys) if (Number.isFinite(m[k])) samples[k].push(m[k]);
  }
  const ci = (k: (typeof keys)[number]): Interval => {
    const s = samples[k].sort((a, c) => a - c);
    const q = (f: number) => (s.length ? s[Math.min(s.length - 1, Math.floor(f * s.length))] : NaN);
    return { value: point[k], lo: q(0.025), hi: q(0.975) };
  };
  let positives = 0;
  for (let k = 0; k < n; k++) positives += y[idx[k]] ? 1 : 0;
  return {
    roc_auc: ci('roc_auc'),
    pr_auc: ci('pr_auc'),
    brier: ci('brier'),
    ece: ci('ece'),
    precision_at_5pct: ci('precision_at_5pct'),
    lift_at_5pct: ci('lift_at_5pct'),
    prevalence: point.prevalence,
    n,
    positives,
  };
}

/** Platt scaling: `a`, `b` maximising the weighted likelihood of `sigmoid(a·z + b)` (Newton's method). */
export function fitPlatt(
  z: ArrayLike<number>,
  y: ArrayLike<number>,
  w: ArrayLike<number>,
  idx: ArrayLike<number>,
): { a: number; b: number } {
  let a = 1,
    b = 0;
  for (let it = 0; it < 50; it++) {
    let ga = 0,
      gb = 0,
      haa = 1e-9,
      hab = 0,
      hbb = 1e-9;
    for (let k = 0; k < idx.length; k++) {
      const i = idx[k];
      const q = 1 / (1 + Math.exp(-(a * z[i] + b)));
      const d = w[i] * (q - y[i]);
      const h = w[i] * q * (1 - q);
      ga += d * z[i];
      gb += d;
      haa += h * z[i] * z[i];
      hab += h * z[i];
      hbb += h;
    }
    const det = haa * hbb - hab * hab;
    if (Math.abs(det) < 1e-12) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-9) break;
  }
  return { a, b };
}
