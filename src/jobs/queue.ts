import { Queue, Worker, UnrecoverableError, type ConnectionOptions } from 'bullmq';
import { Value } from 'typebox/value';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { JOBS, findJob } from './registry.js';
import type { JobContext } from './job.js';

export const QUEUE_NAME = 'omsx';

/** Redis connection options from a URL (BullMQ workers need maxRetriesPerRequest: null). */
export function redisConnection(url: string): ConnectionOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    password: u.password || undefined,
    maxRetriesPerRequest: null,
  };
}

export interface JobQueue {
  /** Adds a job; `jobId` makes it idempotent (the same id is never queued twice). */
  add(name: string, payload: unknown, jobId: string): Promise<void>;
  close(): Promise<void>;
}

/** How long a job submission waits for Redis before the API answers 503. */
const SUBMIT_TIMEOUT_MS = 3000;

/**
 * The BullMQ queue of this process (service mode). `prefix` (`OMSX_QUEUE_PREFIX`) keeps installations sharing one
 * Redis apart, and isolates tests. A submission fails fast (503) when Redis is down: no offline queue, and a time
 * limit on the call.
 */
export function createQueue(redisUrl: string, prefix = 'omsx'): JobQueue {
  const queue = new Queue(QUEUE_NAME, {
    connection: { ...redisConnection(redisUrl), enableOfflineQueue: false, maxRetriesPerRequest: 1 },
    prefix,
  });
  // the connection's errors are answered per submission (503); unheard, they would be an unhandled 'error' event
  queue.on('error', () => undefined);
  return {
    async add(name, payload, jobId) {
      const job = findJob(name);
      if (!Value.Check(job.payload, payload)) throw new AppError('BAD_INPUT', `invalid payload for job ${name}`);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), SUBMIT_TIMEOUT_MS);
      });
      try {
        await Promise.race([
          queue.add(name, payload, {
            jobId,
            attempts: 3,
            backoff: { type: 'exponential', delay: 2000 },
            removeOnComplete: 1000,
            removeOnFail: 5000,
          }),
          timeout,
        ]);
      } catch {
        throw new AppError('UNAVAILABLE', 'the job queue is unavailable; try again later');
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => queue.close(),
  };
}

/** Runs one job's handler in this process (CLI without Redis, and the BullMQ worker). */
export async function runJob(name: string, payload: unknown, deps: Deps, ctx: JobContext): Promise<unknown> {
  const job = findJob(name);
  if (!Value.Check(job.payload, payload)) throw new AppError('BAD_INPUT', `invalid payload for job ${name}`);
  return job.handle(payload as never, deps, ctx);
}

/** Starts a BullMQ worker for every registered job; bad input fails without retries, infrastructure errors retry. */
export function startWorker(deps: Deps, opts: { prefix?: string; concurrency?: number } = {}): Worker {
  return new Worker(
    QUEUE_NAME,
    async (job) => {
      try {
        return await runJob(job.name, job.data, deps, {
          progress: (f) => job.updateProgress(Math.round(f * 100)),
          log: (m) => void job.log(m),
        });
      } catch (e) {
        if (e instanceof AppError && e.status < 500) throw new UnrecoverableError(e.message);
        throw e;
      }
    },
    {
      connection: redisConnection(deps.config.redisUrl),
      prefix: opts.prefix ?? 'omsx',
      concurrency: opts.concurrency ?? 1,
      // a killed worker's job is taken again once its lock has lapsed (checked as often)
      lockDuration: deps.config.jobLockMs,
      stalledInterval: deps.config.jobLockMs,
    },
  );
}

export { JOBS };
