import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import multipart from '@fastify/multipart';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { ROUTES } from './routes/index.js';
import { installAccess, SECURITY_SCHEMES } from '../access/access.plugin.js';
import { worklistsChanged } from '../selection/worklist-counts.js';
import { hidePaths } from '../access/redact.js';
import { installWeb } from './web.plugin.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';

/**
 * One log line per request, written when it is answered, with the request (method, URL, address), the status and
 * the time, instead of Fastify's two ("incoming request", then "request completed" without the URL): the log is
 * ~14 % of the service's CPU time under load (bench/worklist-load.bench.ts, node --cpu-prof).
 */
class OneLineRequestLog extends LogController {
  override incomingRequest(): void {}
  override requestCompleted(error: Error | null | undefined, req: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(req)) return;
    if (error) reply.log.error({ req, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.info({ req, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

export interface AppOptions {
  logger?: boolean;
}

/** Builds the HTTP application: one Fastify instance, OpenAPI at /docs, one error handler. */
export async function buildApp(deps: Deps, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ? { level: deps.config.logLevel } : false,
    logController: new OneLineRequestLog(),
    bodyLimit: deps.config.bodyLimitBytes,
  }).withTypeProvider<TypeBoxTypeProvider>();

  // security headers; no CORS plugin: the API answers its own origin only
  await app.register(helmet);
  // limits per route (login, uploads: `config.rateLimit`), none globally
  await app.register(rateLimit, { global: false });
  await installAccess(app, deps);
  // a state-changing request may have changed what a worklist holds: its totals are counted afresh (its transaction is
  // committed by now, and the client has not had the answer yet)
  app.addHook('onSend', async (req, _reply, payload) => {
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS') worklistsChanged();
    return payload;
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'omsx',
        version: '0.1.0',
        description: 'OMS registers, checks, selection, ratings and planning',
      },
      components: { securitySchemes: SECURITY_SCHEMES },
      security: [{ bearerAuth: [] }, { cookieAuth: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  await app.register(multipart, {
    limits: { fileSize: deps.config.maxPackageBytes, files: 20 },
  });

  app.setErrorHandler((error, request, reply) => {
    if (process.env.OMSX_DEBUG_ERRORS) console.error(error);
    if (error instanceof AppError) {
      if (error.status >= 500) request.log.error(error);
      // server paths (uploads, the CLI's files) never leave the server
      return reply.status(error.status).send({
        error: error.code,
        message: hidePaths(error.message),
        details: JSON.parse(hidePaths(JSON.stringify(error.details))) as unknown,
      });
    }
    // the database is stopped or restarting: a clear 503 at once, and the next request after it is back succeeds
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      return reply
        .status(503)
        .header('retry-after', '5')
        .send({ error: 'UNAVAILABLE', message: 'the database is unavailable; try again later' });
    }
    const e = error as {
      statusCode?: number;
      code?: string;
      message: string;
      validation?: unknown;
    };
    if (e.validation || (e.statusCode && e.statusCode < 500)) {
      return reply.status(e.statusCode ?? 400).send({ error: e.code ?? 'BAD_INPUT', message: hidePaths(e.message) });
    }
    request.log.error(error);
    return reply.status(500).send({ error: 'INTERNAL', message: 'internal error' });
  });

  app.get('/health', { schema: { hide: true } }, async () => ({
    ok: true,
    db: deps.db.kind,
  }));
  for (const route of ROUTES) await app.register(route, { deps, prefix: '/api' });
  // the web application at / (web/dist)
  await installWeb(app);
  return app;
}
