/**
 * Scoring a period: every accepted case with features is scored by the active version and every shadow one (or
 * one named version): `p_defect`, `expected_amount_kop` = p × case sum × K_NO (F014) of the most likely defect group,
 * up to 4 reasons; stored in `case_score` (the version's rows of the period replaced in one transaction, COPY).
 */
import type { Deps } from '../deps.js';
import type { SqlPort } from '../db/sql.port.js';
import { AppError } from '../errors.js';
import { copyLine } from '../db/sql.port.js';
import { formatKopecks } from '../tariffs/money.js';
import { loadNsi } from '../nsi/nsi.loader.js';
import { compileEncoder } from '../ml/preprocess.js';
import type { ModelCard } from '../ml/card.js';
import { modelsDir, readModelFiles } from '../ml/model-files.js';
import { modelsRepo, type ModelVersionRow } from '../ml/models.repo.js';
import { syncModels } from '../ml/models.service.js';
import type { ModelRunner } from './scorer.port.js';
import { likelyGroup, occlude, topReasons, type Reason } from './reasons.js';
import { scoresRepo, type ScoredFeatureRow, type ScoreRowOut } from './scores.repo.js';
import { defectGroup } from './defect-groups.js';
import { countScore, HIST_BINS, scoredBatches } from './score-hist.js';

export interface ScoreOptions {
  year: number;
  month: number;
  version?: string;
  /** Cases per batch (features read, scored and written together). */
  batchSize?: number;
  /** No model version registered: score nothing and say so (the job chained to ingestion) instead of an error. */
  noModelIsFine?: boolean;
  /**
   * Reasons are computed for each batch's top share by probability and its top share by p × case sum (default 0.1
   * each): occlusion runs the model once per feature, and worklists take fewer; the others are stored without reasons.
   */
  reasonsShare?: number;
}

export interface VersionScore {
  version: string;
  status: string;
  cases: number;
  ms: number;
}

export interface ScoreResult {
  year: number;
  month: number;
  acceptedCases: number;
  versions: VersionScore[];
}

const OCCLUDE_ROWS = 256;

async function openRunner(deps: Deps, row: ModelVersionRow): Promise<{ card: ModelCard; runner: ModelRunner }> {
  const { card, onnx } = await readModelFiles(modelsDir(deps.config), row.version);
  if (card.onnx.sha256 !== row.onnx_sha256)
    throw new AppError('BAD_INPUT', `model ${row.version}: model.onnx on disk is not the registered one`);
  const { openOnnxRunner } = await import('../ml/onnx.scorer.js');
  return { card, runner: await openOnnxRunner(onnx, { numDim: card.preprocess.numDim, catDim: card.preprocess.catDim }) };
}

/**
 * The reasons of the encoded batch rows `which` (occlusion: the model once per feature group and row, in chunks of
 * OCCLUDE_ROWS rows).
 */
async function explainRows(
  runner: ModelRunner,
  enc: ReturnType<typeof compileEncoder>,
  pre: ModelCard['preprocess'],
  rows: readonly ScoredFeatureRow[],
  num: Float32Array,
  cat: Int32Array,
  logit: Float32Array,
  which: readonly number[],
): Promise<Map<number, Reason[]>> {
  const G = enc.groups.length;
  const reasonsOf = new Map<number, Reason[]>();
  for (let s = 0; s < which.length; s += OCCLUDE_ROWS) {
    const part = which.slice(s, s + OCCLUDE_ROWS);
    const occ = await runner.run(occlude(num, cat, part, enc.groups, pre));
    part.forEach((i, k) => reasonsOf.set(i, topReasons(logit[i], occ.logit.subarray(k * G, (k + 1) * G), enc.groups, rows[i], pre)));
  }
  return reasonsOf;
}

/** Scores one version over the period; returns the number of cases written. */
async function scoreVersion(deps: Deps, row: ModelVersionRow, o: ScoreOptions, kNoOf: (group: string | null) => number): Promise<number> {
  const { card, runner } = await openRunner(deps, row);
  const enc = compileEncoder(card.preprocess, card.spec);
  const pre = card.preprocess;
  const hist = new Array<number>(HIST_BINS).fill(0);
  let n = 0;
  try {
    await deps.db.sql.transaction(async (tx: SqlPort) => {
      const repo = scoresRepo(tx);
      await repo.deletePeriod(row.version, o.year, o.month);
      for await (const { rows, num, cat, out } of scoredBatches(tx, row.version, card, enc, runner, o.year, o.month, o.batchSize)) {
        // the riskiest cases of the batch get reasons: by probability and by probability × amount
        const take = Math.ceil(rows.length * (o.reasonsShare ?? 0.1));
        const top = (key: (i: number) => number) =>
          Array.from(out.p.keys())
            .sort((a, b) => key(b) - key(a) || a - b)
            .slice(0, take);
        const explained = [...new Set([...top((i) => out.p[i]), ...top((i) => out.p[i] * rows[i].sumKop)])].sort((a, b) => a - b);
        const reasonsOf = await explainRows(runner, enc, pre, rows, num, cat, out.logit, explained);
        const lines: string[] = [];
        for (let i = 0; i < rows.length; i++) {
          const r = rows[i];
          const p = out.p[i];
          const reasons = reasonsOf.get(i) ?? [];
          const group = likelyGroup(reasons, card.groupPriors, r.uslOk);
          const expected = Math.round(p * r.sumKop * kNoOf(group));
          countScore(hist, p);
          lines.push(copyLine([r.caseId, row.version, r.year, r.month, r.smo, r.codeMo, r.uslOk, p, expected, reasons]));
        }
        await repo.copy(lines);
        n += rows.length;
      }
      // nothing scored: the transaction is rolled back, the period's earlier scores stay
      if (!n)
        throw new AppError(
          'BAD_INPUT',
          `no features of spec ${card.spec.version} for ${o.year}-${String(o.month).padStart(2, '0')}: run omsx features --period first`,
        );
      await modelsRepo(tx).mergeScoreHist(row.version, `${o.year}-${String(o.month).padStart(2, '0')}`, hist);
    });
  } finally {
    await runner.close();
  }
  return n;
}

export async function scorePeriod(deps: Deps, o: ScoreOptions): Promise<ScoreResult> {
  if (!Number.isInteger(o.year) || !Number.isInteger(o.month) || o.month < 1 || o.month > 12)
    throw new AppError('BAD_INPUT', `not a period: ${o.year}-${o.month}`);
  await syncModels(deps);
  const models = modelsRepo(deps.db.sql);
  let versions: ModelVersionRow[];
  if (o.version) {
    const v = await models.get(o.version);
    if (!v) throw new AppError('NOT_FOUND', `model ${o.version} is not registered`);
    if (v.status === 'retired') throw new AppError('BAD_INPUT', `model ${o.version} is retired`);
    versions = [v];
  } else versions = await models.scoring();
  if (!versions.length && o.noModelIsFine) return { year: o.year, month: o.month, acceptedCases: 0, versions: [] };
  if (!versions.length)
    throw new AppError('BAD_INPUT', 'no model version to score with: train one (omsx model train) or keep the baseline in models/');
  const accepted = await scoresRepo(deps.db.sql).acceptedCases(o.year, o.month);
  const period = `${o.year}-${String(o.month).padStart(2, '0')}`;
  if (!accepted) throw new AppError('BAD_INPUT', `no accepted cases in ${period}`);
  const nsi = await loadNsi(deps.config.nsiDir);
  const kNoOf = (group: string | null) => {
    const g = group ? defectGroup(group) : undefined;
    return g ? (nsi.decodeSOsn(String(g.f014))?.kNo ?? 1) : 1;
  };
  const result: VersionScore[] = [];
  for (const v of versions) {
    const t0 = performance.now();
    const cases = await scoreVersion(deps, v, o, kNoOf);
    result.push({ version: v.version, status: v.status, cases, ms: Math.round(performance.now() - t0) });
  }
  return { year: o.year, month: o.month, acceptedCases: accepted, versions: result };
}

/** Every version's score of one case, for `GET /api/cases/:id` (active first; empty when not scored). */
export async function scoresForCase(
  sql: SqlPort,
  caseId: string,
): Promise<(Omit<ScoreRowOut, 'expected_amount_kop'> & { expected_amount_kop: number; expected_amount: string })[]> {
  return (await scoresRepo(sql).forCase(caseId)).map((r) => ({
    ...r,
    p_defect: Number(r.p_defect),
    expected_amount_kop: Number(r.expected_amount_kop),
    expected_amount: formatKopecks(Number(r.expected_amount_kop)),
  }));
}

/**
 * Gives reasons to scored cases stored without them (scoring explains only the riskiest share of each batch; a
 * worklist also holds random-arm and capped cases below it): the same occlusion as scoring, written into their
 * `case_score` rows; the scores themselves stay as they were. Returns how many cases got reasons.
 */
export async function explainCases(deps: Deps, version: string, caseIds: readonly string[]): Promise<number> {
  if (!caseIds.length) return 0;
  const row = await modelsRepo(deps.db.sql).get(version);
  if (!row) throw new AppError('NOT_FOUND', `model ${version} is not registered`);
  const { card, runner } = await openRunner(deps, row);
  try {
    const enc = compileEncoder(card.preprocess, card.spec);
    const pre = card.preprocess;
    const repo = scoresRepo(deps.db.sql);
    const rows = await repo.featuresOf(card.spec.version, caseIds);
    if (!rows.length) return 0;
    const num = new Float32Array(rows.length * pre.numDim);
    const cat = new Int32Array(rows.length * pre.catDim);
    rows.forEach((r, i) => enc.encode(r, i, num, cat));
    const out = await runner.run({ rows: rows.length, num, cat });
    const reasonsOf = await explainRows(runner, enc, pre, rows, num, cat, out.logit, [...rows.keys()]);
    await repo.setReasons(
      version,
      rows.map((r) => r.caseId),
      rows.map((_, i) => reasonsOf.get(i) ?? []),
    );
    return rows.length;
  } finally {
    await runner.close();
  }
}
