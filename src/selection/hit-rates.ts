/**
 * Expected against realised hit rate of each selection arm, per period and control: what the model promised when it
 * chose (the mean calibrated p_defect of the items) against what expertise found (confirmed defects among the items
 * concluded, with a Wilson 95 % interval). The random arm's realised rate estimates the population's defect rate;
 * a model arm whose realised rate sits below its expected one is over-confident. Pure.
 */
import { wilsonInterval } from '../review/metrics/wilson.js';

/** One period × control × arm, as the query adds it up. */
export interface HitRateCounts {
  period: string;
  control: string;
  arm: string;
  selected: number;
  concluded: number;
  confirmed: number;
  /** Σ p_defect and count over the items that have a score (all selected / the concluded). */
  pSumSelected: number;
  pCountSelected: number;
  pSumConcluded: number;
  pCountConcluded: number;
  recoveredKop: number;
}

export interface HitRateLine {
  period: string;
  control: string;
  arm: string;
  selected: number;
  concluded: number;
  confirmed: number;
  /** confirmed / concluded; null before any conclusion. */
  realised: number | null;
  realised_ci: [number, number] | null;
  /** Mean p_defect of the concluded items (what the model expected of exactly those); null without scores. */
  expected: number | null;
  /** Mean p_defect of every selected item of the arm. */
  expected_selected: number | null;
  /** realised − expected, when both are known. */
  gap: number | null;
  /** Non-payment and fines of the confirmed items, in rubles. */
  recovered: number;
}

const mean = (sum: number, n: number) => (n > 0 ? sum / n : null);

export function hitRateLines(rows: readonly HitRateCounts[]): HitRateLine[] {
  return rows.map((r) => {
    const realised = r.concluded > 0 ? r.confirmed / r.concluded : null;
    const expected = mean(r.pSumConcluded, r.pCountConcluded);
    return {
      period: r.period,
      control: r.control,
      arm: r.arm,
      selected: r.selected,
      concluded: r.concluded,
      confirmed: r.confirmed,
      realised,
      realised_ci: wilsonInterval(r.confirmed, r.concluded),
      expected,
      expected_selected: mean(r.pSumSelected, r.pCountSelected),
      gap: realised !== null && expected !== null ? realised - expected : null,
      recovered: r.recoveredKop / 100,
    };
  });
}
