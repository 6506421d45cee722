/** The model card (`models/<version>/card.json`) and its readable form (`card.md`). Pure. */
import type { FeatureSpec } from './feature-row.js';
import type { Preprocess } from './preprocess.js';
import type { TrainOutcome } from './train.pipeline.js';
import type { TrainConfig } from './train.config.js';
import type { Interval, Metrics } from './train.evaluate.js';
import type { FeatureReference } from '../features/feature-drift.js';
import type { PrPoint } from './pr-curve.js';

export interface ModelCard {
  version: string;
  kind: string;
  createdAt: string;
  /** A baseline shipped with the repository (made active when the registry has no active version). */
  baseline?: boolean;
  spec: { version: string; numeric: string[]; categorical: string[] };
  preprocess: Preprocess;
  net: TrainOutcome['netConfig'];
  window: { trainFrom: string; trainTo: string; validFrom: string; validTo: string };
  counts: TrainOutcome['counts'];
  weights: TrainOutcome['weights'];
  population: TrainOutcome['population'];
  metrics: Metrics;
  comparison: TrainOutcome['comparison'];
  winner: string;
  calibration: TrainOutcome['calibration'];
  threshold: number;
  groupPriors: TrainOutcome['groupPriors'];
  onnx: { file: 'model.onnx'; sha256: string; bytes: number; parityRows: number; parityMaxAbsDiff: number };
  config: TrainConfig;
  /** What the model cannot see (written by whoever trains it; the baseline's is in training/README.md). */
  notes?: string[];
  /** The features' distribution in the training months (all cases, not only the reviewed), for the PSI of a period. */
  reference?: FeatureReference;
  /** Precision–recall points on the metrics' population of the validation months (calibrated, cross-fitted scores). */
  prCurve?: PrPoint[];
  /**
   * The model's score histograms of the training months (every case, 20 equal bins of [0, 1] per `YYYY-MM`), stored
   * in `model_version.score_hist` at registration: the reference of the agreement's PSI of scores (scoring/score-hist.ts).
   */
  scoreHist?: Record<string, number[]>;
}

export function buildCard(args: {
  version: string;
  createdAt: string;
  spec: FeatureSpec;
  outcome: TrainOutcome;
  window: ModelCard['window'];
  onnx: ModelCard['onnx'];
  config: TrainConfig;
}): ModelCard {
  const o = args.outcome;
  return {
    version: args.version,
    kind: o.net.kind,
    createdAt: args.createdAt,
    spec: { version: args.spec.version, numeric: [...args.spec.numeric], categorical: [...args.spec.categorical] },
    preprocess: o.pre,
    net: o.netConfig,
    window: args.window,
    counts: o.counts,
    weights: o.weights,
    population: o.population,
    metrics: o.metrics,
    comparison: o.comparison,
    winner: o.net.kind,
    calibration: o.calibration,
    prCurve: o.prCurve,
    threshold: o.threshold,
    groupPriors: o.groupPriors,
    onnx: args.onnx,
    config: args.config,
  };
}

const f = (x: number, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : '—');
const iv = (i: Interval) => `${f(i.value)} [${f(i.lo)}; ${f(i.hi)}]`;
const METRIC_NAMES = ['roc_auc', 'pr_auc', 'brier', 'ece', 'precision_at_5pct', 'lift_at_5pct'] as const;

/** The metrics in the JSON shape `omsx model train --json` prints: each `{value, lo, hi}` (95 % bootstrap). */
export function metricsJson(m: Metrics) {
  return Object.fromEntries(METRIC_NAMES.map((k) => [k, m[k]]));
}

/** card.md: data window, features, metrics with intervals, calibration curve, the comparison. */
export function cardMarkdown(c: ModelCard): string {
  const lines = [
    `# Model ${c.version}`,
    '',
    `Kind: **${c.kind}** (winner of ${c.comparison.map((x) => x.kind).join(' vs ')} on the validation months by PR-AUC). Created ${c.createdAt}.`,
    '',
    '## Data',
    `- Training months ${c.window.trainFrom} … ${c.window.trainTo}: ${c.counts.trainCases} reviewed cases, ${c.counts.trainPositives} confirmed defects.`,
    `- Validation months ${c.window.validFrom} … ${c.window.validTo}: ${c.counts.validCases} reviewed cases, ${c.counts.validPositives} confirmed defects.`,
    `- Selection bias: inverse-propensity weights (random arm 1/propensity, rule arms 1), largest weight ${c.weights.maxWeight} (${c.weights.clipped} clipped); arms ${Object.entries(
      c.weights.byArm,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(
        ', ',
      )}; **${c.weights.estimated} rows with an estimated propensity** (unknown arm: share reviewed in its month × care condition).`,
    `- Metrics below are on the ${c.population === 'random-arm' ? 'random arm of the validation months (unbiased)' : 'validation months, IPW-weighted (the random arm was too small or single-class)'}.`,
    '',
    '## Features',
    `Feature spec ${c.spec.version}: ${c.spec.numeric.length} numeric (${c.spec.numeric.join(', ')}), ${c.spec.categorical.length} categorical (${c.spec.categorical.join(', ')}).`,
    `Preprocessing (part of this version): standardisation with missing indicators for ${c.preprocess.numeric.filter((n) => n.indicator).length} features; vocabularies ${c.preprocess.categorical
      .map((x) => `${x.name} ${x.vocab.length}`)
      .join(
        ', ',
      )} (+ OOV); smoothed target encodings of ${c.preprocess.target.map((t) => t.source).join(', ') || 'none'} (training months only, out-of-fold on the training rows).`,
    '',
    '## Metrics (95 % bootstrap intervals)',
    '| metric | value [95 % CI] |',
    '|---|---|',
    ...METRIC_NAMES.map((k) => `| ${k} | ${iv(c.metrics[k])} |`),
    `| prevalence | ${f(c.metrics.prevalence)} (${c.metrics.positives} of ${c.metrics.n}) |`,
    '',
    `Operating threshold (top 5 % of the validation months): p ≥ ${f(c.threshold, 4)}.`,
    '',
    '## Calibration (Platt, cross-fitted on the validation months)',
    `a = ${f(c.calibration.a, 4)}, b = ${f(c.calibration.b, 4)}`,
    '',
    '| p from | p to | mean p | observed | weight |',
    '|---|---|---|---|---|',
    ...c.calibration.curve.map((b) => `| ${f(b.from, 1)} | ${f(b.to, 1)} | ${f(b.meanP)} | ${f(b.observed)} | ${f(b.weight, 1)} |`),
    '',
    '## Comparison (validation months, before calibration)',
    '| model | ROC-AUC | PR-AUC | lift@5 % | best epoch | seconds |',
    '|---|---|---|---|---|---|',
    ...c.comparison.map(
      (x) =>
        `| ${x.kind} | ${iv(x.metrics.roc_auc)} | ${iv(x.metrics.pr_auc)} | ${iv(x.metrics.lift_at_5pct)} | ${x.bestEpoch} | ${f(x.seconds, 1)} |`,
    ),
    '',
    ...(c.prCurve?.length
      ? [
          '## Precision–recall (validation months)',
          '| recall | precision | p ≥ |',
          '|---|---|---|',
          ...[0.1, 0.25, 0.5, 0.75].flatMap((r) => {
            const pt = c.prCurve!.find((x) => x.recall >= r);
            return pt ? [`| ${f(pt.recall)} | ${f(pt.precision)} | ${f(pt.threshold, 4)} |`] : [];
          }),
          '',
        ]
      : []),
    ...(c.reference
      ? [
          '## Drift reference',
          `Feature distributions of all ${c.reference.rows} cases of ${c.reference.from} … ${c.reference.to} (numeric: decile bins of ${c.reference.sampled} cases; categorical: the ${c.reference.categorical[0]?.values.length ?? 0} most frequent values): \`omsx features report\` measures a period's PSI against them.`,
          '',
        ]
      : []),
    '## ONNX',
    `\`model.onnx\` sha256 ${c.onnx.sha256} (${c.onnx.bytes} bytes); parity with tfjs on ${c.onnx.parityRows} rows: max |Δp| = ${c.onnx.parityMaxAbsDiff.toExponential(2)}.`,
    ...(c.notes?.length ? ['', '## Notes', ...c.notes.map((n) => `- ${n}`)] : []),
    '',
  ];
  return lines.join('\n');
}
