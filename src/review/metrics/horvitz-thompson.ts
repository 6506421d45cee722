import { Z95, type Interval } from './normal.js';

/**
 * Horvitz–Thompson (inverse-probability) estimates from a probability sample: each reviewed case i carries its
 * inclusion probability πᵢ (its propensity). Variances use the Poisson-sampling form Σ (1 − πᵢ)/πᵢ² · zᵢ² (each case
 * drawn independently with its own πᵢ — the design of a random arm sampled at a rate, beside rule picks with π = 1),
 * which ignores joint inclusion probabilities of fixed-size designs.
 */

/** One sampled unit: its value(s) and inclusion probability 0 < π ≤ 1. */
export interface HtUnit {
  y: number;
  /** Denominator variable of a ratio (e.g. 1 for "flagged", or the defect indicator for recall). */
  x?: number;
  pi: number;
  /** How many identical units this one stands for (default 1): sampled cases grouped by (y, x, π). */
  n?: number;
}

/** An estimate with its variance and 95 % interval. */
export interface Estimate {
  estimate: number;
  variance: number;
  ci: Interval;
}

function checkPi(pi: number): void {
  if (!(pi > 0 && pi <= 1)) throw new RangeError(`inclusion probability ${pi} outside (0, 1]`);
}

/** Ŷ = Σ yᵢ/πᵢ, V̂ = Σ (1 − πᵢ)·yᵢ²/πᵢ²; the interval's lower bound is clipped at 0 when every y ≥ 0. */
export function htTotal(units: readonly HtUnit[], z = Z95): Estimate {
  let t = 0;
  let v = 0;
  let nonNegative = true;
  for (const u of units) {
    checkPi(u.pi);
    const n = u.n ?? 1;
    t += (n * u.y) / u.pi;
    v += (n * (1 - u.pi) * u.y * u.y) / (u.pi * u.pi);
    if (u.y < 0) nonNegative = false;
  }
  const half = z * Math.sqrt(v);
  return { estimate: t, variance: v, ci: [nonNegative ? Math.max(0, t - half) : t - half, t + half] };
}

/**
 * The ratio R̂ = Σ yᵢ/πᵢ ÷ Σ xᵢ/πᵢ (Hájek form) with the linearised variance V̂ = Σ (1 − πᵢ)/πᵢ² · (yᵢ − R̂xᵢ)² / X̂².
 * For a proportion (0 ≤ y ≤ x) the interval is clipped to [0, 1].
 * @returns `null` when X̂ = 0.
 */
export function htRatio(units: readonly HtUnit[], z = Z95): Estimate | null {
  let ty = 0;
  let tx = 0;
  for (const u of units) {
    checkPi(u.pi);
    const n = u.n ?? 1;
    ty += (n * u.y) / u.pi;
    tx += (n * (u.x ?? 1)) / u.pi;
  }
  if (tx === 0) return null;
  const r = ty / tx;
  let v = 0;
  let proportion = true;
  for (const u of units) {
    const x = u.x ?? 1;
    const e = u.y - r * x;
    v += ((u.n ?? 1) * (1 - u.pi) * e * e) / (u.pi * u.pi);
    if (u.y < 0 || u.y > x) proportion = false;
  }
  v /= tx * tx;
  const half = z * Math.sqrt(v);
  const ci: Interval = proportion ? [Math.max(0, r - half), Math.min(1, r + half)] : [r - half, r + half];
  return { estimate: r, variance: v, ci };
}
