import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { runJob, type JobQueue, type JobStatus } from './queue.js';
import { outsideScope } from '../db/scope.js';

export interface InProcessQueue extends JobQueue {
  /** The dependencies the jobs run with (the queue is built before them: createDeps takes it). */
  attach(deps: Deps): void;
  /** Settles when every job added so far has run (tests, shutdown). */
  idle(): Promise<void>;
}

/**
 * The job queue of `omsx serve` on the embedded database: jobs run in this process, one at a time in the order they
 * were added. PGlite is one process's database, so a separate `omsx worker` could never see what the service
 * stores (an upload stayed `queued` for good). The same job handlers as the BullMQ worker; a job is run once (a
 * failure is reported through `onError`, the job's own record, e.g. the package row, says what happened).
 */
export function inProcessQueue(onError: (name: string, e: unknown) => void): InProcessQueue {
  let deps: Deps | undefined;
  let tail: Promise<void> = Promise.resolve();
  // every job added since the start, and how it went (the recovery sweep asks: src/jobs/recovery.ts)
  const jobs = new Map<string, JobStatus>();
  let closed = false;
  return {
    attach(d) {
      deps = d;
    },
    async add(name, payload, jobId) {
      if (closed) throw new AppError('INTERNAL', 'the service is shutting down');
      if (!deps) throw new AppError('INTERNAL', 'the in-process job queue has no dependencies attached');
      if (jobs.has(jobId)) return; // as BullMQ: the same job id is queued once
      const job: JobStatus = { state: 'waiting', attempts: 0 };
      jobs.set(jobId, job);
      const d = deps;
      // a job is the system's work, not the request's that queued it: outside its scope (role, transaction)
      tail = tail.then(() => {
        job.state = 'active';
        return outsideScope(() => runJob(name, payload, d, { progress: () => undefined, log: () => undefined })).then(
          () => {
            job.state = 'completed';
          },
          (e: unknown) => {
            Object.assign(job, { state: 'failed', attempts: 1, reason: e instanceof Error ? e.message : String(e) });
            onError(name, e);
          },
        );
      });
    },
    status: async (jobId) => {
      const job = jobs.get(jobId);
      return job && { ...job };
    },
    idle: () => tail,
    async close() {
      closed = true;
      await tail;
    },
  };
}
