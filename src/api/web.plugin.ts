/**
 * The web application (web/, built into web/dist by `npm run build`) at `/`, from the same origin as the API:
 * `GET /` answers index.html, `GET /assets/*` the hashed bundles. Public routes (the login page is one of them); the
 * data stays behind /api's roles.
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

/** web/dist, the same from src/api and dist/api. */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export async function installWeb(app: FastifyInstance, root = WEB_DIST): Promise<void> {
  const notBuilt = 'the web application is not built: run npm run build';
  app.get('/', { schema: { hide: true } }, async (_req, reply) => {
    const index = join(root, 'index.html');
    if (!existsSync(index)) return reply.status(404).type('text/plain; charset=utf-8').send(notBuilt);
    return reply
      .type(TYPES['.html'])
      .header('cache-control', 'no-cache')
      .send(await readFile(index));
  });
  app.get<{ Params: { '*': string } }>('/assets/*', { schema: { hide: true } }, async (req, reply) => {
    const file = normalize(join(root, 'assets', req.params['*']));
    if (!file.startsWith(join(root, 'assets') + sep) || !existsSync(file))
      return reply.status(404).send({ error: 'NOT_FOUND', message: 'no such asset' });
    // file names carry their content hash: cache them for a year
    return reply
      .type(TYPES[extname(file)] ?? 'application/octet-stream')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(await readFile(file));
  });
}
