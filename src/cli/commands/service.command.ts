import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { AppError } from '../../errors.js';

// The API (Fastify, Swagger) and the queue (BullMQ) are loaded when a service starts: they weigh
// ~140 MB, which every other command (an ingest of a 2 GB file, say) would carry for nothing.
const api = () => import('../../api/app.js');
const queue = () => import('../../jobs/queue.js');

/** Waits for SIGINT/SIGTERM, then runs `stop` (graceful shutdown). */
function untilSignal(stop: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const handler = () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
      stop().then(resolve, resolve);
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
  });
}

/** `omsx serve` (HTTP API, jobs go to BullMQ) and `omsx worker` (BullMQ worker running the job handlers). */
export function registerServiceCommands(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('run the HTTP API (OpenAPI at /docs); jobs are queued on Redis (REDIS_URL)')
    .option('--port <n>', 'port', (v) => Number(v))
    .action(async (opts: { port?: number }) => {
      if (!ctx.config.pseudonymKey)
        throw new AppError(
          'BAD_INPUT',
          'OMSX_PSEUDONYM_KEY is not set: the API needs a secret of ≥ 32 characters (e.g. `openssl rand -base64 48`)',
        );
      const [{ buildApp }, { createQueue }, { createDeps }] = await Promise.all([api(), queue(), import('../../deps.js')]);
      const deps = await createDeps(ctx.config, {
        queue: createQueue(ctx.config.redisUrl, ctx.config.queuePrefix),
      });
      const app = await buildApp(deps, { logger: true });
      await app.listen({
        port: opts.port ?? ctx.config.port,
        host: ctx.config.host,
      });
      await untilSignal(async () => {
        await app.close();
        await deps.close();
      });
    });
  program
    .command('worker')
    .description('run the job worker (BullMQ on REDIS_URL): register ingestion and other background jobs')
    .option('--concurrency <n>', 'jobs at once', (v) => Number(v), 1)
    .action(async (opts: { concurrency: number }) => {
      const { startWorker } = await queue();
      const deps = await ctx.deps();
      const worker = startWorker(deps, { concurrency: opts.concurrency, prefix: ctx.config.queuePrefix });
      ctx.out.write(`worker started (${deps.db.kind}, redis ${ctx.config.redisUrl})\n`);
      await untilSignal(async () => {
        await worker.close();
      });
    });
}
