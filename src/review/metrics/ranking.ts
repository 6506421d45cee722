/**
 * Ranking quality of scores against 0/1 labels: ROC-AUC (Mann–Whitney, ties counted half) and PR-AUC as average
 * precision (the step-wise area, as scikit-learn's `average_precision_score`, ties taken together).
 */

/** Indices of `scores` in descending order of score. */
function descending(scores: ArrayLike<number>): number[] {
  const idx = Array.from({ length: scores.length }, (_, i) => i);
  return idx.sort((i, j) => scores[j] - scores[i]);
}

/**
 * ROC-AUC = P(score of a random positive > score of a random negative) + ½·P(equal), computed from mid-ranks
 * (the Mann–Whitney U over n₁·n₀).
 * @returns `null` when there is no positive or no negative.
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<boolean | number>): number | null {
  const n = scores.length;
  const order = descending(scores).reverse(); // ascending
  let pos = 0;
  let rankSum = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]] === scores[order[i]]) j++;
    const midRank = (i + j) / 2 + 1; // ranks are 1-based; a tie block shares its mean rank
    for (let k = i; k <= j; k++) {
      if (labels[order[k]]) {
        pos++;
        rankSum += midRank;
      }
    }
    i = j + 1;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return null;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/**
 * Average precision Σₜ (Rₜ − Rₜ₋₁)·Pₜ over the distinct score thresholds t, highest first (cases with equal scores
 * enter together).
 * @returns `null` when there is no positive.
 */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<boolean | number>): number | null {
  const n = scores.length;
  let positives = 0;
  for (let i = 0; i < n; i++) if (labels[i]) positives++;
  if (positives === 0) return null;
  const order = descending(scores);
  let tp = 0;
  let seen = 0;
  let prevRecall = 0;
  let ap = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]] === scores[order[i]]) j++;
    for (let k = i; k <= j; k++) if (labels[order[k]]) tp++;
    seen += j - i + 1;
    const recall = tp / positives;
    ap += (recall - prevRecall) * (tp / seen);
    prevRecall = recall;
    i = j + 1;
  }
  return ap;
}
