import { Z95, type Interval } from './normal.js';

/**
 * Wilson score interval of a binomial proportion k/n (Wilson 1927; Newcombe 1998, method 3). Unlike the Wald
 * interval it stays inside [0, 1] and is usable at k = 0 or k = n and for small n.
 * @returns `null` when n = 0 (no proportion to bound).
 */
export function wilsonInterval(k: number, n: number, z = Z95): Interval | null {
  if (!(n > 0)) return null;
  if (k < 0 || k > n) throw new RangeError(`wilsonInterval: k=${k} outside 0..${n}`);
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // at k = 0 or k = n the bound is exactly 0 or 1; the arithmetic above leaves ±1e-17
  return [k === 0 ? 0 : Math.max(0, centre - half), k === n ? 1 : Math.min(1, centre + half)];
}
