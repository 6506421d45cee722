import { Type } from 'typebox';
import { Nullable } from './schema-kit.js';
import type { RoutePlugin } from './index.js';
import { selectPeriod, parsePeriod } from '../../selection/selection.service.js';
import { assignItem, listWorklist, startReview } from '../../selection/worklists.service.js';
import { addManual } from '../../selection/inputs.service.js';
import { ITEM_ARMS } from '../../selection/worklists.repo.js';

const Period = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$' });
const ControlT = Type.Union([Type.Literal('MEE'), Type.Literal('EKMP')]);
const Reason = Type.Object({ feature: Type.String(), text: Type.String() }, { additionalProperties: true });
const Line = Type.Object({
  id: Type.String(),
  case_id: Type.String(),
  file: Type.String(),
  n_zap: Type.String(),
  idcase: Type.String(),
  mo: Type.String(),
  smo: Type.String(),
  usl_ok: Nullable(Type.Integer()),
  control: Type.String(),
  s_tip: Type.Integer(),
  arm: Type.String(),
  reason: Nullable(Type.String()),
  propensity: Nullable(Type.Number()),
  score: Nullable(Type.Number()),
  p_defect: Nullable(Type.Number()),
  expected_amount: Nullable(Type.String()),
  rank: Nullable(Type.Integer()),
  reasons: Type.Array(Reason),
  state: Type.String(),
  expert: Nullable(Type.String()),
  unassigned_reason: Nullable(Type.String()),
});
const Id = Type.Object({ id: Type.String({ pattern: '^[0-9]+$' }) });
const Counts = Type.Object({ trigger: Type.Integer(), model: Type.Integer(), random: Type.Integer(), manual: Type.Integer() });

/** Selection: run it for a period, page through worklists, assign items, add manual case lists. */
export const selectionRoutes: RoutePlugin = async (app, { deps }) => {
  app.post(
    '/selections',
    {
      schema: {
        summary: 'Select a period (as omsx select): triggers, manual lists, random and model arms',
        body: Type.Object({
          period: Period,
          smo: Type.Optional(Type.String()),
          control: Type.Optional(ControlT),
          seed: Type.Optional(Type.Integer({ minimum: 0 })),
          assign: Type.Optional(Type.Boolean()),
          rules: Type.Optional(
            Type.Boolean({ description: 'rank by the register rules although a model is active (the period is not scored yet)' }),
          ),
        }),
        response: {
          200: Type.Object(
            {
              period: Type.String(),
              ranking: Type.String(),
              model_version: Nullable(Type.String()),
              seed: Type.Integer(),
              worklists: Type.Array(
                Type.Object(
                  {
                    smo: Type.String(),
                    control: Type.String(),
                    usl_ok: Type.Integer(),
                    cases: Type.Integer(),
                    quota: Type.Integer(),
                    selected: Counts,
                  },
                  { additionalProperties: true },
                ),
              ),
            },
            { additionalProperties: true },
          ),
        },
      },
    },
    async (req) => {
      const { year, month } = parsePeriod(req.body.period);
      return selectPeriod(deps, {
        year,
        month,
        smo: req.body.smo,
        control: req.body.control,
        seed: req.body.seed,
        assign: req.body.assign,
        rules: req.body.rules,
      });
    },
  );
  app.get(
    '/worklists',
    {
      schema: {
        summary: "A page of a period's worklist items",
        querystring: Type.Object({
          period: Period,
          smo: Type.Optional(Type.String()),
          control: Type.Optional(ControlT),
          arm: Type.Optional(Type.Union(ITEM_ARMS.map((a) => Type.Literal(a)))),
          state: Type.Optional(Type.Union(['selected', 'assigned', 'in_review', 'concluded'].map((a) => Type.Literal(a)))),
          page: Type.Optional(Type.Integer({ minimum: 1 })),
          pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
          sort: Type.Optional(Type.String({ pattern: '^-?(rank|score|propensity|expected_amount|case)$' })),
        }),
        response: {
          200: Type.Object({
            total: Type.Integer(),
            page: Type.Integer(),
            pageSize: Type.Integer(),
            items: Type.Array(Line),
            latestPeriod: Type.Optional(
              Type.Union([Type.String(), Type.Null()], {
                description: 'when the period has no items: the latest period that has (YYYY-MM)',
              }),
            ),
          }),
        },
      },
    },
    async (req) => listWorklist(deps, req.query),
  );
  app.post(
    '/worklists/items/:id/assign',
    {
      schema: {
        summary: 'Assign or reassign an item to an expert',
        params: Id,
        body: Type.Object({ expert: Type.String({ minLength: 1 }) }),
        response: { 200: Line },
      },
    },
    async (req) => assignItem(deps, req.params.id, req.body.expert),
  );
  app.post(
    '/worklists/items/:id/review',
    { schema: { summary: 'Mark an assigned item as in review', params: Id, response: { 200: Line } } },
    async (req) => startReview(deps, req.params.id),
  );
  app.post(
    '/selections/manual',
    {
      schema: {
        summary: 'Add cases to the mandatory selection from outside the registers (complaints, court orders)',
        body: Type.Object({
          items: Type.Array(
            Type.Object({
              case_id: Type.Optional(Type.String({ pattern: '^[0-9]+$' })),
              file: Type.Optional(Type.String()),
              n_zap: Type.Optional(Type.String()),
              mo: Type.Optional(Type.String()),
              idcase: Type.Optional(Type.String()),
              period: Type.Optional(Period),
              s_tip: Type.Integer(),
              reason: Type.String({ minLength: 1 }),
              source_ref: Type.Optional(Type.String()),
            }),
            { minItems: 1 },
          ),
        }),
        response: { 201: Type.Object({ added: Type.Integer(), cases: Type.Array(Type.String()) }) },
      },
    },
    async (req, reply) => reply.status(201).send(await addManual(deps, req.body.items, 'api')),
  );
};
