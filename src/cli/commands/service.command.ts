import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import type { CliContext } from '../context.js';
import type { Config } from '../../config.js';
import { AppError } from '../../errors.js';

// The API (Fastify, Swagger) and the queue (BullMQ) are loaded when a service starts: they weigh
// ~140 MB, which every other command (an ingest of a 2 GB file, say) would carry for nothing.
const api = () => import('../../api/app.js');
const queue = () => import('../../jobs/queue.js');
const recovery = () => import('../../jobs/recovery.js');

/** The tries of a job (`OMSX_JOB_ATTEMPTS`, `OMSX_JOB_BACKOFF_MS`) and the recovery sweep's interval. */
const jobRetry = (c: Config) => ({ attempts: c.jobAttempts, backoffMs: c.jobBackoffMs });
const recoveryMs = (c: Config) => c.recoveryIntervalSeconds * 1000;

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

/** Where the embedded database lives and whether it exists yet (its first start runs initdb, which takes a while). */
function embeddedDatabase(home: string): { dir: string; exists: boolean } {
  const dir = join(home, 'pgdata');
  return { dir, exists: existsSync(join(dir, 'PG_VERSION')) };
}

/** The embedded installation's pseudonym key: read from `$OMSX_HOME/pseudonym.key`, made (random, mode 0600) the first time. */
async function embeddedPseudonymKey(home: string): Promise<string> {
  const file = join(home, 'pseudonym.key');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  await mkdir(home, { recursive: true });
  const key = randomBytes(48).toString('base64url');
  await writeFile(file, key + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}

/**
 * `omsx serve` (HTTP API) and `omsx worker` (BullMQ worker running the job handlers). On a PostgreSQL server
 * (DATABASE_URL) jobs go to BullMQ for the workers; on the embedded database, which one process at a time can open,
 * the service runs them itself and `omsx worker` refuses to start.
 */
export function registerServiceCommands(program: Command, ctx: CliContext): void {
  const say = (m: string) => void ctx.err.write(`omsx: ${m}\n`);
  program
    .command('serve')
    .description(
      'run the HTTP API (OpenAPI at /docs); jobs go to Redis (REDIS_URL) on a PostgreSQL server, run in-process on the embedded database',
    )
    .option('--port <n>', 'port', (v) => Number(v))
    .action(async (opts: { port?: number }) => {
      const embedded = !ctx.config.databaseUrl;
      if (!ctx.config.pseudonymKey) {
        if (!embedded)
          throw new AppError(
            'BAD_INPUT',
            'OMSX_PSEUDONYM_KEY is not set: the API needs a secret of ≥ 32 characters (e.g. `openssl rand -base64 48`)',
          );
        // the embedded installation is one person's: its key is made once and kept beside its database
        ctx.config.pseudonymKey = await embeddedPseudonymKey(ctx.config.home);
        say(`OMSX_PSEUDONYM_KEY is not set: using this installation's own key in ${join(ctx.config.home, 'pseudonym.key')}`);
      }
      if (embedded) {
        const db = embeddedDatabase(ctx.config.home);
        say(
          db.exists
            ? `opening the embedded database in ${db.dir}`
            : `creating the embedded database in ${db.dir} (the first start takes a while)`,
        );
      } else say('connecting to the database (DATABASE_URL)');
      const [{ buildApp }, { createQueue }, { inProcessQueue }, { createDeps }, { startRecovery }] = await Promise.all([
        api(),
        queue(),
        import('../../jobs/in-process.queue.js'),
        import('../../deps.js'),
        recovery(),
      ]);
      const local = embedded
        ? inProcessQueue((name, e) => say(`job ${name} failed: ${e instanceof Error ? e.message : String(e)}`))
        : undefined;
      const deps = await createDeps(ctx.config, {
        queue: local ?? createQueue(ctx.config.redisUrl, ctx.config.queuePrefix, jobRetry(ctx.config)),
      });
      local?.attach(deps);
      // running the jobs itself, it also takes up the packages they left (src/jobs/recovery.ts); else `omsx worker` does
      const sweep = local && startRecovery({ sql: deps.db.sql, queue: local, home: ctx.config.home, log: say }, recoveryMs(ctx.config));
      say(
        embedded
          ? 'jobs (register ingestion) run in this process: the embedded database belongs to one process, so no `omsx worker` (set DATABASE_URL to use a PostgreSQL server and workers)'
          : `jobs go to Redis at ${ctx.config.redisUrl}: start \`omsx worker\` to run them`,
      );
      const app = await buildApp(deps, { logger: true });
      // the graceful stop is in place before the service says it listens: a SIGTERM sent on that line (a supervisor,
      // a test) must find it, not Node's default, which ends the process in the middle of a job
      const stopped = untilSignal(async () => {
        await app.close();
        await sweep?.stop();
        await deps.close();
      });
      const address = await app.listen({
        port: opts.port ?? ctx.config.port,
        host: ctx.config.host,
      });
      say(`listening on ${address} (OpenAPI at ${address}/docs)`);
      await stopped;
    });
  program
    .command('worker')
    .description('run the job worker (BullMQ on REDIS_URL) for a PostgreSQL server: register ingestion and other background jobs')
    .option('--concurrency <n>', 'jobs at once', (v) => Number(v), 1)
    .action(async (opts: { concurrency: number }) => {
      if (!ctx.config.databaseUrl)
        throw new AppError(
          'BAD_INPUT',
          'omsx worker needs a PostgreSQL server (DATABASE_URL): the embedded database belongs to one process, so a worker could not ' +
            'see what the service stores. Without DATABASE_URL, `omsx serve` runs the jobs itself',
        );
      const [{ startWorker, createQueue }, { createDeps }, { startRecovery }] = await Promise.all([
        queue(),
        import('../../deps.js'),
        recovery(),
      ]);
      // with a queue of its own, a job can queue the next step (ingestion → features.compute → score.period)
      const jobs = createQueue(ctx.config.redisUrl, ctx.config.queuePrefix, jobRetry(ctx.config));
      const deps = await createDeps(ctx.config, { queue: jobs });
      const worker = startWorker(deps, { concurrency: opts.concurrency, prefix: ctx.config.queuePrefix });
      // packages whose job failed for good or was lost (src/jobs/recovery.ts)
      const sweep = startRecovery({ sql: deps.db.sql, queue: jobs, home: ctx.config.home, log: say }, recoveryMs(ctx.config));
      // in place before the line that says it started (see serve)
      const stopped = untilSignal(async () => {
        await sweep.stop();
        await worker.close();
        await deps.close();
      });
      ctx.out.write(`worker started (${deps.db.kind}, redis ${ctx.config.redisUrl})\n`);
      await stopped;
    });
}
