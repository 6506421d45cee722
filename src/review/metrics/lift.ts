import { Z95, type Interval } from './normal.js';

/** A lift (risk ratio) of one arm's hit rate over another's, with its interval. */
export interface Lift {
  /** (a/n1) / (c/n2). */
  lift: number;
  /** Katz log interval; `null` when a cell is 0 (the log ratio has no finite standard error). */
  ci: Interval | null;
}

/**
 * Lift of an arm (a confirmed of n1 reviewed) over the reference arm, usually random (c of n2): the ratio of hit
 * rates, with the Katz et al. (1978) interval exp(ln RR ± z·√(1/a − 1/n1 + 1/c − 1/n2)).
 * @returns `null` when either arm is empty or the reference arm confirmed nothing (the ratio is undefined).
 */
export function liftOver(a: number, n1: number, c: number, n2: number, z = Z95): Lift | null {
  if (!(n1 > 0) || !(n2 > 0) || !(c > 0)) return null;
  const lift = a / n1 / (c / n2);
  if (a === 0) return { lift, ci: null };
  const se = Math.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2);
  const log = Math.log(lift);
  return { lift, ci: [Math.exp(log - z * se), Math.exp(log + z * se)] };
}
