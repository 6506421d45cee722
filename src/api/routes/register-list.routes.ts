import { Type } from 'typebox';
import type { RoutePlugin } from './index.js';
import { listPackages } from '../../registers/package-list.service.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Counts = Type.Object({
  files: Type.Integer(),
  cases: Type.Integer(),
  accepted: Type.Integer(),
  rejected: Type.Integer(),
  findings: Type.Integer(),
});
const File = Type.Object({
  file: Type.String(),
  kind: Nullable(Type.String()),
  status: Nullable(Type.String()),
  cases: Type.Integer(),
  accepted: Type.Integer(),
  rejected: Type.Integer(),
  findings: Type.Integer(),
  error: Nullable(Type.String()),
});
const Rule = Type.Object({ control: Type.String(), rule: Type.String(), count: Type.Integer(), name: Type.String() });
const Line = Type.Object({
  id: Type.String(),
  source: Type.String(),
  status: Type.String(),
  progress: Type.Number(),
  error: Nullable(Type.String()),
  createdAt: Type.String(),
  finishedAt: Nullable(Type.String()),
  mos: Type.Array(Type.String()),
  periods: Type.Array(Type.String()),
  counts: Counts,
  files: Type.Array(File),
  rules: Type.Array(Rule),
  ruleCount: Type.Integer(),
});

/** The list of register packages: an MO's users see their MO's, TFOMS and admins every one (row-level security). */
export const registerListRoutes: RoutePlugin = async (app, { deps }) => {
  app.get(
    '/registers',
    {
      schema: {
        summary:
          'Register packages the caller may see, newest first: status, files, counts and the most frequent FLK/MEK rules ' +
          '(filters: status, period YYYY-MM of a file, MO)',
        querystring: Type.Object({
          status: Type.Optional(Type.Union(['queued', 'running', 'done', 'rejected', 'failed'].map((s) => Type.Literal(s)))),
          period: Type.Optional(Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$' })),
          mo: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z]{1,12}$' })),
          page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
          pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
        }),
        response: {
          200: Type.Object({ total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer(), items: Type.Array(Line) }),
        },
      },
    },
    async (req) => listPackages(deps, req.query),
  );
};
