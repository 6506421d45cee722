/**
 * Population stability index of a score distribution against a reference (the model's training window):
 * PSI = Σ (aᵢ − eᵢ)·ln(aᵢ/eᵢ) over shared bins, aᵢ the current share and eᵢ the reference share. The usual reading:
 * below 0.1 stable, 0.1–0.25 watch, 0.25 and above act.
 */

/** Thresholds of the PSI reading. */
export const PSI_WATCH = 0.1;
export const PSI_ACT = 0.25;

/** A share of 0 would make ln(a/e) infinite: empty bins count as this share (a common convention). */
export const PSI_FLOOR = 1e-4;

export type PsiLevel = 'stable' | 'watch' | 'act';

/** PSI of two histograms over the same bins (counts or shares; each is normalised to shares). `null` when either is empty. */
export function psi(reference: readonly number[], current: readonly number[]): number | null {
  if (reference.length !== current.length) throw new RangeError('psi: the two histograms need the same bins');
  const er = reference.reduce((s, v) => s + v, 0);
  const ac = current.reduce((s, v) => s + v, 0);
  if (!(er > 0) || !(ac > 0)) return null;
  let s = 0;
  for (let i = 0; i < reference.length; i++) {
    const e = Math.max(reference[i] / er, PSI_FLOOR);
    const a = Math.max(current[i] / ac, PSI_FLOOR);
    s += (a - e) * Math.log(a / e);
  }
  return s;
}

/** stable (< 0.1), watch (0.1 ≤ PSI < 0.25), act (≥ 0.25). */
export function psiLevel(value: number): PsiLevel {
  return value >= PSI_ACT ? 'act' : value >= PSI_WATCH ? 'watch' : 'stable';
}

/** A reference histogram: bin edges (k + 1, ascending) and the k bins' counts or shares. */
export interface ScoreHistogram {
  edges: number[];
  counts: number[];
}

/**
 * Reads `model_version.score_hist`. Accepted forms: `{edges:[k+1], counts|shares:[k]}`;
 * `{bins:[{lo,hi,count|share}]}`; or a bare array of k counts over equal-width bins of [0, 1]; k ≥ 2. Scores below the
 * first edge or above the last count in the first or last bin.
 * @returns `null` for anything else (the PSI is then not computed, never guessed).
 */
export function readScoreHistogram(v: unknown): ScoreHistogram | null {
  const nums = (a: unknown): number[] | null =>
    Array.isArray(a) && a.length > 0 && a.every((x) => typeof x === 'number' && Number.isFinite(x)) ? (a as number[]) : null;
  const ok = (h: ScoreHistogram) =>
    h.counts.length >= 2 &&
    h.edges.length === h.counts.length + 1 &&
    h.edges.every((e, i) => i === 0 || e > h.edges[i - 1]) &&
    h.counts.every((c) => c >= 0)
      ? h
      : null;
  const bare = nums(v);
  if (bare) return ok({ edges: bare.map((_, i) => i / bare.length).concat(1), counts: bare });
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  const edges = nums(o.edges);
  const counts = nums(o.counts) ?? nums(o.shares);
  if (edges && counts) return ok({ edges, counts });
  if (Array.isArray(o.bins) && o.bins.length > 0) {
    const bins = o.bins as Record<string, unknown>[];
    const lo = nums(bins.map((b) => b?.lo));
    const hi = nums(bins.map((b) => b?.hi));
    const c = nums(bins.map((b) => b?.count ?? b?.share));
    if (lo && hi && c) return ok({ edges: [...lo, hi[hi.length - 1]], counts: c });
  }
  return null;
}

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The reference a PSI is computed against, and what it is made of. */
export interface ReferenceHistogram {
  hist: ScoreHistogram;
  /** `YYYY-MM…YYYY-MM` of the periods summed, or `score_hist` when the column holds one histogram. */
  source: string;
}

/**
 * The training-window reference from `model_version.score_hist`. The scorer (src/scoring) writes one histogram per
 * scored period, `{"YYYY-MM": [k counts over equal-width bins of [0, 1]], …}`: the reference is the sum of the
 * periods inside `train_from … train_to` (null when none of them was scored, or the window is unknown). Any form
 * {@link readScoreHistogram} accepts is taken as the reference itself.
 */
export function trainingReference(v: unknown, trainFrom: string | null, trainTo: string | null): ReferenceHistogram | null {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length > 0 && entries.every(([k]) => PERIOD.test(k))) {
      const from = trainFrom?.slice(0, 7);
      const to = trainTo?.slice(0, 7);
      if (!from || !to) return null;
      const inWindow = entries.filter(([k]) => k >= from && k <= to).sort(([a], [b]) => (a < b ? -1 : 1));
      const arrays = inWindow.map(([, h]) => h);
      const k = Array.isArray(arrays[0]) ? arrays[0].length : 0;
      if (k < 2 || !arrays.every((a) => Array.isArray(a) && a.length === k && a.every((x) => typeof x === 'number' && x >= 0))) return null;
      const counts = new Array<number>(k).fill(0);
      for (const a of arrays as number[][]) a.forEach((x, i) => (counts[i] += x));
      const hist = readScoreHistogram(counts);
      return hist && { hist, source: `${inWindow[0][0]}…${inWindow[inWindow.length - 1][0]}` };
    }
  }
  const hist = readScoreHistogram(v);
  return hist && { hist, source: 'score_hist' };
}
