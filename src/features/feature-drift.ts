/**
 * Feature drift: the distribution of each feature in the training window, kept as reference bins in the model card,
 * and the population stability index (PSI, src/review/metrics/psi.ts) of a period against it. Pure.
 *
 * Numeric feature: bins cut at the deciles of the training values (equal cuts merged, so a 0/1 flag has the bins
 * `< 0`, `[0, 1)`, `≥ 1`), plus a bin for missing values. Categorical feature: its most frequent training values,
 * one bin for every other value (including values never seen in training) and one for missing.
 */
import { psi, PSI_ACT, PSI_WATCH } from '../review/metrics/psi.js';
import { sortedCounts } from './feature-summary.js';
import type { FeatureRow, FeatureSpec } from './feature-spec.js';

/** Bin i holds `edges[i-1] ≤ v < edges[i]`: `counts` has one bin more than `edges`. */
export interface NumericReference {
  name: string;
  edges: number[];
  counts: number[];
  missing: number;
}

export interface CategoricalReference {
  name: string;
  values: string[];
  counts: number[];
  /** Rows with a value not in `values`. */
  other: number;
  missing: number;
}

/** The reference distribution of the training window (`card.reference`). */
export interface FeatureReference {
  specVersion: string;
  /** `YYYY-MM` of the first and last month. */
  from: string;
  to: string;
  /** Rows of the window, and how many of them the numeric bins were counted on (a seeded sample when fewer). */
  rows: number;
  sampled: number;
  numeric: NumericReference[];
  categorical: CategoricalReference[];
}

/** Deciles. */
export const NUMERIC_QUANTILES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
/** Categorical values kept as bins of their own. */
export const TOP_REFERENCE_VALUES = 20;
/** Rows the numeric bins are counted on (a reservoir sample beyond it keeps memory flat on a million-case window). */
export const REFERENCE_SAMPLE = 50_000;

/** The bin of a numeric value: the number of edges ≤ v (binary search). */
export function numericBin(edges: readonly number[], v: number): number {
  let lo = 0,
    hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v >= edges[mid]) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Cut points at the quantiles of sorted values (the value at ⌊q·n⌋), equal ones merged. */
export function quantileEdges(sorted: ArrayLike<number>, qs: readonly number[] = NUMERIC_QUANTILES): number[] {
  const n = sorted.length;
  if (!n) return [];
  const out: number[] = [];
  for (const q of qs) {
    const v = sorted[Math.min(n - 1, Math.floor(q * n))];
    if (!out.length || v > out[out.length - 1]) out.push(v);
  }
  return out;
}

/** Collects the training window's rows batch by batch into a {@link FeatureReference}. */
export class ReferenceBuilder {
  private rows = 0;
  private readonly sample: Float32Array[] = [];
  private readonly cats: Map<string, number>[];
  private readonly catMissing: number[];
  private seed = 0x9e3779b9;

  constructor(
    readonly spec: FeatureSpec,
    private readonly sampleSize = REFERENCE_SAMPLE,
  ) {
    this.cats = spec.categorical.map(() => new Map());
    this.catMissing = spec.categorical.map(() => 0);
  }

  /** A seeded uniform [0, 1) (xorshift32): the same rows give the same reference. */
  private random(): number {
    let x = this.seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.seed = x >>> 0;
    return this.seed / 2 ** 32;
  }

  add(rows: readonly FeatureRow[]): void {
    for (const r of rows) {
      this.rows++;
      if (this.sample.length < this.sampleSize) this.sample.push(r.num);
      else {
        const k = Math.floor(this.random() * this.rows);
        if (k < this.sampleSize) this.sample[k] = r.num;
      }
      r.cat.forEach((c, j) => {
        if (c === null || c === undefined) this.catMissing[j]++;
        else this.cats[j].set(c, (this.cats[j].get(c) ?? 0) + 1);
      });
    }
  }

  result(from: string, to: string): FeatureReference {
    const numeric = this.spec.numeric.map((name, j): NumericReference => {
      const values: number[] = [];
      let missing = 0;
      for (const num of this.sample) {
        const v = num[j];
        if (Number.isNaN(v) || v === undefined) missing++;
        else values.push(v);
      }
      const sorted = Float64Array.from(values).sort();
      const edges = quantileEdges(sorted);
      const counts = new Array<number>(edges.length + 1).fill(0);
      for (const v of values) counts[numericBin(edges, v)]++;
      return { name, edges, counts, missing };
    });
    const categorical = this.spec.categorical.map((name, j): CategoricalReference => {
      const all = sortedCounts(this.cats[j]);
      const kept = all.slice(0, TOP_REFERENCE_VALUES);
      const other = all.slice(TOP_REFERENCE_VALUES).reduce((s, [, n]) => s + n, 0);
      return { name, values: kept.map(([v]) => v), counts: kept.map(([, n]) => n), other, missing: this.catMissing[j] };
    });
    return { specVersion: this.spec.version, from, to, rows: this.rows, sampled: this.sample.length, numeric, categorical };
  }
}

/** The reference of rows given at once. */
export function buildReference(spec: FeatureSpec, rows: readonly FeatureRow[], from: string, to: string, sampleSize?: number) {
  const b = new ReferenceBuilder(spec, sampleSize);
  b.add(rows);
  return b.result(from, to);
}

/** stable ≤ 0.1 < watch ≤ 0.25 < drift. */
export type DriftFlag = 'stable' | 'watch' | 'drift';

export function driftFlag(value: number): DriftFlag {
  return value > PSI_ACT ? 'drift' : value > PSI_WATCH ? 'watch' : 'stable';
}

/** One bin of a feature's drift: its label and the shares of the reference and of the period. */
export interface DriftBin {
  bin: string;
  reference: number;
  current: number;
}

export interface FeatureDrift {
  name: string;
  kind: 'numeric' | 'categorical';
  /** null when the period has no rows or the feature is not in the reference. */
  psi: number | null;
  flag: DriftFlag | null;
  bins: DriftBin[];
}

const label = (edges: readonly number[], i: number) =>
  i === 0 ? `< ${edges[0]}` : i === edges.length ? `≥ ${edges[i - 1]}` : `[${edges[i - 1]}; ${edges[i]})`;

/** Counts a period's rows into the reference bins, batch by batch, and gives each feature's PSI. */
export class DriftAccumulator {
  private readonly numIdx: number[];
  private readonly catIdx: number[];
  private readonly numCounts: number[][];
  private readonly catCounts: number[][];
  private readonly catLookup: Map<string, number>[];

  constructor(
    readonly reference: FeatureReference,
    spec: FeatureSpec,
  ) {
    this.numIdx = reference.numeric.map((r) => spec.numeric.indexOf(r.name));
    this.catIdx = reference.categorical.map((r) => spec.categorical.indexOf(r.name));
    // bins: numeric … then missing; categorical values … then other, missing
    this.numCounts = reference.numeric.map((r) => new Array<number>(r.counts.length + 1).fill(0));
    this.catCounts = reference.categorical.map((r) => new Array<number>(r.values.length + 2).fill(0));
    this.catLookup = reference.categorical.map((r) => new Map(r.values.map((v, i) => [v, i])));
  }

  add(rows: readonly FeatureRow[]): void {
    for (const row of rows) {
      this.reference.numeric.forEach((ref, k) => {
        const j = this.numIdx[k];
        if (j < 0) return;
        const v = row.num[j];
        this.numCounts[k][Number.isNaN(v) ? ref.counts.length : numericBin(ref.edges, v)]++;
      });
      this.reference.categorical.forEach((ref, k) => {
        const j = this.catIdx[k];
        if (j < 0) return;
        const c = row.cat[j];
        this.catCounts[k][c === null ? ref.values.length + 1 : (this.catLookup[k].get(c) ?? ref.values.length)]++;
      });
    }
  }

  result(): FeatureDrift[] {
    const one = (name: string, kind: FeatureDrift['kind'], labels: string[], refCounts: number[], cur: number[], known: boolean) => {
      const value = known ? psi(refCounts, cur) : null;
      const rs = refCounts.reduce((s, v) => s + v, 0) || 1;
      const cs = cur.reduce((s, v) => s + v, 0) || 1;
      return {
        name,
        kind,
        psi: value,
        flag: value === null ? null : driftFlag(value),
        bins: labels.map((bin, i) => ({ bin, reference: refCounts[i] / rs, current: cur[i] / cs })),
      };
    };
    return [
      ...this.reference.numeric.map((r, k) =>
        one(
          r.name,
          'numeric',
          [...r.counts.map((_, i) => label(r.edges, i)), 'missing'],
          [...r.counts, r.missing],
          this.numCounts[k],
          this.numIdx[k] >= 0,
        ),
      ),
      ...this.reference.categorical.map((r, k) =>
        one(
          r.name,
          'categorical',
          [...r.values, 'other', 'missing'],
          [...r.counts, r.other, r.missing],
          this.catCounts[k],
          this.catIdx[k] >= 0,
        ),
      ),
    ];
  }
}

/** The drift of rows given at once, most drifted first. */
export function featureDrift(reference: FeatureReference, spec: FeatureSpec, rows: readonly FeatureRow[]): FeatureDrift[] {
  const acc = new DriftAccumulator(reference, spec);
  acc.add(rows);
  return sortByPsi(acc.result());
}

/** Most drifted first; features without a PSI last; ties by name. */
export function sortByPsi(d: FeatureDrift[]): FeatureDrift[] {
  return [...d].sort((a, b) => (b.psi ?? -1) - (a.psi ?? -1) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
