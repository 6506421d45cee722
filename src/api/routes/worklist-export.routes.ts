import { Type } from 'typebox';
import type { RoutePlugin } from './index.js';
import { exportWorklist, worklistFileName } from '../../selection/worklist-export.service.js';
import { ITEM_ARMS } from '../../selection/worklists.repo.js';

const TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/**
 * The worklist export of the web app: the filters of `GET /api/worklists` and the rows of `omsx worklist export`
 * (one implementation), under the request's scope (an insurer's user exports its own insurer's items only).
 */
export const worklistExportRoutes: RoutePlugin = async (app, { deps }) => {
  app.get(
    '/worklists/export',
    {
      schema: {
        summary: "Export a period's worklist items (the filters of GET /worklists) as XLSX (Russian header) or CSV (English header)",
        querystring: Type.Object({
          period: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$' }),
          smo: Type.Optional(Type.String()),
          control: Type.Optional(Type.Union([Type.Literal('MEE'), Type.Literal('EKMP')])),
          arm: Type.Optional(Type.Union(ITEM_ARMS.map((a) => Type.Literal(a)))),
          state: Type.Optional(Type.Union(['selected', 'assigned', 'in_review', 'concluded'].map((a) => Type.Literal(a)))),
          format: Type.Optional(Type.Union([Type.Literal('xlsx'), Type.Literal('csv')])),
        }),
      },
    },
    async (req, reply) => {
      const { format = 'xlsx', ...q } = req.query;
      const { body } = await exportWorklist(deps, { ...q, smo: q.smo?.trim() || undefined }, format);
      return reply
        .type(TYPES[format])
        .header('content-disposition', `attachment; filename="${worklistFileName(q, format)}"`)
        .send(body);
    },
  );
};
