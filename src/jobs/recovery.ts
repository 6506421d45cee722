import { access } from 'node:fs/promises';
import type { SqlPort } from '../db/sql.port.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { AppError } from '../errors.js';
import { packageRepo, type UnfinishedPackage } from '../registers/ingest/package.repo.js';
import { removeUpload } from '../registers/ingest/uploads.js';
import { ABANDONED, ownerGone } from '../registers/ingest/run-owner.js';
import { ingestJobId } from './ingest.job.js';
import type { JobQueue, JobStatus } from './queue.js';

/**
 * The recovery sweep of uploaded packages. A package's row and its job can part: the job fails for good while the
 * database is down (so the row stays `running`, its upload with the L-file's personal data on disk), or Redis
 * restarts without its data (so a `queued` package has no job at all). The job worker (`omsx worker`) and
 * `omsx serve` when it runs the jobs itself sweep at start and every `OMSX_RECOVERY_INTERVAL_SECONDS`:
 * - a package `queued` or `running` whose job is missing gets it again (same job id), or fails when its upload is gone;
 * - one whose job failed for good fails with the job's reason, and its upload is deleted;
 * - a package of an `omsx ingest` run (no upload, no job) fails once that run has ended without finishing it;
 * - a `failed` one still holding its upload (a try failed it, then the job failed for good or is gone) loses the upload;
 * - a job waiting, running or waiting for its next try is left alone.
 */
export interface RecoveryPorts {
  sql: SqlPort;
  queue: JobQueue;
  /** `OMSX_HOME`: uploads are deleted only under its `uploads/` folder. */
  home: string;
  log(message: string): void;
}

/** What one sweep did, by package id. */
export interface SweepReport {
  /** Queued again: their job was missing. */
  requeued: string[];
  /** Made `failed` (their job failed for good, or their upload was gone), their upload deleted. */
  failed: string[];
  /** Already `failed`: their upload deleted. */
  cleared: string[];
  /** Errors met (logged); the database or the queue down ends the sweep early. */
  errors: number;
}

/** A package younger than this is left to its job: it may be queued this very moment. */
export const MIN_AGE_SECONDS = 60;
/** At most this many packages a sweep (the oldest first); the rest are seen next time. */
const BATCH = 500;

/** The reason a package whose job failed for good is given: how often it was tried, why it failed, what to do. */
export function jobFailureReason(job: Pick<JobStatus, 'attempts' | 'reason'>): string {
  const retries = job.attempts - 1;
  const tries =
    retries > 0
      ? `was retried ${retries} time${retries > 1 ? 's' : ''} (${job.attempts} attempts) and failed`
      : 'failed and was not retried';
  return (
    `the ingestion ${tries}: ${job.reason ?? 'no reason given'}. ` +
    'Its stored upload was deleted (personal data are not kept): upload the package again'
  );
}

const UPLOAD_GONE =
  'the ingestion job was lost (the job queue was restarted) and the stored upload is gone, so it cannot be queued again: ' +
  'upload the package again';

/** Looks at every package that may need it once; never throws (a database or queue down is logged and tried next time). */
export async function sweepPackages(ports: RecoveryPorts, opts: { minAgeSeconds?: number } = {}): Promise<SweepReport> {
  const report: SweepReport = { requeued: [], failed: [], cleared: [], errors: 0 };
  try {
    const stale = await packageRepo(ports.sql).unfinished(opts.minAgeSeconds ?? MIN_AGE_SECONDS, BATCH);
    for (const pkg of stale) {
      try {
        await recoverPackage(ports, pkg, report);
      } catch (e) {
        report.errors++;
        ports.log(`recovery: package ${pkg.id}: ${message(e)}`);
        // the next packages would meet the same: tried again next time
        if (isDatabaseUnavailable(e) || (e instanceof AppError && e.code === 'UNAVAILABLE')) break;
      }
    }
  } catch (e) {
    report.errors++;
    ports.log(`recovery: the packages could not be read (trying again later): ${message(e)}`);
  }
  return report;
}

async function recoverPackage(ports: RecoveryPorts, pkg: UnfinishedPackage, report: SweepReport): Promise<void> {
  const packages = packageRepo(ports.sql);
  const job = await ports.queue.status(ingestJobId(pkg.id));
  // a job that waits, runs, or waits for its next try is the package's own business
  if (job && job.state !== 'failed') return;
  if (pkg.status === 'failed') {
    // its last try marked it failed already; the job has failed for good since (say why) or is gone
    if (job) await packages.failUnfinished(pkg.id, jobFailureReason(job));
    await dropUpload(ports, pkg);
    report.cleared.push(pkg.id);
    ports.log(`recovery: package ${pkg.id} failed earlier; its stored upload was deleted`);
  } else if (job) {
    await packages.failUnfinished(pkg.id, jobFailureReason(job));
    await dropUpload(ports, pkg);
    report.failed.push(pkg.id);
    ports.log(`recovery: package ${pkg.id} was ${pkg.status}, its job failed for good: now failed, its upload deleted`);
  } else if (!pkg.storage_path && pkg.owner) {
    // read by an `omsx ingest` run, not a job: failed only once that run has ended without finishing it
    if (!(await ownerGone(ports.sql, pkg.owner))) return;
    await packages.failUnfinished(pkg.id, ABANDONED);
    report.failed.push(pkg.id);
    ports.log(`recovery: package ${pkg.id} was ${pkg.status}, the omsx ingest run reading it has ended: now failed`);
  } else if (pkg.storage_path && (await exists(pkg.storage_path))) {
    await ports.queue.add('registers.ingest', { packageId: pkg.id }, ingestJobId(pkg.id));
    report.requeued.push(pkg.id);
    ports.log(`recovery: package ${pkg.id} was ${pkg.status} without a job: queued again`);
  } else {
    await packages.failUnfinished(pkg.id, UPLOAD_GONE);
    await dropUpload(ports, pkg);
    report.failed.push(pkg.id);
    ports.log(`recovery: package ${pkg.id} was ${pkg.status} without a job and without its upload: now failed`);
  }
}

/** Deletes the upload's folder, then forgets its path (so that a failed deletion is tried again next time). */
async function dropUpload(ports: RecoveryPorts, pkg: UnfinishedPackage): Promise<void> {
  if (!pkg.storage_path) return;
  await removeUpload(ports.home, pkg.storage_path);
  await packageRepo(ports.sql).dropStorage(pkg.id);
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The sweep at once and then every `intervalMs` (one at a time), until `stop()`, which waits for a sweep under way. */
export function startRecovery(ports: RecoveryPorts, intervalMs: number): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();
  const run = () => {
    current = sweepPackages(ports).finally(() => {
      if (!stopped) timer = setTimeout(run, intervalMs).unref();
    });
  };
  run();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
