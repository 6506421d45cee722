import { Type } from 'typebox';
import type { RoutePlugin } from './index.js';
import { programmeCost, balance } from '../../planning/programme.js';
import { distributeVolume } from '../../planning/distribute.js';
import { splitByMonth, splitLargestRemainder } from '../../planning/split.js';
import { applyCorrection } from '../../planning/versions.js';
import { plansRepo } from '../../planning/plans.repo.js';
import { planFact } from '../../planning/plan-fact.js';
import { loadFacts } from '../../planning/fact.repo.js';
import { currentUser } from '../../access/access.plugin.js';
import { PlanVersion } from './plan.schemas.js';

const Cell = Type.Object({
  mo: Type.String({ minLength: 1 }),
  uslOk: Type.Integer(),
  profile: Type.Optional(
    Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { description: 'care profile (V002) of a plan task by profile' }),
  ),
  ksg: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 20 }), Type.Null()], { description: 'KSG of a plan task by KSG' })),
  volume: Type.Integer({ minimum: 0 }),
  amountKop: Type.Integer({ minimum: 0 }),
});
const Id = Type.Object({ id: Type.String({ pattern: '^[0-9]+$' }) });

/** Planning: programme cost, balance, distribution, splits, versioned plans with corrections, plan-fact. */
export const planningRoutes: RoutePlugin = async (app, { deps }) => {
  const plans = plansRepo(deps.db.sql);
  app.post(
    '/plans/cost',
    {
      schema: {
        summary: 'Programme cost by condition (kopecks)',
        body: Type.Object({
          insured: Type.Integer({ minimum: 1 }),
          norms: Type.Array(Type.Object({ condition: Type.String(), volumeNorm: Type.Number({ minimum: 0 }), unitCost: Type.String() })),
        }),
      },
    },
    async (req) => programmeCost(req.body.norms, req.body.insured),
  );
  app.post(
    '/plans/balance',
    {
      schema: {
        summary: 'TFOMS revenue/expense balance (kopecks)',
        body: Type.Object({ revenue: Type.Record(Type.String(), Type.String()), expense: Type.Record(Type.String(), Type.String()) }),
      },
    },
    async (req) => balance(req.body),
  );
  app.post(
    '/plans/distribute',
    {
      schema: {
        summary: 'Distribute a volume to MOs (proposals or last year, capped; total preserved)',
        body: Type.Object({
          total: Type.Integer({ minimum: 0 }),
          requests: Type.Array(
            Type.Object({
              mo: Type.String(),
              proposal: Type.Optional(Type.Number()),
              lastYear: Type.Optional(Type.Number()),
              cap: Type.Optional(Type.Number()),
            }),
          ),
        }),
      },
    },
    async (req) => Object.fromEntries(distributeVolume(req.body.total, req.body.requests)),
  );
  app.post(
    '/plans/split',
    {
      schema: {
        summary: 'Exact split by weights ({key: part}) or by month ([{month: "01", value}, …] in calendar order)',
        body: Type.Object({
          total: Type.Integer({ minimum: 0 }),
          profile: Type.Optional(Type.Array(Type.Number())),
          weights: Type.Optional(Type.Record(Type.String(), Type.Number())),
        }),
      },
    },
    async (req) =>
      req.body.weights
        ? Object.fromEntries(splitLargestRemainder(req.body.total, Object.entries(req.body.weights)))
        : // months as a list in calendar order: an object with keys "01"…"12" serialises 10, 11, 12 first
          [...splitByMonth(req.body.total, req.body.profile)].map(([month, value]) => ({ month, value })),
  );
  app.post(
    '/plans',
    {
      schema: {
        summary: 'Store a plan version (its author is the signed-in user)',
        body: Type.Object({
          year: Type.Integer(),
          reason: Type.String({ minLength: 1 }),
          lines: Type.Array(Cell),
        }),
        response: { 201: PlanVersion },
      },
    },
    async (req, reply) => reply.status(201).send(await plans.get(await plans.create({ ...req.body, author: currentUser(req).login }))),
  );
  app.get(
    '/plans/:id',
    { schema: { summary: 'A plan version with its lines and audit trail', params: Id, response: { 200: PlanVersion } } },
    async (req) => plans.get(req.params.id),
  );
  app.post(
    '/plans/:id/corrections',
    {
      schema: {
        summary: 'Apply a correction: a new version (totals preserved unless allowTotalChange); its author is the signed-in user',
        params: Id,
        body: Type.Object({
          reason: Type.String({ minLength: 1 }),
          changes: Type.Array(Cell),
          allowTotalChange: Type.Optional(Type.Boolean()),
        }),
      },
    },
    async (req, reply) => {
      const base = await plans.get(req.params.id);
      const { cells, diff } = applyCorrection(base.lines, req.body.changes, req.body.allowTotalChange);
      const id = await plans.create({
        year: base.year,
        parentId: base.id,
        author: currentUser(req).login,
        reason: req.body.reason,
        changes: diff,
        lines: cells,
      });
      return reply.status(201).send(await plans.get(id));
    },
  );
  app.get(
    '/plans/:id/fact',
    {
      schema: {
        summary: 'Plan-fact: execution % and forecast from accepted registers',
        params: Id,
        querystring: Type.Object({ through: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })) }),
      },
    },
    async (req) => {
      const p = await plans.get(req.params.id);
      return planFact(
        p.lines.map((l) => ({ mo: l.mo, uslOk: l.uslOk, volume: l.volume })),
        await loadFacts(deps.db.sql, p.year),
        req.query.through ?? 12,
      );
    },
  );
  app.get(
    '/plans/smo-split',
    {
      schema: {
        summary: "Split an MO's volume among insurers by its patients",
        querystring: Type.Object({ mo: Type.String(), year: Type.Integer(), total: Type.Integer({ minimum: 0 }) }),
      },
    },
    async (req) => Object.fromEntries(splitLargestRemainder(req.query.total, await plans.patientsBySmo(req.query.mo, req.query.year))),
  );
};
