import { Type } from 'typebox';
import { Nullable } from './schema-kit.js';
import type { RoutePlugin } from './index.js';
import { actFor, actKeys, latestActPeriod, renderAct } from '../../review/acts/acts.service.js';
import { actFileName } from '../../review/acts/act.js';

const Period = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$' });
const ControlT = Type.Union([Type.Literal('MEE'), Type.Literal('EKMP')]);
const Defect = Type.Object({ code: Type.Integer(), item: Nullable(Type.String()), name: Nullable(Type.String()) });
const Line = Type.Object({
  conclusion_id: Type.String(),
  case_id: Type.String(),
  account: Nullable(Type.String()),
  n_zap: Type.String(),
  idcase: Type.String(),
  patient: Nullable(Type.String()),
  date_1: Type.String(),
  date_2: Type.String(),
  usl_ok: Nullable(Type.Integer()),
  sum_kop: Type.Integer(),
  s_tip: Type.Integer(),
  defect: Type.Boolean(),
  defects: Type.Array(Defect),
  amount_kop: Type.Integer(),
  fine_kop: Type.Integer(),
  fine_pending: Type.Boolean(),
  experts: Type.Array(Type.String()),
  num_act: Nullable(Type.String()),
  date_act: Nullable(Type.String()),
  comment: Nullable(Type.String()),
});
const ActT = Type.Object({
  period: Type.String(),
  control: Type.String(),
  mo: Type.Object({ code: Type.String(), name: Nullable(Type.String()) }),
  smo: Nullable(Type.String()),
  accounts: Type.Array(Type.Object({ file: Type.String(), nschet: Nullable(Type.String()), dschet: Nullable(Type.String()) })),
  acts: Type.Array(Type.Object({ num: Nullable(Type.String()), date: Nullable(Type.String()) })),
  experts: Type.Array(Type.String()),
  lines: Type.Array(Line),
  defects: Type.Array(
    Type.Object({ code: Type.Integer(), item: Nullable(Type.String()), name: Nullable(Type.String()), cases: Type.Integer() }),
  ),
  totals: Type.Object({
    cases: Type.Integer(),
    with_defects: Type.Integer(),
    sum_kop: Type.Integer(),
    amount_kop: Type.Integer(),
    fine_kop: Type.Integer(),
    fines_pending: Type.Integer(),
  }),
});

const TYPES = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** Acts of MEE / EKMP from the stored conclusions: the list of acts of a period, and one act as JSON, XLSX or PDF. */
export const actsRoutes: RoutePlugin = async (app, { deps }) => {
  app.get(
    '/acts/list',
    {
      schema: {
        summary: 'The acts a period has: every MO, insurer and control with conclusions, and how many',
        querystring: Type.Object({ period: Period, smo: Type.Optional(Type.String()) }),
        response: {
          200: Type.Object({
            period: Type.String(),
            acts: Type.Array(
              Type.Object({ mo: Type.String(), smo: Nullable(Type.String()), control: Type.String(), cases: Type.Integer() }),
            ),
            latestPeriod: Type.Optional(
              Type.Union([Type.String(), Type.Null()], {
                description: 'when the period has no acts: the latest period that has (YYYY-MM)',
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const acts = await actKeys(deps, req.query.period, req.query.smo);
      if (acts.length) return { period: req.query.period, acts };
      // none: the latest period that has some (a new installation's default period, last month, rarely has)
      return { period: req.query.period, acts, latestPeriod: await latestActPeriod(deps, req.query.smo) };
    },
  );
  app.get(
    '/acts',
    {
      schema: {
        summary: 'The act of MEE / EKMP of an MO, period and control (and insurer): JSON, or a printable PDF / XLSX',
        querystring: Type.Object({
          period: Period,
          mo: Type.String({ minLength: 1 }),
          control: ControlT,
          smo: Type.Optional(Type.String({ minLength: 1 })),
          format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('xlsx'), Type.Literal('pdf')])),
        }),
        response: { 200: ActT },
      },
    },
    async (req, reply) => {
      const { format = 'json', ...q } = req.query;
      const act = await actFor(deps, q);
      if (format === 'json') return act;
      return reply
        .type(TYPES[format])
        .header('content-disposition', `attachment; filename="${actFileName(act, format)}"`)
        .send((await renderAct(act, format)) as never); // a file, not the JSON the schema describes: sent as it is
    },
  );
};
