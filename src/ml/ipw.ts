/**
 * Inverse-propensity weights for training on reviewed cases only (spec selection.md §6): the random arm by its
 * recorded selection probability, rule arms (trigger, legacy, manual) weight 1 — they would have been reviewed
 * anyway —, the model arm by its recorded propensity (1 when none), and an unknown arm by an estimate: the share
 * of reviewed cases in its stratum (period × care condition). Pure.
 */
export type Arm = 'trigger' | 'model' | 'random' | 'legacy' | 'manual' | 'unknown';

export interface LabelInfo {
  arm: Arm;
  propensity: number | null;
  /** Stratum key for the estimate of an unknown arm, e.g. `2025-03|1`. */
  stratum: string;
}

export interface IpwResult {
  weights: Float64Array;
  /** Rows whose propensity was estimated (unknown arm, or a random/model arm without one). */
  estimated: number;
  /** Rows whose weight hit `maxWeight`. */
  clipped: number;
  byArm: Record<string, number>;
}

/**
 * `cases` = all cases of each stratum (labelled or not); `reviewed` = labelled cases of each stratum.
 */
export function ipwWeights(
  rows: readonly LabelInfo[],
  strata: { cases: Map<string, number>; reviewed: Map<string, number> },
  maxWeight = 100,
): IpwResult {
  const weights = new Float64Array(rows.length);
  let estimated = 0,
    clipped = 0;
  const byArm: Record<string, number> = {};
  rows.forEach((r, i) => {
    byArm[r.arm] = (byArm[r.arm] ?? 0) + 1;
    let p: number;
    if (r.arm === 'trigger' || r.arm === 'legacy' || r.arm === 'manual') p = 1;
    else if (r.propensity !== null && r.propensity > 0 && r.propensity <= 1) p = r.propensity;
    else if (r.arm === 'model') p = 1;
    else {
      const cases = strata.cases.get(r.stratum) ?? 0;
      const reviewed = strata.reviewed.get(r.stratum) ?? 0;
      p = cases > 0 && reviewed > 0 ? Math.min(1, reviewed / cases) : 1;
      estimated++;
    }
    let w = 1 / p;
    if (w > maxWeight) {
      w = maxWeight;
      clipped++;
    }
    weights[i] = w;
  });
  return { weights, estimated, clipped, byArm };
}
