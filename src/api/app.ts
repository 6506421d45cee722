import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { ROUTES } from './routes/index.js';

export interface AppOptions {
  logger?: boolean;
}

/** Builds the HTTP application: one Fastify instance, OpenAPI at /docs, one error handler. */
export async function buildApp(deps: Deps, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ? { level: deps.config.logLevel } : false,
    bodyLimit: 10 * 1024 * 1024,
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'omsx',
        version: '0.1.0',
        description: 'OMS registers, checks, selection, ratings and planning',
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(multipart, {
    limits: { fileSize: deps.config.maxPackageBytes, files: 20 },
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof AppError) {
      return reply.status(error.status).send({
        error: error.code,
        message: error.message,
        details: error.details,
      });
    }
    const e = error as {
      statusCode?: number;
      code?: string;
      message: string;
      validation?: unknown;
    };
    if (e.validation || (e.statusCode && e.statusCode < 500)) {
      return reply.status(e.statusCode ?? 400).send({ error: e.code ?? 'BAD_INPUT', message: e.message });
    }
    request.log.error(error);
    return reply.status(500).send({ error: 'INTERNAL', message: 'internal error' });
  });

  app.get('/health', { schema: { hide: true } }, async () => ({
    ok: true,
    db: deps.db.kind,
  }));
  for (const route of ROUTES) await app.register(route, { deps, prefix: '/api' });
  return app;
}
