import { Queue, Worker, UnrecoverableError, type ConnectionOptions } from 'bullmq';
import { Value } from 'typebox/value';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { JOBS, findJob } from './registry.js';
import { DEFAULT_JOB_ATTEMPTS, DEFAULT_JOB_BACKOFF_MS } from '../config.js';
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

/**
 * What the queue knows of a job. `failed` is for good: its tries are spent (or its input was bad); a job that failed
 * and will be tried again is `delayed`.
 */
export interface JobStatus {
  state: 'waiting' | 'active' | 'delayed' | 'completed' | 'failed' | 'unknown';
  /** How many times it was tried and failed. */
  attempts: number;
  /** Why its last try failed. */
  reason?: string;
}

export interface JobQueue {
  /** Adds a job; `jobId` makes it idempotent (the same id is never queued twice). */
  add(name: string, payload: unknown, jobId: string): Promise<void>;
  /** The job of this id, or undefined when the queue has none (never queued, removed, or lost with Redis's data). */
  status(jobId: string): Promise<JobStatus | undefined>;
  close(): Promise<void>;
}

/** How often a job is tried, and the first wait between tries (doubled for each next one). */
export interface JobRetry {
  attempts: number;
  backoffMs: number;
}

/** How long a job submission waits for Redis before the API answers 503. */
const SUBMIT_TIMEOUT_MS = 3000;

/** `work`, or a rejection once `ms` have passed: a call to Redis never hangs its caller. */
async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const STATES: ReadonlySet<string> = new Set(['waiting', 'active', 'delayed', 'completed', 'failed', 'unknown']);
/** BullMQ's state of a job as ours: `prioritized` and `waiting-children` wait too. */
const knownState = (state: string): JobStatus['state'] => (STATES.has(state) ? (state as JobStatus['state']) : 'waiting');

/**
 * The BullMQ queue of this process (service mode). `prefix` (`OMSX_QUEUE_PREFIX`) keeps installations sharing one
 * Redis apart, and isolates tests. A submission fails fast (503) when Redis is down: no offline queue, and a time
 * limit on the call. `retry` (`OMSX_JOB_ATTEMPTS`, `OMSX_JOB_BACKOFF_MS`) is given to every job it adds.
 */
export function createQueue(
  redisUrl: string,
  prefix = 'omsx',
  retry: JobRetry = { attempts: DEFAULT_JOB_ATTEMPTS, backoffMs: DEFAULT_JOB_BACKOFF_MS },
): JobQueue {
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
      try {
        await within(
          SUBMIT_TIMEOUT_MS,
          queue.add(name, payload, {
            jobId,
            attempts: retry.attempts,
            backoff: { type: 'exponential', delay: retry.backoffMs },
            removeOnComplete: 1000,
            removeOnFail: 5000,
          }),
        );
      } catch {
        throw new AppError('UNAVAILABLE', 'the job queue is unavailable; try again later');
      }
    },
    async status(jobId) {
      try {
        const job = await within(SUBMIT_TIMEOUT_MS, queue.getJob(jobId));
        if (!job) return undefined;
        const state = await within(SUBMIT_TIMEOUT_MS, job.getState());
        return { state: knownState(state), attempts: job.attemptsMade, reason: job.failedReason || undefined };
      } catch (e) {
        throw new AppError('UNAVAILABLE', `the job queue is unavailable: ${e instanceof Error ? e.message : String(e)}`);
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
