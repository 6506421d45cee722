import { Type } from 'typebox';
import type { RoutePlugin } from './index.js';
import { planMonitorService } from '../../planning/plan-monitor.service.js';
import { HistoryEntry } from './plan.schemas.js';
import { Nullable } from './schema-kit.js';

const Id = Type.Object({ id: Type.String({ pattern: '^[0-9]+$' }) });
const Month = Type.Integer({ minimum: 1, maximum: 12 });

const Figures = {
  planVolume: Type.Number({ description: 'planned cases for the months (annual plan × months / 12)' }),
  factVolume: Type.Integer({ description: 'accepted cases' }),
  deviationVolume: Type.Number({ description: 'fact − plan' }),
  volumePct: Nullable(Type.Number({ description: 'fact / plan × 100' })),
  planKop: Type.Integer({ description: 'planned money, kopecks' }),
  factKop: Type.Integer({ description: 'accepted money after sanctions, kopecks' }),
  deviationKop: Type.Integer(),
  kopPct: Nullable(Type.Number()),
};
const YearPlan = { planYearVolume: Type.Integer(), planYearKop: Type.Integer() };

const Version = Type.Object({
  id: Type.String(),
  year: Type.Integer(),
  parentId: Nullable(Type.String()),
  rootId: Type.String(),
  author: Type.String(),
  reason: Type.String(),
  totalVolume: Type.Integer(),
  totalKop: Type.Integer(),
  createdAt: Type.String(),
  lines: Type.Integer(),
  corrections: Type.Integer(),
  children: Type.Integer(),
});
const Summary = Type.Object({
  id: Type.String(),
  year: Type.Integer(),
  from: Type.Integer(),
  through: Type.Integer(),
  monthsWithData: Type.Array(Type.Integer(), { description: 'months with accepted registers in the year' }),
  rows: Type.Array(Type.Object({ mo: Type.String(), uslOk: Nullable(Type.Integer()), planned: Type.Boolean(), ...YearPlan, ...Figures })),
  total: Type.Object({ ...YearPlan, ...Figures }, { description: 'sum of the planned rows' }),
  unplanned: Type.Object(
    { factVolume: Type.Integer(), factKop: Type.Integer() },
    { description: 'fact of MOs and conditions without a plan line' },
  ),
});
const Grid = Type.Object({
  id: Type.String(),
  year: Type.Integer(),
  by: Type.String(),
  period: Type.String(),
  monthsWithData: Type.Array(Type.Integer()),
  periods: Type.Array(Type.Integer()),
  rows: Type.Array(
    Type.Object({
      key: Nullable(Type.String()),
      ...YearPlan,
      cells: Type.Array(Type.Object({ period: Type.Integer(), hasData: Type.Boolean(), ...Figures })),
    }),
  ),
  unmatched: Type.Object({ cases: Type.Integer(), kop: Type.Integer() }),
});

/** Plan-fact dashboards: plan versions, a version's corrections, the summary by MO and condition, the execution grid. */
export const planMonitorRoutes: RoutePlugin = async (app, { deps }) => {
  const monitor = planMonitorService(deps.db.sql);
  app.get(
    '/plans',
    {
      schema: {
        summary: 'Plan versions, newest first (lines, corrections since the first version)',
        querystring: Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) }),
        response: { 200: Type.Object({ versions: Type.Array(Version) }) },
      },
    },
    async (req) => ({ versions: await monitor.list(req.query.year) }),
  );
  app.get(
    '/plans/:id/history',
    {
      schema: {
        summary: "A version's corrections from the first version to it: author, time, reason, changes before → after",
        params: Id,
        response: { 200: Type.Object({ versions: Type.Array(HistoryEntry) }) },
      },
    },
    async (req) => ({ versions: await monitor.history(req.params.id) }),
  );
  app.get(
    '/plans/:id/summary',
    {
      schema: {
        summary: 'Plan-fact by MO and care condition (volumes and kopecks) for months from…through of the plan year',
        params: Id,
        querystring: Type.Object({ from: Type.Optional(Month), through: Type.Optional(Month) }),
        response: { 200: Summary },
      },
    },
    async (req) => monitor.summary(req.params.id, req.query),
  );
  app.get(
    '/plans/:id/execution',
    {
      schema: {
        summary: 'Execution % of plan tasks by profile or KSG × quarter or month (fact from accepted registers)',
        params: Id,
        querystring: Type.Object({
          by: Type.Optional(Type.Union([Type.Literal('profile'), Type.Literal('ksg')], { default: 'profile' })),
          period: Type.Optional(Type.Union([Type.Literal('quarter'), Type.Literal('month')], { default: 'quarter' })),
        }),
        response: { 200: Grid },
      },
    },
    async (req) => monitor.execution(req.params.id, req.query.by ?? 'profile', req.query.period ?? 'quarter'),
  );
};
