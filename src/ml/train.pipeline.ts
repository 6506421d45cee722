/**
 * Training from labelled feature rows to a chosen, calibrated network (no database, no files): preprocessing
 * fitted on the training months, each candidate trained, compared on the validation months, the winner
 * calibrated (Platt) and evaluated — on the random arm when it has both classes, otherwise IPW-weighted.
 */
import type * as tfns from '@tensorflow/tfjs';
import { AppError } from '../errors.js';
import type { FeatureRow, FeatureSpec } from './feature-row.js';
import { ipwWeights, type IpwResult, type LabelInfo } from './ipw.js';
import { compileEncoder, encodeRows, fitPreprocess, outOfFoldTargets, type Preprocess } from './preprocess.js';
import { fitNet, type Batch } from './train.train.js';
import { extractWeights, predictLogits, type NetConfig } from './train.model.js';
import { calibrationCurve, evaluate, fitPlatt, type CalibrationBin, type Metrics } from './train.evaluate.js';
import type { NetWeights } from './net.js';
import type { TrainConfig } from './train.config.js';
import { prCurve, type PrPoint } from './pr-curve.js';

export interface LabelledData {
  spec: FeatureSpec;
  rows: FeatureRow[];
  /** 1 = confirmed defect. */
  y: Float64Array;
  info: LabelInfo[];
  /** The F014 group of each confirmed defect (null otherwise). */
  groups: (string | null)[];
  /** Cases and reviewed cases per stratum (for an unknown arm's propensity). */
  strata: { cases: Map<string, number>; reviewed: Map<string, number> };
}

export interface Comparison {
  kind: string;
  bestEpoch: number;
  seconds: number;
  metrics: Metrics;
}

export interface TrainOutcome {
  net: NetWeights;
  pre: Preprocess;
  netConfig: Omit<NetConfig, 'seed'>;
  metrics: Metrics;
  population: 'random-arm' | 'ipw-weighted';
  comparison: Comparison[];
  calibration: { a: number; b: number; curve: CalibrationBin[] };
  /** Precision–recall points of the cross-fitted calibrated scores on the metrics' population. */
  prCurve: PrPoint[];
  /** The calibrated probability at the top 5 % of the validation months. */
  threshold: number;
  weights: Omit<IpwResult, 'weights'> & { maxWeight: number };
  counts: { trainCases: number; validCases: number; trainPositives: number; validPositives: number };
  groupPriors: { overall: Record<string, number>; byUslOk: Record<string, Record<string, number>> };
  valid: { batch: Batch; logits: Float32Array; p: Float32Array };
}

function shares(values: (string | null)[]): Record<string, number> {
  const c: Record<string, number> = {};
  let n = 0;
  for (const v of values) {
    if (!v) continue;
    c[v] = (c[v] ?? 0) + 1;
    n++;
  }
  for (const k of Object.keys(c)) c[k] = c[k] / n;
  return c;
}

export async function trainPipeline(
  tf: typeof tfns,
  data: LabelledData,
  split: { train: number[]; valid: number[] },
  cfg: TrainConfig,
): Promise<TrainOutcome> {
  const { spec } = data;
  const yTrain = split.train.map((i) => data.y[i]);
  const yValid = split.valid.map((i) => data.y[i]);
  if (!split.train.length) throw new AppError('BAD_INPUT', 'no labelled cases in the training months');
  if (!split.valid.length) throw new AppError('BAD_INPUT', 'no labelled cases in the validation months');
  for (const [name, ys] of [
    ['training', yTrain],
    ['validation', yValid],
  ] as const) {
    const pos = ys.filter((v) => v === 1).length;
    if (pos === 0 || pos === ys.length)
      throw new AppError(
        'BAD_INPUT',
        `the ${name} months have a single class (${pos} defects of ${ys.length} labelled cases): nothing to learn or measure`,
      );
  }
  const ipw = ipwWeights(data.info, data.strata, cfg.maxWeight);
  const trainRows = split.train.map((i) => data.rows[i]);
  const validRows = split.valid.map((i) => data.rows[i]);
  const wTrain = split.train.map((i) => ipw.weights[i]);
  const wValid = Float64Array.from(split.valid, (i) => ipw.weights[i]);
  const pre = fitPreprocess(spec, trainRows, yTrain, wTrain, cfg.preprocess);
  const enc = compileEncoder(pre, spec);
  const trainBatch = encodeRows(enc, trainRows, outOfFoldTargets(pre, spec, trainRows, yTrain, wTrain, cfg.preprocess.folds));
  const validBatch = encodeRows(enc, validRows);
  const yv = Float64Array.from(yValid);
  const allValid = Array.from(yv.keys());
  const randomIdx = allValid.filter((k) => data.info[split.valid[k]].arm === 'random');
  const randomPos = randomIdx.filter((k) => yv[k] === 1).length;
  const population = randomIdx.length >= 30 && randomPos > 0 && randomPos < randomIdx.length ? 'random-arm' : 'ipw-weighted';
  const evalIdx = population === 'random-arm' ? randomIdx : allValid;
  const evalW = population === 'random-arm' ? new Float64Array(yv.length).fill(1) : wValid;

  const comparison: Comparison[] = [];
  let best: { cmp: Comparison; model: tfns.LayersModel; cfg: NetConfig; logits: Float32Array } | undefined;
  for (const cand of cfg.candidates) {
    const t0 = Date.now();
    const netCfg: NetConfig = {
      kind: cand.kind,
      numDim: pre.numDim,
      catDim: pre.catDim,
      vocab: pre.vocab,
      embDim: cand.embDim,
      hidden: cand.hidden,
      seed: cfg.seed,
    };
    const { model, bestEpoch } = await fitNet(tf, netCfg, trainBatch, yTrain, wTrain, cand.fit);
    const logits = predictLogits(tf, model, validBatch, pre.numDim, pre.catDim);
    const p = Float64Array.from(logits, (z) => 1 / (1 + Math.exp(-z)));
    const metrics = evaluate(p, yv, evalW, evalIdx, { reps: cfg.bootstrap, seed: cfg.seed });
    const cmp = { kind: cand.kind, bestEpoch, seconds: (Date.now() - t0) / 1000, metrics };
    comparison.push(cmp);
    const better =
      !best ||
      metrics.pr_auc.value > best.cmp.metrics.pr_auc.value ||
      (Number.isNaN(best.cmp.metrics.pr_auc.value) && !Number.isNaN(metrics.pr_auc.value));
    if (better) {
      best?.model.dispose();
      best = { cmp, model, cfg: netCfg, logits };
    } else model.dispose();
  }
  if (!best) throw new AppError('BAD_INPUT', 'no candidate model configured');
  // Platt scaling on the validation months; reported metrics use two-fold cross-fitting so that the
  // calibration is judged on rows it was not fitted on
  const calib = fitPlatt(best.logits, yv, wValid, allValid);
  const half = [allValid.filter((k) => k % 2 === 0), allValid.filter((k) => k % 2 === 1)];
  const crossP = new Float64Array(yv.length);
  for (const [fitOn, applyTo] of [
    [half[0], half[1]],
    [half[1], half[0]],
  ]) {
    const c = fitPlatt(best.logits, yv, wValid, fitOn);
    for (const k of applyTo) crossP[k] = 1 / (1 + Math.exp(-(c.a * best.logits[k] + c.b)));
  }
  const metrics = evaluate(crossP, yv, evalW, evalIdx, { reps: cfg.bootstrap, seed: cfg.seed });
  const pValid = Float32Array.from(best.logits, (z) => 1 / (1 + Math.exp(-(calib.a * z + calib.b))));
  const sorted = Array.from(pValid).sort((a, b) => b - a);
  const threshold = sorted[Math.max(0, Math.ceil(sorted.length * 0.05) - 1)] ?? 0.5;
  const net = extractWeights(best.model, best.cfg, calib);
  best.model.dispose();
  const trainGroups = split.train.map((i) => data.groups[i]);
  const byUsl: Record<string, (string | null)[]> = {};
  split.train.forEach((i, k) => (byUsl[String(data.rows[i].uslOk ?? '')] ??= []).push(trainGroups[k]));
  const { seed: _seed, ...netConfig } = best.cfg;
  void _seed;
  return {
    net,
    pre,
    netConfig,
    metrics,
    population,
    comparison,
    calibration: { a: calib.a, b: calib.b, curve: calibrationCurve(crossP, yv, evalW, evalIdx).curve },
    prCurve: prCurve(crossP, yv, evalW, evalIdx),
    threshold,
    weights: { estimated: ipw.estimated, clipped: ipw.clipped, byArm: ipw.byArm, maxWeight: cfg.maxWeight },
    counts: {
      trainCases: split.train.length,
      validCases: split.valid.length,
      trainPositives: yTrain.filter((v) => v === 1).length,
      validPositives: yValid.filter((v) => v === 1).length,
    },
    groupPriors: { overall: shares(trainGroups), byUslOk: Object.fromEntries(Object.entries(byUsl).map(([k, v]) => [k, shares(v)])) },
    valid: { batch: validBatch, logits: best.logits, p: pValid },
  };
}
