import { currentUser } from '../../access/access.plugin.js';
import { Type } from 'typebox';
import type { RoutePlugin } from './index.js';
import { CaseDetail } from './case-card.schemas.js';
import { conclusionWithHistory, correctConclusion, postConclusions } from '../../review/conclusions-api.service.js';
import { caseDetail } from '../../review/case-detail.service.js';

const Id = Type.Object({ id: Type.String({ pattern: '^[0-9]+$' }) });
const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Fields = {
  sl_id: Type.Optional(Type.String()),
  s_tip: Type.Optional(Type.Integer({ description: 'F006 code (MEE 50–59, EKMP 70–86)' })),
  result: Type.Union([Type.Literal('defect'), Type.Literal('no_defect')]),
  f014: Type.Optional(Type.Array(Type.Integer(), { description: 'F014 codes (Kod) of the defects' })),
  s_sum: Type.Optional(
    Type.String({ pattern: '^\\d+(\\.\\d{1,2})?$', description: 'non-payment in roubles; computed (case sum × K_NO) when absent' }),
  ),
  experts: Type.Optional(Type.Array(Type.String())),
  date_act: Type.Optional(DateText),
  num_act: Type.Optional(Type.String()),
  comment: Type.Optional(Type.String()),
  reason: Type.Optional(Type.String({ description: 'random, model, manual, trigger:…, legacy:…' })),
  propensity: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1 })),
};
const Conclusion = Type.Object({
  case_id: Type.Optional(Type.String({ pattern: '^[0-9]+$' })),
  file: Type.Optional(Type.String({ description: 'register file name, with or without .XML' })),
  idcase: Type.Optional(Type.String()),
  n_zap: Type.Optional(Type.String()),
  control: Type.Optional(Type.Union([Type.Literal('MEE'), Type.Literal('EKMP')])),
  ...Fields,
});
const Correction = Type.Object({
  ...Fields,
  result: Type.Optional(Fields.result),
  changed_by: Type.Optional(Type.String({ description: 'ignored: the signed-in user is recorded' })),
});

/** Expert conclusions: add (one or a batch), correct (versioned), read; and a case with everything known of it. */
export const conclusionsRoutes: RoutePlugin = async (app, { deps }) => {
  app.post(
    '/conclusions',
    {
      schema: {
        summary: 'Store expert conclusions (one or a batch; any invalid item refuses the batch with every error)',
        body: Type.Union([Conclusion, Type.Array(Conclusion, { minItems: 1, maxItems: 100_000 })]),
      },
    },
    async (req, reply) => {
      const items = Array.isArray(req.body) ? req.body : [req.body];
      const r = await postConclusions(deps, items, `api:${currentUser(req).login}`);
      return reply.status(r.imported ? 201 : 200).send(r);
    },
  );
  app.get('/conclusions/:id', { schema: { summary: 'A conclusion with its history of versions', params: Id } }, async (req) =>
    conclusionWithHistory(deps.db.sql, req.params.id),
  );
  app.put(
    '/conclusions/:id',
    {
      schema: {
        summary: 'Correct a conclusion: a new version; earlier versions stay in its history',
        params: Id,
        body: Correction,
      },
    },
    async (req) => {
      // who corrected it is the signed-in user, never what the client says
      const { changed_by: _ignored, ...patch } = req.body;
      return correctConclusion(deps, req.params.id, patch, `api:${currentUser(req).login}`);
    },
  );
  app.get(
    '/cases/:id',
    {
      schema: {
        summary: 'A case: register data, sub-cases, findings, sanctions, expert conclusions with their history',
        params: Id,
        response: { 200: CaseDetail },
      },
    },
    // the sub-cases, sanctions and findings come from json_agg, untyped: the schema names their fields
    async (req) => caseDetail(deps, req.params.id),
  );
};
