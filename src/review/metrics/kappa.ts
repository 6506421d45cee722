import { Z95, type Interval } from './normal.js';

/** Cohen's κ of two raters over the same cases, with its large-sample interval. */
export interface Kappa {
  /** Cases both rated. */
  n: number;
  /** Observed agreement pₒ. */
  observed: number;
  /** Agreement expected by chance pₑ from the two raters' margins. */
  expected: number;
  /** (pₒ − pₑ)/(1 − pₑ); `null` when pₑ = 1 (both raters gave one and the same answer to every case). */
  kappa: number | null;
  /** κ ± z·√(pₒ(1 − pₒ) / (n(1 − pₑ)²)) (Cohen 1960's approximate standard error); `null` with κ. */
  ci: Interval | null;
}

/**
 * Cohen's κ from a square agreement table: `table[i][j]` = cases rater A put in category i and rater B in j.
 * @returns `null` when the table holds no case.
 */
export function cohenKappa(table: readonly (readonly number[])[], z = Z95): Kappa | null {
  const k = table.length;
  let n = 0;
  let diag = 0;
  const rows = new Array<number>(k).fill(0);
  const cols = new Array<number>(k).fill(0);
  for (let i = 0; i < k; i++) {
    if (table[i].length !== k) throw new RangeError('cohenKappa: the table must be square');
    for (let j = 0; j < k; j++) {
      n += table[i][j];
      rows[i] += table[i][j];
      cols[j] += table[i][j];
      if (i === j) diag += table[i][j];
    }
  }
  if (n === 0) return null;
  const observed = diag / n;
  let expected = 0;
  for (let i = 0; i < k; i++) expected += (rows[i] / n) * (cols[i] / n);
  if (expected >= 1 - 1e-12) return { n, observed, expected, kappa: null, ci: null };
  const kappa = (observed - expected) / (1 - expected);
  const se = Math.sqrt((observed * (1 - observed)) / (n * (1 - expected) ** 2));
  return { n, observed, expected, kappa, ci: [kappa - z * se, kappa + z * se] };
}

/** The 2×2 table [[yes·yes, yes·no], [no·yes, no·no]] of two yes/no raters over paired answers. */
export function binaryTable(pairs: Iterable<readonly [boolean, boolean]>): number[][] {
  const t = [
    [0, 0],
    [0, 0],
  ];
  for (const [a, b] of pairs) t[a ? 0 : 1][b ? 0 : 1]++;
  return t;
}
