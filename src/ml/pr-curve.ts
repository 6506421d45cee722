/**
 * The precision–recall curve of scores against 0/1 labels with weights: one point per distinct score (cases with
 * tied scores enter together), thinned to at most `maxPoints` points (the first and last kept). Pure.
 */

/** A point of the curve: selecting every case with score ≥ threshold gives this recall and precision. */
export interface PrPoint {
  threshold: number;
  recall: number;
  precision: number;
}

export function prCurve(
  p: ArrayLike<number>,
  y: ArrayLike<number>,
  w?: ArrayLike<number> | null,
  idx?: ArrayLike<number> | null,
  maxPoints = 100,
): PrPoint[] {
  const rows = idx ? Array.from(idx) : Array.from({ length: p.length }, (_, i) => i);
  const weight = (i: number) => (w ? w[i] : 1);
  const order = rows.sort((a, b) => p[b] - p[a] || a - b);
  let positives = 0;
  for (const i of order) positives += y[i] ? weight(i) : 0;
  if (!(positives > 0)) return [];
  const points: PrPoint[] = [];
  let tp = 0,
    all = 0;
  for (let k = 0; k < order.length;) {
    const s = p[order[k]];
    for (; k < order.length && p[order[k]] === s; k++) {
      const i = order[k];
      all += weight(i);
      if (y[i]) tp += weight(i);
    }
    if (all > 0) points.push({ threshold: s, recall: tp / positives, precision: tp / all });
  }
  return thin(points, maxPoints);
}

/** Keeps at most `max` points, evenly spaced by index, the first and the last always kept. */
export function thin<T>(points: T[], max: number): T[] {
  if (points.length <= max || max < 2) return points;
  const out: T[] = [];
  for (let k = 0; k < max; k++) out.push(points[Math.round((k * (points.length - 1)) / (max - 1))]);
  return out;
}
