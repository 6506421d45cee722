/**
 * A model's score histograms of whole months (every accepted case with features, not only the reviewed ones): the
 * reference the agreement's PSI of a later period is measured against (`model_version.score_hist`, summed over the
 * training window by review/metrics/psi.ts trainingReference). The scorer writes one per period it scores; training
 * writes those of its training months into the card (`card.scoreHist`), so a version scores its PSI in any database
 * it is registered in, whether or not its training months were scored there.
 */
import type { SqlPort } from '../db/sql.port.js';
import type { ModelCard } from '../ml/card.js';
import { AppError } from '../errors.js';
import { compileEncoder } from '../ml/preprocess.js';
import type { ModelRunner } from './scorer.port.js';
import { scoresRepo, type ScoredFeatureRow } from './scores.repo.js';

type Encoder = ReturnType<typeof compileEncoder>;

/** Equal-width bins of [0, 1] of a period's histogram. */
export const HIST_BINS = 20;

/** Counts probability `p` into `hist` (HIST_BINS bins; 1 in the last). */
export function countScore(hist: number[], p: number): void {
  hist[Math.min(HIST_BINS - 1, Math.max(0, Math.floor(p * HIST_BINS)))]++;
}

const months = (from: string, to: string): { year: number; month: number; key: string }[] => {
  const out = [];
  let [y, m] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  while (y * 12 + m <= ty * 12 + tm) {
    out.push({ year: y, month: m, key: `${y}-${String(m).padStart(2, '0')}` });
    if (++m > 12) [y, m] = [y + 1, 1];
  }
  return out;
};

/** A batch of a period's features, encoded, and the model's answer for it. */
export interface ScoredBatch {
  rows: ScoredFeatureRow[];
  num: Float32Array;
  cat: Int32Array;
  out: { p: Float32Array; logit: Float32Array };
}

/**
 * The accepted cases with features of spec `card.spec` in one month, in batches by case id, encoded with `enc` and run
 * through `runner` (the scorer's loop and the training histograms'). Features without the model's feature counts are
 * refused, naming `version`.
 */
export async function* scoredBatches(
  sql: SqlPort,
  version: string,
  card: Pick<ModelCard, 'preprocess' | 'spec'>,
  enc: Encoder,
  runner: ModelRunner,
  year: number,
  month: number,
  batchSize = 10_000,
): AsyncGenerator<ScoredBatch> {
  const pre = card.preprocess;
  const repo = scoresRepo(sql);
  for (let after = '0'; ;) {
    const rows = await repo.features(card.spec.version, year, month, after, batchSize);
    if (!rows.length) return;
    after = rows[rows.length - 1].caseId;
    if (rows[0].num.length !== card.spec.numeric.length || rows[0].cat.length !== card.spec.categorical.length)
      throw new AppError('BAD_INPUT', `features of spec ${card.spec.version} do not have the model ${version}'s feature counts`);
    const num = new Float32Array(rows.length * pre.numDim);
    const cat = new Int32Array(rows.length * pre.catDim);
    rows.forEach((r, i) => enc.encode(r, i, num, cat));
    yield { rows, num, cat, out: await runner.run({ rows: rows.length, num, cat }) };
  }
}

/** The histograms of `card`'s model (`runner`) over the months `from`…`to` (`YYYY-MM`); months without features are left out. */
export async function scoreHistograms(
  sql: SqlPort,
  card: Pick<ModelCard, 'version' | 'preprocess' | 'spec'>,
  runner: ModelRunner,
  from: string,
  to: string,
): Promise<Record<string, number[]>> {
  const enc = compileEncoder(card.preprocess, card.spec);
  const out: Record<string, number[]> = {};
  for (const { year, month, key } of months(from, to)) {
    const hist = new Array<number>(HIST_BINS).fill(0);
    let n = 0;
    for await (const b of scoredBatches(sql, card.version, card, enc, runner, year, month)) {
      for (const p of b.out.p) countScore(hist, p);
      n += b.rows.length;
    }
    if (n) out[key] = hist;
  }
  return out;
}
