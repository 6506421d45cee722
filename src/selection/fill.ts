import type { Rng } from './rng.js';

/** A case the planned arms may take, with its ranking score (expected value or p). */
export interface Candidate {
  id: string;
  codeMo: string;
  score: number;
}

export interface FillOptions {
  /** Planned cases to select (the trigger and manual items are not counted here). */
  quota: number;
  /** Share of the quota drawn uniformly at random first. */
  epsilon: number;
  /** Per-MO cap of the model arm as a share of the quota, raised to the MO's share of the total score. */
  moCap: number;
  /** Replicates of the random draw used to compute the model arm's inclusion probabilities. */
  replicates: number;
}

export interface FillPick {
  /** Index into the ranked candidates (0 = highest score). */
  index: number;
  arm: 'random' | 'model';
  /** Inclusion probability of the case under the whole policy (random draw then model arm). */
  propensity: number;
}

export interface FillResult {
  picks: FillPick[];
  /** Sampling rate of the random arm: nRandom / candidates (exact). */
  randomRate: number;
  nRandom: number;
  nModel: number;
  /** Model-arm picks taken beyond an MO's cap because the capped MOs could not fill the quota. */
  overCap: number;
}

/** Ranks candidates: score descending, then case id ascending (numeric), so that ties are deterministic. */
export function rankCandidates<T extends Candidate>(cands: T[]): T[] {
  return cands.sort((a, b) => b.score - a.score || a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Random-arm size: ε of the quota rounded up (at least one case when there is a quota and ε > 0). */
export const randomArmSize = (quota: number, epsilon: number) =>
  quota <= 0 || epsilon <= 0 ? 0 : Math.min(quota, Math.ceil(epsilon * quota - 1e-9));

/**
 * Fills one worklist's planned part from candidates ranked by {@link rankCandidates}: first nRandom = ⌈ε·Q⌉ drawn
 * uniformly without replacement (rate nRandom / M, exact), then the Q − nRandom best of the rest, at most cap_m per MO
 * (cap_m = ⌈max(moCap, MO's share of the total score) · Q⌉; when the capped MOs cannot fill the quota, the best of
 * the rest regardless of cap). A case's propensity is P(random) + (1 − P(random)) · P(model | not random); the latter
 * is exact (0 or 1) when the random arm or the model arm is empty, and otherwise the share of `replicates` further
 * draws of the random arm in which the model arm takes the case.
 */
export function fillWorklist(ranked: readonly Candidate[], opts: FillOptions, rng: Rng): FillResult {
  const M = ranked.length;
  const Q = Math.max(0, Math.min(opts.quota, M));
  const nR = randomArmSize(Q, opts.epsilon);
  const K = Q - nR;
  const rate = M > 0 ? nR / M : 0;
  // MO index and caps
  const moOf = new Int32Array(M);
  const moIds = new Map<string, number>();
  const moScore: number[] = [];
  let total = 0;
  for (let i = 0; i < M; i++) {
    let m = moIds.get(ranked[i].codeMo);
    if (m === undefined) moIds.set(ranked[i].codeMo, (m = moScore.push(0) - 1));
    moOf[i] = m;
    const s = Math.max(0, ranked[i].score);
    moScore[m] += s;
    total += s;
  }
  const cap = moScore.map((s) => Math.max(Math.ceil(opts.moCap * Q - 1e-9), total > 0 ? Math.ceil((s / total) * Q - 1e-9) : 0));

  const excluded = new Uint8Array(M);
  const taken = new Uint8Array(M);
  const perMo = new Int32Array(moScore.length);
  const perm = new Int32Array(M);
  for (let i = 0; i < M; i++) perm[i] = i;
  const swaps = new Int32Array(nR);

  /** Draws the random arm into perm[0, nR) and marks it excluded. */
  const drawRandom = () => {
    for (let k = 0; k < nR; k++) {
      const j = rng.int(k, M - 1);
      swaps[k] = j;
      const t = perm[k];
      perm[k] = perm[j];
      perm[j] = t;
      excluded[perm[k]] = 1;
    }
  };
  const undoRandom = () => {
    for (let k = nR - 1; k >= 0; k--) {
      excluded[perm[k]] = 0;
      const j = swaps[k];
      const t = perm[k];
      perm[k] = perm[j];
      perm[j] = t;
    }
  };
  /** The model arm given the excluded (random) cases; returns the indices taken and how many beyond a cap. */
  const pickModel = (out: number[]): number => {
    perMo.fill(0);
    for (let i = 0; i < M && out.length < K; i++) {
      if (excluded[i] || perMo[moOf[i]] >= cap[moOf[i]]) continue;
      perMo[moOf[i]]++;
      taken[i] = 1;
      out.push(i);
    }
    let over = 0;
    for (let i = 0; i < M && out.length < K; i++) {
      if (excluded[i] || taken[i]) continue;
      taken[i] = 1;
      out.push(i);
      over++;
    }
    for (const i of out) taken[i] = 0;
    return over;
  };

  drawRandom();
  const randomPicks = Array.from(perm.subarray(0, nR));
  const modelPicks: number[] = [];
  const overCap = pickModel(modelPicks);
  undoRandom();

  // P(model | not random) for the picked cases
  const pModel = new Map<number, number>();
  if (K > 0 && nR > 0) {
    const interest = new Map<number, { model: number; notRandom: number }>();
    for (const i of [...randomPicks, ...modelPicks]) interest.set(i, { model: 0, notRandom: 0 });
    const out: number[] = [];
    for (let b = 0; b < opts.replicates; b++) {
      drawRandom();
      out.length = 0;
      pickModel(out);
      for (const i of out) {
        const c = interest.get(i);
        if (c) c.model++;
      }
      for (const [i, c] of interest) if (!excluded[i]) c.notRandom++;
      undoRandom();
    }
    for (const [i, c] of interest) pModel.set(i, c.notRandom > 0 ? c.model / c.notRandom : 0);
  } else if (K > 0) for (const i of modelPicks) pModel.set(i, 1);

  const propensity = (i: number) => rate + (1 - rate) * (pModel.get(i) ?? 0);
  const picks: FillPick[] = [
    ...randomPicks.map((index) => ({ index, arm: 'random' as const, propensity: propensity(index) })),
    ...modelPicks.map((index) => ({ index, arm: 'model' as const, propensity: propensity(index) })),
  ];
  return { picks, randomRate: rate, nRandom: nR, nModel: modelPicks.length, overCap };
}
