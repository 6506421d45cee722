/** Probability quality of scores against 0/1 labels: Brier score, reliability bins and the expected calibration error. */

/** One reliability bin: scores in [lo, hi) (the last bin includes 1). */
export interface CalibrationBin {
  lo: number;
  hi: number;
  /** Cases whose score fell in the bin. */
  n: number;
  /** Mean score of those cases (`null` when the bin is empty). */
  meanScore: number | null;
  /** Share of those cases that were positive (`null` when the bin is empty). */
  observed: number | null;
}

/** Brier score: mean of (score − label)². `null` when there are no cases. */
export function brierScore(scores: ArrayLike<number>, labels: ArrayLike<boolean | number>): number | null {
  const n = scores.length;
  if (n === 0) return null;
  let s = 0;
  for (let i = 0; i < n; i++) s += (scores[i] - (labels[i] ? 1 : 0)) ** 2;
  return s / n;
}

/** Equal-width reliability bins over [0, 1]; a score of exactly 1 goes to the last bin, scores outside [0,1] are clamped. */
export function calibrationBins(scores: ArrayLike<number>, labels: ArrayLike<boolean | number>, bins = 10): CalibrationBin[] {
  const n = new Array<number>(bins).fill(0);
  const sum = new Array<number>(bins).fill(0);
  const pos = new Array<number>(bins).fill(0);
  for (let i = 0; i < scores.length; i++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(scores[i] * bins)));
    n[b]++;
    sum[b] += scores[i];
    if (labels[i]) pos[b]++;
  }
  return n.map((c, b) => ({
    lo: b / bins,
    hi: (b + 1) / bins,
    n: c,
    meanScore: c ? sum[b] / c : null,
    observed: c ? pos[b] / c : null,
  }));
}

/** Expected calibration error Σ (n_b / N)·|observed_b − meanScore_b| over non-empty bins. `null` when no cases. */
export function expectedCalibrationError(bins: readonly CalibrationBin[]): number | null {
  const total = bins.reduce((s, b) => s + b.n, 0);
  if (total === 0) return null;
  let e = 0;
  for (const b of bins) if (b.n) e += (b.n / total) * Math.abs(b.observed! - b.meanScore!);
  return e;
}
