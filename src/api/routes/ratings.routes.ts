import { Type } from 'typebox';
import type { RoutePlugin } from './index.js';
import { AppError } from '../../errors.js';
import { loadCatalog } from '../../rating/catalogs.loader.js';
import { computeRating } from '../../rating/engine.js';
import { ratingRunsRepo } from '../../rating/rating-runs.repo.js';
import { ratingCsv, ratingXlsxBuffer } from '../../rating/export.js';
import { RatingRun, Row } from './ratings.schemas.js';

const Id = Type.Object({ id: Type.String({ pattern: '^[0-9]+$' }) });

/** Ratings: compute and store a run, read it back, export it as CSV or XLSX. */
export const ratingsRoutes: RoutePlugin = async (app, { deps }) => {
  const runs = ratingRunsRepo(deps.db.sql);
  app.post(
    '/ratings',
    {
      schema: {
        summary: 'Compute a rating from inputs and store the run',
        body: Type.Object({
          catalog: Type.String(),
          rows: Type.Array(Row),
          previous: Type.Optional(Type.Array(Row)),
        }),
      },
    },
    async (req, reply) => {
      const { catalog, hash } = await loadCatalog(req.body.catalog);
      const result = computeRating(catalog, req.body.rows, req.body.previous);
      const id = await runs.insert(catalog.id, hash, { rows: req.body.rows, previous: req.body.previous }, result);
      return reply.status(201).send({ id, ...result });
    },
  );
  app.get('/ratings/:id', { schema: { summary: 'A stored rating run', params: Id, response: { 200: RatingRun } } }, async (req) => {
    const run = await runs.get(req.params.id);
    if (!run) throw new AppError('NOT_FOUND', `rating run ${req.params.id} not found`);
    return run;
  });
  app.get(
    '/ratings/:id/export',
    {
      schema: {
        summary: 'Export a rating run as CSV or XLSX',
        params: Id,
        querystring: Type.Object({
          format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')])),
        }),
      },
    },
    async (req, reply) => {
      const run = await runs.get(req.params.id);
      if (!run) throw new AppError('NOT_FOUND', `rating run ${req.params.id} not found`);
      const { catalog } = await loadCatalog(run.catalog);
      if (req.query.format === 'xlsx') {
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="rating-${run.id}.xlsx"`)
          .send(await ratingXlsxBuffer(run.outputs, catalog));
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="rating-${run.id}.csv"`)
        .send(ratingCsv(run.outputs, catalog));
    },
  );
};
