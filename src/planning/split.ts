/**
 * Exact splits by the largest-remainder (Hamilton) method: integer parts (kopecks, units) that
 * add up to the total exactly, proportional to the weights within one unit, ties broken by key.
 */
import { AppError } from '../errors.js';

export function splitLargestRemainder(total: number, weights: ReadonlyArray<readonly [string, number]>): Map<string, number> {
  if (!Number.isSafeInteger(total) || total < 0) throw new AppError('BAD_INPUT', `total ${total} must be a non-negative whole number`);
  if (weights.some(([, w]) => !(w >= 0) || !Number.isFinite(w))) throw new AppError('BAD_INPUT', 'weights must be non-negative numbers');
  const sum = weights.reduce((s, [, w]) => s + w, 0);
  const out = new Map<string, number>(weights.map(([k]) => [k, 0]));
  if (total === 0 || weights.length === 0) return out;
  if (sum === 0) throw new AppError('BAD_INPUT', `cannot split ${total} by weights that are all zero`);
  const parts = weights.map(([k, w]) => {
    const exact = (total * w) / sum;
    const floor = Math.floor(exact + 1e-9);
    return { k, floor, rest: exact - floor };
  });
  let left = total - parts.reduce((s, p) => s + p.floor, 0);
  for (const p of parts) out.set(p.k, p.floor);
  for (const p of [...parts].sort((a, b) => b.rest - a.rest || (a.k < b.k ? -1 : 1))) {
    if (left <= 0) break;
    out.set(p.k, out.get(p.k)! + 1);
    left--;
  }
  return out;
}

/** Splits a total over the 12 months evenly, or by last year's seasonal profile. */
export function splitByMonth(total: number, profile?: readonly number[]): Map<string, number> {
  const w = profile ?? Array(12).fill(1);
  if (w.length !== 12) throw new AppError('BAD_INPUT', `a seasonal profile has 12 months, got ${w.length}`);
  return splitLargestRemainder(
    total,
    w.map((x, i) => [String(i + 1).padStart(2, '0'), x] as const),
  );
}

/** Splits a total over the four quarters evenly, or by last year's quarterly profile. */
export function splitByQuarter(total: number, profile?: readonly number[]): Map<string, number> {
  const w = profile ?? [1, 1, 1, 1];
  if (w.length !== 4) throw new AppError('BAD_INPUT', `a quarterly profile has 4 quarters, got ${w.length}`);
  return splitLargestRemainder(
    total,
    w.map((x, i) => [`Q${i + 1}`, x] as const),
  );
}
