/**
 * Preprocessing that belongs to a model version (stored in its card): numeric standardisation with missing
 * indicators, categorical vocabularies with an out-of-vocabulary slot, and smoothed target encodings of chosen
 * categoricals (DS1, ICD block) — all fitted on the training window only. Pure.
 */
import type { FeatureRow, FeatureSpec } from './feature-row.js';

export interface PreprocessConfig {
  /** A category seen fewer times in the training window goes to the OOV slot. */
  minCount: number;
  /** Largest vocabulary per categorical (most frequent first). */
  maxVocab: number;
  /** Categoricals to target-encode (those absent from the spec are skipped). */
  targetEncode: readonly string[];
  /** Smoothing towards the prior, in (normalised) weight units. */
  smoothing: number;
  /** Folds for out-of-fold encodings of the training rows themselves. */
  folds: number;
}

export const DEFAULT_PREPROCESS: PreprocessConfig = {
  minCount: 5,
  maxVocab: 5000,
  targetEncode: ['ds1', 'ds1_block'],
  smoothing: 20,
  folds: 5,
};

export interface NumericEnc {
  name: string;
  mean: number;
  std: number;
  /** A 0/1 column "was missing" follows (the feature was missing somewhere in the training window). */
  indicator: boolean;
}
export interface CategoricalEnc {
  name: string;
  /** Global index of this categorical's OOV/missing slot; vocabulary entry k is at offset + 1 + k. */
  offset: number;
  vocab: string[];
}
export interface TargetEnc {
  /** The categorical it encodes. */
  source: string;
  prior: number;
  smoothing: number;
  /** Smoothed rate per category seen in the training window's labelled rows. */
  values: Record<string, number>;
  mean: number;
  std: number;
}
export interface Preprocess {
  specVersion: string;
  numeric: NumericEnc[];
  categorical: CategoricalEnc[];
  target: TargetEnc[];
  numDim: number;
  catDim: number;
  vocab: number;
}

/** Which input columns belong to which spec feature: the unit of reasons and of occlusion. */
export interface FeatureGroup {
  feature: string;
  kind: 'numeric' | 'categorical';
  /** Numeric input columns (standardised value, indicator, target encoding). */
  numCols: number[];
  /** Categorical input column, or -1. */
  catCol: number;
}

const CLIP = 8;

/** Fits the preprocessing on training rows with their labels and weights (weights normalised to mean 1 inside). */
export function fitPreprocess(
  spec: FeatureSpec,
  rows: readonly FeatureRow[],
  y: ArrayLike<number>,
  w: ArrayLike<number>,
  cfg = DEFAULT_PREPROCESS,
): Preprocess {
  const numeric: NumericEnc[] = spec.numeric.map((name, j) => {
    let n = 0,
      s = 0,
      ss = 0,
      missing = false;
    for (const r of rows) {
      const v = r.num[j];
      if (Number.isNaN(v)) missing = true;
      else {
        n++;
        s += v;
        ss += v * v;
      }
    }
    const mean = n ? s / n : 0;
    const sd = n > 1 ? Math.sqrt(Math.max(0, ss / n - mean * mean)) : 0;
    return { name, mean, std: sd > 1e-9 ? sd : 1, indicator: missing };
  });
  let offset = 0;
  const categorical: CategoricalEnc[] = spec.categorical.map((name, j) => {
    const counts = new Map<string, number>();
    for (const r of rows) {
      const v = r.cat[j];
      if (v !== null && v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    const vocab = [...counts]
      .filter(([, c]) => c >= cfg.minCount)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, cfg.maxVocab)
      .map(([v]) => v);
    const enc = { name, offset, vocab };
    offset += vocab.length + 1;
    return enc;
  });
  const wMean = meanOf(w);
  const target: TargetEnc[] = [];
  for (const source of cfg.targetEncode) {
    const j = spec.categorical.indexOf(source);
    if (j < 0) continue;
    const te = targetRates(rows, j, y, w, wMean, cfg.smoothing, () => true);
    const vals = rows.map((r) => te.rate(r.cat[j]));
    const m = meanOf(vals);
    const sd = Math.sqrt(meanOf(vals.map((v) => (v - m) ** 2)));
    target.push({ source, prior: te.prior, smoothing: cfg.smoothing, values: te.values, mean: m, std: sd > 1e-9 ? sd : 1 });
  }
  const numDim = numeric.length + numeric.filter((n) => n.indicator).length + target.length;
  return { specVersion: spec.version, numeric, categorical, target, numDim, catDim: categorical.length, vocab: offset };
}

function meanOf(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return a.length ? s / a.length : 0;
}

function targetRates(
  rows: readonly FeatureRow[],
  j: number,
  y: ArrayLike<number>,
  w: ArrayLike<number>,
  wMean: number,
  m: number,
  use: (i: number) => boolean,
) {
  let sw = 0,
    swy = 0;
  const by = new Map<string, [number, number]>();
  rows.forEach((r, i) => {
    if (!use(i)) return;
    const wi = w[i] / (wMean || 1);
    sw += wi;
    swy += wi * y[i];
    const v = r.cat[j];
    if (v === null || v === undefined) return;
    const acc = by.get(v) ?? [0, 0];
    acc[0] += wi;
    acc[1] += wi * y[i];
    by.set(v, acc);
  });
  const prior = sw ? swy / sw : 0;
  const values: Record<string, number> = {};
  for (const [v, [a, b]] of [...by].sort((p, q) => (p[0] < q[0] ? -1 : 1))) values[v] = (b + m * prior) / (a + m);
  return { prior, values, rate: (v: string | null) => (v !== null && v !== undefined && v in values ? values[v] : prior) };
}

/** Fold of a case for out-of-fold encodings: a stable hash of its id. */
export function foldOf(caseId: string, folds: number): number {
  let h = 2166136261;
  for (let i = 0; i < caseId.length; i++) h = Math.imul(h ^ caseId.charCodeAt(i), 16777619);
  return (h >>> 0) % folds;
}

/**
 * Out-of-fold target encodings of the training rows (each row's value computed without its own fold), so that
 * the model does not learn from its own label through the encoding. Returns one array per `pre.target`.
 */
export function outOfFoldTargets(
  pre: Preprocess,
  spec: FeatureSpec,
  rows: readonly FeatureRow[],
  y: ArrayLike<number>,
  w: ArrayLike<number>,
  folds: number,
): Float64Array[] {
  const wMean = meanOf(w);
  const fold = rows.map((r) => foldOf(r.caseId, folds));
  return pre.target.map((t) => {
    const j = spec.categorical.indexOf(t.source);
    const out = new Float64Array(rows.length);
    for (let f = 0; f < folds; f++) {
      const te = targetRates(rows, j, y, w, wMean, t.smoothing, (i) => fold[i] !== f);
      rows.forEach((r, i) => {
        if (fold[i] === f) out[i] = te.rate(r.cat[j]);
      });
    }
    return out;
  });
}

/** A compiled encoder: vocabulary maps built once per model version. */
export interface Encoder {
  pre: Preprocess;
  /** Writes row `r` into `num`/`cat` at row position `i`; `te` overrides the target encodings (training rows). */
  encode(r: FeatureRow, i: number, num: Float32Array, cat: Int32Array, te?: readonly number[]): void;
  groups: FeatureGroup[];
}

export function compileEncoder(pre: Preprocess, spec: Pick<FeatureSpec, 'numeric' | 'categorical'>): Encoder {
  if (spec.numeric.length !== pre.numeric.length || spec.categorical.length !== pre.categorical.length)
    throw new Error(
      `feature spec does not match the model's preprocessing (${pre.numeric.length} numeric, ${pre.categorical.length} categorical)`,
    );
  const maps = pre.categorical.map((c) => new Map(c.vocab.map((v, k) => [v, c.offset + 1 + k])));
  const teCols = pre.target.map((t) => spec.categorical.indexOf(t.source));
  const indicatorCol: number[] = [];
  let col = pre.numeric.length;
  for (const n of pre.numeric) indicatorCol.push(n.indicator ? col++ : -1);
  const teBase = col;
  const groups: FeatureGroup[] = [
    ...pre.numeric.map((n, j) => ({
      feature: n.name,
      kind: 'numeric' as const,
      numCols: indicatorCol[j] >= 0 ? [j, indicatorCol[j]] : [j],
      catCol: -1,
    })),
    ...pre.categorical.map((c, j) => ({
      feature: c.name,
      kind: 'categorical' as const,
      numCols: pre.target.flatMap((t, k) => (t.source === c.name ? [teBase + k] : [])),
      catCol: j,
    })),
  ];
  const D = pre.numDim;
  const C = pre.catDim;
  return {
    pre,
    groups,
    encode(r, i, num, cat, te) {
      const o = i * D;
      for (let j = 0; j < pre.numeric.length; j++) {
        const e = pre.numeric[j];
        const v = r.num[j];
        const miss = Number.isNaN(v);
        num[o + j] = miss ? 0 : Math.max(-CLIP, Math.min(CLIP, (v - e.mean) / e.std));
        if (indicatorCol[j] >= 0) num[o + indicatorCol[j]] = miss ? 1 : 0;
      }
      for (let k = 0; k < pre.target.length; k++) {
        const t = pre.target[k];
        const v = r.cat[teCols[k]];
        const rate = te ? te[k] : v !== null && v !== undefined && v in t.values ? t.values[v] : t.prior;
        num[o + teBase + k] = (rate - t.mean) / t.std;
      }
      for (let j = 0; j < C; j++) {
        const v = r.cat[j];
        cat[i * C + j] = (v !== null && v !== undefined ? maps[j].get(v) : undefined) ?? pre.categorical[j].offset;
      }
    },
  };
}

/** Encodes rows into one batch (`te[k][i]` overrides target encoding k of row i, for training rows). */
export function encodeRows(
  enc: Encoder,
  rows: readonly FeatureRow[],
  te?: readonly ArrayLike<number>[],
): { rows: number; num: Float32Array; cat: Int32Array } {
  const num = new Float32Array(rows.length * enc.pre.numDim);
  const cat = new Int32Array(rows.length * enc.pre.catDim);
  const own = te ? new Array<number>(te.length) : undefined;
  rows.forEach((r, i) => {
    if (own && te) for (let k = 0; k < te.length; k++) own[k] = te[k][i];
    enc.encode(r, i, num, cat, own);
  });
  return { rows: rows.length, num, cat };
}
