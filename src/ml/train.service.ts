/**
 * `omsx model train`: loads the labelled rows of a window, trains and compares the candidates, exports the winner
 * to ONNX, checks it against tfjs, writes `models/<version>/` and registers the version as shadow.
 */
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { loadNsi } from '../nsi/nsi.loader.js';
import { currentSpec } from '../features/feature-spec.js';
import { tfReady } from './tf.js';
import { trainPipeline, type TrainOutcome } from './train.pipeline.js';
import { trainConfig, type TrainConfig } from './train.config.js';
import { groupsFromNsi, labelledPeriods, loadLabelled, periodText, ym, type YearMonth } from './train.data.js';
import { exportOnnx } from './onnx.export.js';
import { openOnnxRunner } from './onnx.scorer.js';
import { buildCard, metricsJson, type ModelCard } from './card.js';
import { modelsDir, sha256, writeModelFiles } from './model-files.js';
import { registerModel } from './models.service.js';
import type { FeatureSpec } from './feature-row.js';
import { referenceFromStore } from './drift.service.js';
import { scoreHistograms } from '../scoring/score-hist.js';

export interface TrainOptions {
  from?: YearMonth;
  to?: YearMonth;
  validFrom?: YearMonth;
  config?: Partial<TrainConfig>;
  spec?: FeatureSpec;
  /** Mark the card as the shipped baseline. */
  baseline?: boolean;
  notes?: string[];
}

export interface TrainResult {
  version: string;
  trainCases: number;
  validCases: number;
  metrics: ReturnType<typeof metricsJson>;
  kind: string;
  population: string;
  comparison: { kind: string; pr_auc: number; roc_auc: number }[];
  dir: string;
  status: string;
}

const prev = (p: YearMonth): YearMonth => (p.month === 1 ? { year: p.year - 1, month: 12 } : { year: p.year, month: p.month - 1 });

/** Checks ONNX against tfjs on the validation rows: the largest |Δp|. */
async function parity(onnx: Uint8Array, o: TrainOutcome, rows: number): Promise<{ rows: number; maxDiff: number }> {
  const n = Math.min(rows, o.valid.batch.rows);
  const runner = await openOnnxRunner(onnx, { numDim: o.pre.numDim, catDim: o.pre.catDim });
  try {
    const b = o.valid.batch;
    const out = await runner.run({ rows: n, num: b.num.subarray(0, n * o.pre.numDim), cat: b.cat.subarray(0, n * o.pre.catDim) });
    let maxDiff = 0;
    for (let i = 0; i < n; i++) maxDiff = Math.max(maxDiff, Math.abs(out.p[i] - o.valid.p[i]));
    return { rows: n, maxDiff };
  } finally {
    await runner.close();
  }
}

export async function trainModel(deps: Deps, opts: TrainOptions = {}): Promise<TrainResult & { card: ModelCard }> {
  const spec = opts.spec ?? currentSpec();
  const cfg = trainConfig(opts.config);
  const periods = await labelledPeriods(deps.db.sql, spec.version);
  if (!periods.length)
    throw new AppError(
      'BAD_INPUT',
      `no labelled cases: no conclusions for cases with features of spec ${spec.version} (run omsx features and import conclusions first)`,
    );
  const to = opts.to ?? periods[periods.length - 1];
  const from = opts.from ?? periods[0];
  const inWindow = periods.filter((p) => ym(p) >= ym(from) && ym(p) <= ym(to));
  if (!inWindow.length) throw new AppError('BAD_INPUT', `no labelled cases between ${periodText(from)} and ${periodText(to)}`);
  const validFrom = opts.validFrom ?? inWindow[inWindow.length - 1];
  if (ym(validFrom) <= ym(from) || ym(validFrom) > ym(to))
    throw new AppError(
      'BAD_INPUT',
      `--valid-from ${periodText(validFrom)} must be after --from ${periodText(from)} and not after --to ${periodText(to)} (validation is on later months than training)`,
    );
  const nsi = await loadNsi(deps.config.nsiDir);
  const data = await loadLabelled(
    deps.db.sql,
    spec,
    from,
    to,
    groupsFromNsi((c) => nsi.decodeSOsn(c)?.item),
  );
  const train: number[] = [];
  const valid: number[] = [];
  data.rows.forEach((r, i) => (ym(r) >= ym(validFrom) ? valid : train).push(i));
  const tf = await tfReady();
  const outcome = await trainPipeline(tf, data, { train, valid }, cfg);
  const trainTo = prev(validFrom);
  const window = { trainFrom: periodText(from), trainTo: periodText(trainTo), validFrom: periodText(validFrom), validTo: periodText(to) };
  // the version names what it is: the same data, spec, configuration and seed give the same model and name
  const provisional = exportOnnx(outcome.net, { version: '' });
  const version = `${outcome.net.kind === 'logistic' ? 'lr' : 'nn'}-${window.validTo}-${sha256(provisional).slice(0, 8)}`;
  const onnx = exportOnnx(outcome.net, { version, docString: `omsx risk model ${version}, spec ${spec.version}` });
  const check = await parity(onnx, outcome, cfg.parityRows);
  if (check.maxDiff > 1e-5) throw new AppError('INTERNAL', `ONNX export differs from tfjs by ${check.maxDiff} (> 1e-5): not registered`);
  const card = buildCard({
    version,
    createdAt: deps.now().toISOString(),
    spec,
    outcome,
    window,
    onnx: { file: 'model.onnx', sha256: sha256(onnx), bytes: onnx.length, parityRows: check.rows, parityMaxAbsDiff: check.maxDiff },
    config: cfg,
  });
  // every case of the training months (not only the reviewed ones): what a later month's PSI is measured against
  const reference = await referenceFromStore(deps.db.sql, spec, window.trainFrom, window.trainTo);
  if (reference) card.reference = reference;
  // and the model's scores of those months, the reference of the agreement's PSI of scores
  const { openOnnxRunner } = await import('./onnx.scorer.js');
  const runner = await openOnnxRunner(onnx, { numDim: card.preprocess.numDim, catDim: card.preprocess.catDim });
  try {
    const hist = await scoreHistograms(deps.db.sql, card, runner, window.trainFrom, window.trainTo);
    if (Object.keys(hist).length) card.scoreHist = hist;
  } finally {
    await runner.close();
  }
  if (opts.baseline) card.baseline = true;
  if (opts.notes) card.notes = opts.notes;
  const dir = await writeModelFiles(modelsDir(deps.config), card, onnx);
  const row = await registerModel(deps, version);
  return {
    version,
    trainCases: outcome.counts.trainCases,
    validCases: outcome.counts.validCases,
    metrics: metricsJson(outcome.metrics),
    kind: outcome.net.kind,
    population: outcome.population,
    comparison: outcome.comparison.map((c) => ({ kind: c.kind, pr_auc: c.metrics.pr_auc.value, roc_auc: c.metrics.roc_auc.value })),
    dir,
    status: row.status,
    card,
  };
}
