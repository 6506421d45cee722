import { Type } from 'typebox';
import type { RoutePlugin } from './index.js';
import { Source } from './ratings.schemas.js';
import { computeFromDatabase, listCatalogs, listRuns, ratingYears } from '../../rating/ratings.service.js';

const Run = Type.Object({
  id: Type.String(),
  catalog: Type.String(),
  catalogVersion: Type.String(),
  source: Source,
  units: Type.Integer(),
  top: Type.Union([Type.Object({ unit: Type.String(), score: Type.Number() }), Type.Null()]),
  createdAt: Type.String(),
});
const Catalog = Type.Object({
  id: Type.String(),
  title: Type.String(),
  fromDatabase: Type.Boolean(),
  groups: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), weight: Type.Number() })),
  indicators: Type.Array(
    Type.Object({
      code: Type.String(),
      group: Type.String(),
      title: Type.String(),
      unit: Type.Union([Type.String(), Type.Null()]),
      sign: Type.String(),
      weight: Type.Number(),
    }),
  ),
});

/** Rating runs for the web app: the list with the catalogues, and a run computed from the database. */
export const ratingRunsRoutes: RoutePlugin = async (app, { deps }) => {
  app.get(
    '/ratings',
    {
      schema: {
        summary: 'Stored rating runs, newest first, and the catalogues (fromDatabase: POST /api/ratings/from-db can fill it)',
        querystring: Type.Object({
          catalog: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{1,60}$' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
        }),
        response: {
          200: Type.Object({
            runs: Type.Array(Run),
            catalogs: Type.Array(Catalog),
            years: Type.Array(Type.Integer(), { description: 'the years with accepted cases, latest first' }),
          }),
        },
      },
    },
    async (req) => ({ runs: await listRuns(deps, req.query), catalogs: await listCatalogs(), years: await ratingYears(deps) }),
  );
  app.post(
    '/ratings/from-db',
    {
      schema: {
        summary:
          'Compute a rating from the registers and conclusions of a year (mo-quality, smo-quality, oms-region-2009) and store the run',
        body: Type.Object({
          catalog: Type.String({ pattern: '^[a-z0-9-]{1,60}$' }),
          year: Type.Integer({ minimum: 2000, maximum: 2100 }),
          unit: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
          insured: Type.Optional(Type.Integer({ minimum: 1 })),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await computeFromDatabase(deps, req.body)),
  );
};
