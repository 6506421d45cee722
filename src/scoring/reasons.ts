/**
 * Reasons of a score: for each feature (a group of model inputs), how much the logit drops when that feature is
 * set to its neutral value (the training mean, present; the out-of-vocabulary slot) — occlusion, exact for the
 * logistic model and honest for the network. The top 4 positive ones, in an expert's words, with the F014
 * group each points to; and the most likely defect group of the case. Pure.
 */
import type { FeatureGroup, Preprocess } from '../ml/preprocess.js';
import type { FeatureRow } from '../ml/feature-row.js';
import { featureMeaning } from './defect-groups.js';

export interface Reason {
  feature: string;
  text: string;
  f014_group: string | null;
  weight: number;
}

/** Writes, for the batch rows `which`, one occluded copy per (row, group): row-major blocks of groups.length rows. */
export function occlude(
  num: Float32Array,
  cat: Int32Array,
  which: readonly number[],
  groups: readonly FeatureGroup[],
  pre: Preprocess,
): { rows: number; num: Float32Array; cat: Int32Array } {
  const D = pre.numDim;
  const C = pre.catDim;
  const G = groups.length;
  const rows = which.length * G;
  const on = new Float32Array(rows * D);
  const oc = new Int32Array(rows * C);
  for (let k = 0; k < which.length; k++) {
    const i = which[k];
    const srcN = num.subarray(i * D, (i + 1) * D);
    const srcC = cat.subarray(i * C, (i + 1) * C);
    for (let g = 0; g < G; g++) {
      const r = k * G + g;
      on.set(srcN, r * D);
      oc.set(srcC, r * C);
      const grp = groups[g];
      for (const col of grp.numCols) on[r * D + col] = 0;
      if (grp.catCol >= 0) oc[r * C + grp.catCol] = pre.categorical[grp.catCol].offset;
    }
  }
  return { rows, num: on, cat: oc };
}

function formatValue(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2);
}

/** The words of one reason: what the feature is, its value, and which way it is unusual. */
export function reasonText(group: FeatureGroup, row: FeatureRow, pre: Preprocess, specIndex: number): string {
  const m = featureMeaning(group.feature);
  if (group.kind === 'numeric') {
    const v = row.num[specIndex];
    if (Number.isNaN(v)) return `${m.label}: нет данных`;
    const enc = pre.numeric[specIndex];
    return `${m.label}: ${formatValue(v)} (${v > enc.mean ? 'выше' : 'ниже'} обычного)`;
  }
  const v = row.cat[specIndex];
  if (v === null || v === undefined) return `${m.label}: не указано`;
  const known = pre.categorical[specIndex].vocab.includes(v);
  return `${m.label}: ${v}${known ? '' : ' (редкое значение)'}`;
}

/** Top `k` positive contributions of one case (`base` its logit, `occluded[g]` the logit without group g). */
export function topReasons(
  base: number,
  occluded: ArrayLike<number>,
  groups: readonly FeatureGroup[],
  row: FeatureRow,
  pre: Preprocess,
  k = 4,
): Reason[] {
  const cand: { g: number; d: number }[] = [];
  for (let g = 0; g < groups.length; g++) {
    const d = base - occluded[g];
    if (d > 1e-4) cand.push({ g, d });
  }
  cand.sort((a, b) => b.d - a.d || a.g - b.g);
  const nNum = pre.numeric.length;
  return cand.slice(0, k).map(({ g, d }) => {
    const grp = groups[g];
    return {
      feature: grp.feature,
      text: reasonText(grp, row, pre, grp.kind === 'numeric' ? g : g - nNum),
      f014_group: featureMeaning(grp.feature).group,
      weight: Math.round(d * 1000) / 1000,
    };
  });
}

/**
 * The most likely defect group: the group the reasons push most, else the commonest group of confirmed defects of
 * the case's care condition in the training months, else of all.
 */
export function likelyGroup(
  reasons: readonly Reason[],
  priors: { overall: Record<string, number>; byUslOk: Record<string, Record<string, number>> },
  uslOk: number | null,
): string | null {
  const by = new Map<string, number>();
  for (const r of reasons) if (r.f014_group) by.set(r.f014_group, (by.get(r.f014_group) ?? 0) + r.weight);
  let best: string | null = null;
  let bw = 0;
  for (const [g, w] of by) {
    if (w > bw || (w === bw && best !== null && g < best)) {
      best = g;
      bw = w;
    }
  }
  if (best) return best;
  const mode = (s?: Record<string, number>) =>
    s ? Object.entries(s).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] : undefined;
  return mode(priors.byUslOk[String(uslOk ?? '')]) ?? mode(priors.overall) ?? null;
}
