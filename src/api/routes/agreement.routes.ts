import { Type } from 'typebox';
import { Nullable } from './schema-kit.js';
import type { RoutePlugin } from './index.js';
import { agreementReport } from '../../review/agreement.service.js';

const Num = Nullable(Type.Number());
const Interval = Nullable(Type.Tuple([Type.Number(), Type.Number()]));
const Key = Type.Record(Type.String(), Nullable(Type.Union([Type.String(), Type.Number()])));
const Group = Type.Object({
  key: Key,
  conclusions: Type.Integer(),
  reviewed: Type.Integer(),
  confirmed: Type.Integer(),
  hit_rate: Num,
  hit_rate_ci: Interval,
  recovered: Type.Number({ description: 'non-payment + fine, rubles' }),
  non_payment: Type.Number({ description: 'rubles' }),
  fine: Type.Number({ description: 'rubles' }),
  recovered_per_review: Num,
  lift: Num,
  lift_ci: Interval,
});
const Estimate = Type.Object({ estimate: Type.Number(), variance: Type.Number(), ci: Type.Tuple([Type.Number(), Type.Number()]) });
const Kappa = Type.Object({ n: Type.Integer(), kappa: Num, ci: Interval, observed: Type.Number() });
const Model = Type.Object({
  version: Type.String(),
  status: Nullable(Type.String()),
  threshold: Num,
  scored: Type.Integer(),
  random_cases: Type.Integer(),
  random_defective: Type.Integer(),
  roc_auc: Num,
  pr_auc: Num,
  brier: Num,
  ece: Num,
  calibration: Type.Array(Type.Object({ lo: Type.Number(), hi: Type.Number(), n: Type.Integer(), meanScore: Num, observed: Num })),
  kappa: Nullable(Kappa),
  kappa_by_defect_group: Type.Array(
    Type.Object({ defect_group: Type.String(), n: Type.Integer(), kappa: Num, ci: Interval, observed: Type.Number() }),
  ),
  precision: Nullable(Estimate),
  recall: Nullable(Estimate),
  psi: Num,
  psi_level: Nullable(Type.Union([Type.Literal('stable'), Type.Literal('watch'), Type.Literal('act')])),
  psi_reference: Nullable(Type.String()),
});
const Report = Type.Object({
  from: Nullable(Type.String()),
  to: Nullable(Type.String()),
  by: Type.Array(Type.String()),
  money: Type.Literal('rubles'),
  groups: Type.Array(Group),
  arms: Type.Array(Group),
  total: Group,
  defective_cases: Nullable(Type.Object({ ...Estimate.properties, sample: Type.Integer(), unknown_propensity: Type.Integer() })),
  expert_agreement: Nullable(Kappa),
  models: Nullable(Type.Array(Model)),
});

const Period = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' });

/** Agreement between selection and expertise: GET /api/agreement?from&to&by. */
export const agreementRoutes: RoutePlugin = async (app, { deps }) => {
  app.get(
    '/agreement',
    {
      schema: {
        summary: 'Hit rate, recovered rubles and lift per group; model figures on the random arm; IPW estimates; κ; PSI',
        querystring: Type.Object({
          from: Type.Optional(Period),
          to: Type.Optional(Period),
          by: Type.Optional(Type.String({ description: 'comma-separated: arm,control,s_tip,smo,mo,model,expert,defect_group,month' })),
        }),
        response: { 200: Report },
      },
    },
    async (req) => agreementReport(deps, { from: req.query.from, to: req.query.to, by: req.query.by ?? 'arm' }),
  );
};
