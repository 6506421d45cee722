import { Type } from 'typebox';
import type { RoutePlugin } from './index.js';
import { listPackages } from '../../registers/package-list.service.js';
import { PackageList } from './registers.schemas.js';

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
        response: { 200: PackageList },
      },
    },
    async (req) => listPackages(deps, req.query),
  );
};
