import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { runJob, type JobQueue } from './queue.js';
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
  const seen = new Set<string>();
  let closed = false;
  return {
    attach(d) {
      deps = d;
    },
    async add(name, payload, jobId) {
      if (closed) throw new AppError('INTERNAL', 'the service is shutting down');
      if (!deps) throw new AppError('INTERNAL', 'the in-process job queue has no dependencies attached');
      if (seen.has(jobId)) return; // as BullMQ: the same job id is queued once
      seen.add(jobId);
      const d = deps;
      // a job is the system's work, not the request's that queued it: outside its scope (role, transaction)
      tail = tail.then(() =>
        outsideScope(() => runJob(name, payload, d, { progress: () => undefined, log: () => undefined })).then(
          () => undefined,
          (e: unknown) => onError(name, e),
        ),
      );
    },
    idle: () => tail,
    async close() {
      closed = true;
      await tail;
    },
  };
}
