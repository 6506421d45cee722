import { Type } from 'typebox';
import { Nullable } from './schema-kit.js';
import type { RoutePlugin } from './index.js';
import { listModels, promoteModel } from '../../ml/models.service.js';
import { modelDetails } from '../../ml/model-details.service.js';
import { featureReport } from '../../ml/drift.service.js';
import { parsePeriod } from '../../features/features.service.js';

const ModelRow = Type.Object({
  version: Type.String(),
  status: Type.Union([Type.Literal('shadow'), Type.Literal('active'), Type.Literal('retired')]),
  spec_version: Type.String(),
  kind: Type.String(),
  created_at: Type.String(),
  promoted_at: Type.Union([Type.String(), Type.Null()]),
  retired_at: Type.Union([Type.String(), Type.Null()]),
  train_from: Type.String(),
  train_to: Type.String(),
  threshold: Type.Union([Type.Number(), Type.Null()]),
  onnx_sha256: Type.String(),
});

const Num = Nullable(Type.Number());
const Status = Type.Union([Type.Literal('shadow'), Type.Literal('active'), Type.Literal('retired')]);
const VersionParam = Type.Object({ version: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,80}$' }) });
// a metric with its 95 % bootstrap interval (null where the validation months could not give one)
const Interval = Type.Object({ value: Num, lo: Num, hi: Num });
const Metrics = Type.Object({
  roc_auc: Interval,
  pr_auc: Interval,
  brier: Interval,
  ece: Interval,
  precision_at_5pct: Interval,
  lift_at_5pct: Interval,
  prevalence: Num,
  n: Type.Integer(),
  positives: Type.Integer(),
});
const Details = Type.Object({
  ...ModelRow.properties,
  window: Type.Object({ trainFrom: Type.String(), trainTo: Type.String(), validFrom: Type.String(), validTo: Type.String() }),
  counts: Type.Object({
    trainCases: Type.Integer(),
    validCases: Type.Integer(),
    trainPositives: Type.Integer(),
    validPositives: Type.Integer(),
  }),
  population: Type.String({ description: 'random-arm or ipw-weighted: the population of the metrics' }),
  metrics: Metrics,
  calibration: Type.Object({
    a: Type.Number(),
    b: Type.Number(),
    curve: Type.Array(Type.Object({ from: Type.Number(), to: Type.Number(), meanP: Num, observed: Num, weight: Type.Number() })),
  }),
  comparison: Type.Array(Type.Object({ kind: Type.String(), bestEpoch: Type.Integer(), seconds: Type.Number(), metrics: Metrics })),
  winner: Type.String(),
  notes: Type.Array(Type.String()),
  weights: Type.Object({
    estimated: Type.Integer(),
    clipped: Type.Integer(),
    byArm: Type.Record(Type.String(), Type.Number()),
    maxWeight: Type.Number(),
  }),
  spec: Type.Object({ version: Type.String(), numeric: Type.Integer(), categorical: Type.Integer() }),
  reference: Nullable(Type.Object({ from: Type.String(), to: Type.String(), rows: Type.Integer() })),
  prCurve: Type.Object({
    source: Type.String({ description: 'card (stored at training), card-file, or scores (computed now from case_score and conclusions)' }),
    months: Type.Optional(Type.String()),
    population: Type.Optional(Type.String()),
    cases: Type.Optional(Type.Integer()),
    points: Type.Array(Type.Object({ threshold: Type.Number(), recall: Type.Number(), precision: Type.Number() })),
  }),
  history: Type.Array(Type.Object({ status: Status, changed_at: Type.String(), changed_by: Nullable(Type.String()) })),
});
const Summary = Type.Object({
  count: Type.Integer(),
  missing: Type.Integer(),
  missingShare: Type.Number(),
  mean: Type.Optional(Num),
  std: Type.Optional(Num),
  min: Type.Optional(Num),
  max: Type.Optional(Num),
  distinct: Type.Optional(Type.Integer()),
  top: Type.Optional(Type.Array(Type.Object({ value: Type.String(), count: Type.Integer(), share: Type.Number() }))),
});
const Drift = Type.Object({
  period: Type.String(),
  specVersion: Type.String(),
  rows: Type.Integer(),
  model: Nullable(Type.Object({ version: Type.String(), status: Status })),
  reference: Nullable(Type.Object({ source: Type.String(), from: Type.String(), to: Type.String(), rows: Type.Integer() })),
  features: Type.Array(
    Type.Object({
      name: Type.String(),
      kind: Type.Union([Type.Literal('numeric'), Type.Literal('categorical')]),
      psi: Num,
      flag: Nullable(Type.Union([Type.Literal('stable'), Type.Literal('watch'), Type.Literal('drift')])),
      summary: Summary,
      bins: Type.Array(Type.Object({ bin: Type.String(), reference: Type.Number(), current: Type.Number() })),
    }),
  ),
});

/** Model versions: list and promote (registration, which runs the model, is the CLI's and the scoring job's). */
export const modelsRoutes: RoutePlugin = async (app, { deps }) => {
  app.get(
    '/models',
    {
      schema: {
        summary: 'Registered model versions (shadow, active, retired), newest first',
        response: { 200: Type.Object({ models: Type.Array(ModelRow) }) },
      },
    },
    async () => ({ models: await listModels(deps) }),
  );
  app.post(
    '/models/:version/promote',
    {
      schema: {
        summary: 'Make a version active; the previous active version goes back to shadow',
        params: VersionParam,
        response: { 200: ModelRow },
      },
    },
    async (req) => promoteModel(deps, req.params.version, req.user?.login ?? null),
  );
  app.get(
    '/models/:version',
    {
      schema: {
        summary:
          "A version's card: window, counts, metrics with 95 % intervals, calibration and PR curves, comparison, notes, status history",
        params: VersionParam,
        response: { 200: Details },
      },
    },
    async (req) => modelDetails(deps, req.params.version),
  );
  app.get(
    '/models/:version/drift',
    {
      schema: {
        summary: "PSI of each feature of a period against the version's training window (most drifted first), with a summary",
        params: VersionParam,
        querystring: Type.Object({ period: Type.String({ pattern: '^\\d{4}-\\d{2}$', description: 'YYYY-MM' }) }),
        response: { 200: Drift },
      },
    },
    async (req) => featureReport(deps, parsePeriod(req.query.period), req.params.version),
  );
};
