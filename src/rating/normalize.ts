/**
 * Ten-point normalisation of one indicator across the rated units (rating spec §3):
 * "+" → 10·x/max (ratio to the best; max = 0 → all 0); "−" → 10·(max − x)/(max − min)
 * (max = min → all 10). Missing values score 0 and are left out of max and min. No rounding.
 */
import type { Sign } from './catalog.js';

export function scoreIndicator(values: ReadonlyMap<string, number | undefined>, sign: Sign): Map<string, number> {
  const present = [...values.values()].filter((v): v is number => v !== undefined && Number.isFinite(v));
  const out = new Map<string, number>();
  const max = present.length ? Math.max(...present) : 0;
  const min = present.length ? Math.min(...present) : 0;
  for (const [unit, x] of values) {
    if (x === undefined || !Number.isFinite(x)) out.set(unit, 0);
    else if (sign === '+') out.set(unit, max === 0 ? 0 : (10 * x) / max);
    else out.set(unit, max === min ? 10 : (10 * (max - x)) / (max - min));
  }
  return out;
}

/** Competition ranking by score, highest first: ties share a rank (1, 1, 3). */
export function rank(scores: ReadonlyMap<string, number>): Map<string, number> {
  const sorted = [...scores].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const out = new Map<string, number>();
  sorted.forEach(([unit, s], i) => out.set(unit, i > 0 && s === sorted[i - 1][1] ? out.get(sorted[i - 1][0])! : i + 1));
  return out;
}

/** Half-up rounding for display only (never used inside the computation). */
export function display(x: number, digits = 2): string {
  const f = 10 ** digits;
  return ((Math.sign(x) * Math.round(Math.abs(x) * f + 1e-9)) / f).toFixed(digits);
}
