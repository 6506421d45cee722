import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../deps.js';
import { registersRoutes } from './registers.routes.js';
import { ratingsRoutes } from './ratings.routes.js';
import { planningRoutes } from './planning.routes.js';
import { modelsRoutes } from './models.routes.js';
import { selectionRoutes } from './selection.routes.js';
import { conclusionsRoutes } from './conclusions.routes.js';
import { agreementRoutes } from './agreement.routes.js';
import { authRoutes } from './auth.routes.js';
import { accessRoutes } from './access.routes.js';
import { caseCardRoutes } from './case-card.routes.js';
import { hitRatesRoutes } from './hit-rates.routes.js';

/** Options every route plugin receives. */
export interface RouteOptions {
  deps: Deps;
}

/** A route plugin: registers one resource's endpoints under /api. */
export type RoutePlugin = FastifyPluginAsyncTypebox<RouteOptions>;

/** Every route plugin. Add one line per resource module. */
export const ROUTES: RoutePlugin[] = [
  registersRoutes,
  ratingsRoutes,
  planningRoutes,
  conclusionsRoutes,
  agreementRoutes,
  modelsRoutes,
  selectionRoutes,
  authRoutes,
  accessRoutes,
  caseCardRoutes,
  hitRatesRoutes,
];
