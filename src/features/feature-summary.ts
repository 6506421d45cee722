/**
 * The summary of a set of feature rows, one pass over batches: per numeric feature the count, missing share, mean,
 * standard deviation (population), minimum and maximum; per categorical feature the count, missing share, distinct
 * values and the most frequent values. Pure.
 */
import type { FeatureRow, FeatureSpec } from './feature-spec.js';

/** The summary of one numeric feature (`mean`… null when every value is missing). */
export interface NumericSummary {
  name: string;
  kind: 'numeric';
  count: number;
  missing: number;
  missingShare: number;
  mean: number | null;
  std: number | null;
  min: number | null;
  max: number | null;
}

export interface CategoryCount {
  value: string;
  count: number;
  /** Of the rows where the feature is present. */
  share: number;
}

/** The summary of one categorical feature. */
export interface CategoricalSummary {
  name: string;
  kind: 'categorical';
  count: number;
  missing: number;
  missingShare: number;
  distinct: number;
  top: CategoryCount[];
}

export type FeatureSummary = NumericSummary | CategoricalSummary;

/** How many most frequent values a categorical summary lists. */
export const TOP_CATEGORIES = 5;

/** Accumulates rows batch by batch (Welford's mean and variance, so no row is kept). */
export class SummaryAccumulator {
  rows = 0;
  private readonly n: Float64Array;
  private readonly mean: Float64Array;
  private readonly m2: Float64Array;
  private readonly min: Float64Array;
  private readonly max: Float64Array;
  readonly categories: Map<string, number>[];
  private readonly catMissing: Float64Array;

  constructor(readonly spec: FeatureSpec) {
    const k = spec.numeric.length;
    this.n = new Float64Array(k);
    this.mean = new Float64Array(k);
    this.m2 = new Float64Array(k);
    this.min = new Float64Array(k).fill(Infinity);
    this.max = new Float64Array(k).fill(-Infinity);
    this.categories = spec.categorical.map(() => new Map());
    this.catMissing = new Float64Array(spec.categorical.length);
  }

  add(rows: readonly FeatureRow[]): void {
    const k = this.spec.numeric.length;
    for (const r of rows) {
      this.rows++;
      for (let j = 0; j < k; j++) {
        const v = r.num[j];
        if (Number.isNaN(v) || v === undefined) continue;
        const n = ++this.n[j];
        const d = v - this.mean[j];
        this.mean[j] += d / n;
        this.m2[j] += d * (v - this.mean[j]);
        if (v < this.min[j]) this.min[j] = v;
        if (v > this.max[j]) this.max[j] = v;
      }
      for (let j = 0; j < this.spec.categorical.length; j++) {
        const c = r.cat[j];
        if (c === null || c === undefined) this.catMissing[j]++;
        else this.categories[j].set(c, (this.categories[j].get(c) ?? 0) + 1);
      }
    }
  }

  result(top = TOP_CATEGORIES): FeatureSummary[] {
    const share = (m: number) => (this.rows ? m / this.rows : 0);
    const numeric = this.spec.numeric.map((name, j): NumericSummary => {
      const n = this.n[j];
      const missing = this.rows - n;
      return {
        name,
        kind: 'numeric',
        count: this.rows,
        missing,
        missingShare: share(missing),
        mean: n ? this.mean[j] : null,
        std: n ? Math.sqrt(this.m2[j] / n) : null,
        min: n ? this.min[j] : null,
        max: n ? this.max[j] : null,
      };
    });
    const categorical = this.spec.categorical.map((name, j): CategoricalSummary => {
      const present = this.rows - this.catMissing[j];
      return {
        name,
        kind: 'categorical',
        count: this.rows,
        missing: this.catMissing[j],
        missingShare: share(this.catMissing[j]),
        distinct: this.categories[j].size,
        top: sortedCounts(this.categories[j])
          .slice(0, top)
          .map(([value, count]) => ({ value, count, share: present ? count / present : 0 })),
      };
    });
    return [...numeric, ...categorical];
  }
}

/** Values by count, most frequent first, ties by value (so the order never depends on insertion). */
export function sortedCounts(m: ReadonlyMap<string, number>): [string, number][] {
  return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** The summary of rows given at once. */
export function summarizeFeatures(spec: FeatureSpec, rows: readonly FeatureRow[], top = TOP_CATEGORIES): FeatureSummary[] {
  const acc = new SummaryAccumulator(spec);
  acc.add(rows);
  return acc.result(top);
}
