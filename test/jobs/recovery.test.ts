import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { openTestDatabase, TEST_REDIS_URL } from '../helpers/db.js';
import { tempDir } from '../helpers/registers.js';
import { loadConfig } from '../../src/config.js';
import type { Deps } from '../../src/deps.js';
import type { SqlPort } from '../../src/db/sql.port.js';
import { createQueue, redisConnection, startWorker, QUEUE_NAME } from '../../src/jobs/queue.js';
import { jobFailureReason, startRecovery, sweepPackages, type RecoveryPorts } from '../../src/jobs/recovery.js';
import { packageRepo } from '../../src/registers/ingest/package.repo.js';

// The recovery sweep on the real PostgreSQL and Redis (BullMQ, as `omsx worker` runs it).
const db = await openTestDatabase('recovery');
const home = tempDir();
const prefix = `omsx-test-recovery-${process.pid}-${Date.now()}`;
// two tries, 20 ms apart: a job fails for good within the test
const queue = createQueue(TEST_REDIS_URL, prefix, { attempts: 2, backoffMs: 20 });
const bull = new Queue(QUEUE_NAME, { connection: redisConnection(TEST_REDIS_URL), prefix });
const logs: string[] = [];
const ports: RecoveryPorts = { sql: db.sql, queue, home, log: (m) => logs.push(m) };
afterAll(async () => {
  await bull.obliterate({ force: true });
  await bull.close();
  await queue.close();
});

const packages = packageRepo(db.sql);

/** An upload stored as the API stores it: `$OMSX_HOME/uploads/<uuid>/<name>`, an L-file beside it. */
function storeUpload(): string {
  const dir = join(home, 'uploads', randomUUID());
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'LM750096T75_21041.XML'), '<PERS_LIST/>');
  const path = join(dir, 'HM750096T75_21041.zip');
  writeFileSync(path, 'PK');
  return path;
}

/** A package row of this status, made `ageSeconds` ago. */
async function makePackage(status: string, opts: { ageSeconds?: number; upload?: string | null } = {}) {
  const path = opts.upload === undefined ? storeUpload() : opts.upload;
  const id = await packages.create('HM750096T75_21041.zip', path ?? undefined, { sha256: randomUUID() });
  await db.sql.query(`UPDATE package SET status = $2, created_at = now() - make_interval(secs => $3) WHERE id = $1`, [
    id,
    status,
    opts.ageSeconds ?? 120,
  ]);
  return { id, path };
}

/** Out of the sweep's way once a test is done with them (finished, no upload, no job). */
async function settle(...ids: string[]) {
  await db.sql.query("UPDATE package SET status = 'done', storage_path = NULL WHERE id = ANY($1::bigint[])", [ids]);
  await bull.drain();
}

const row = async (id: string) =>
  (
    await db.sql.query<{ status: string; error: string | null; storage_path: string | null }>(
      'SELECT status, error, storage_path FROM package WHERE id = $1',
      [id],
    )
  )[0];

async function until(what: () => Promise<boolean>, ms = 20_000) {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 25))) if (await what()) return;
  throw new Error('timed out');
}

/** A database that refuses every connection, as a stopped PostgreSQL does. */
const downSql: SqlPort = {
  query: () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })),
  exec: () => Promise.reject(new Error('down')),
  copyIn: () => Promise.reject(new Error('down')),
  transaction: () => Promise.reject(new Error('down')),
};

describe('the recovery sweep (BullMQ)', () => {
  it('a package whose job failed for good while the database was down becomes failed, with the reason; its upload is deleted', async () => {
    const pkg = await makePackage('running');
    // the job runs on a worker whose database is down: both tries fail, and nothing can be written to the row
    const deps = {
      config: loadConfig({ OMSX_HOME: home, REDIS_URL: TEST_REDIS_URL }),
      db: { sql: downSql },
      now: () => new Date(),
    } as unknown as Deps;
    const worker = startWorker(deps, { prefix });
    try {
      await queue.add('registers.ingest', { packageId: pkg.id }, `ingest-${pkg.id}`);
      await until(async () => (await queue.status(`ingest-${pkg.id}`))?.state === 'failed');
    } finally {
      await worker.close();
    }
    expect(await queue.status(`ingest-${pkg.id}`)).toMatchObject({
      state: 'failed',
      attempts: 2,
      reason: 'connect ECONNREFUSED 127.0.0.1:5432',
    });
    expect((await row(pkg.id)).status).toBe('running');

    const report = await sweepPackages(ports);
    expect(report.failed).toEqual([pkg.id]);
    expect(report.errors).toBe(0);
    const after = await row(pkg.id);
    expect(after.status).toBe('failed');
    expect(after.error).toBe(
      'the ingestion was retried 1 time (2 attempts) and failed: connect ECONNREFUSED 127.0.0.1:5432. ' +
        'Its stored upload was deleted (personal data are not kept): upload the package again',
    );
    expect(after.storage_path).toBeNull();
    expect(existsSync(dirname(pkg.path!))).toBe(false); // the L-file went with it
    // nothing more to do for it
    expect((await sweepPackages(ports)).failed).not.toContain(pkg.id);
  });

  it('a queued package without a job gets it back; one with a waiting job, and a new one, are left alone', async () => {
    const lost = await makePackage('queued');
    const waiting = await makePackage('queued');
    await queue.add('registers.ingest', { packageId: waiting.id }, `ingest-${waiting.id}`);
    const fresh = await makePackage('queued', { ageSeconds: 0 });

    const report = await sweepPackages(ports);
    expect(report.requeued).toEqual([lost.id]);
    const job = await bull.getJob(`ingest-${lost.id}`);
    expect(job?.name).toBe('registers.ingest');
    expect(job?.data).toEqual({ packageId: lost.id });
    expect(await job?.getState()).toBe('waiting');
    // the queue's retries are those of every job (OMSX_JOB_ATTEMPTS / OMSX_JOB_BACKOFF_MS)
    expect(job?.opts).toMatchObject({ attempts: 2, backoff: { type: 'exponential', delay: 20 } });
    for (const p of [lost, waiting, fresh]) {
      expect(await row(p.id)).toEqual({ status: 'queued', error: null, storage_path: p.path });
      expect(existsSync(p.path!)).toBe(true);
    }
    expect(await queue.status(`ingest-${waiting.id}`)).toMatchObject({ state: 'waiting' });
    expect(await queue.status(`ingest-${fresh.id}`)).toBeUndefined();
    expect(await bull.getJobCounts('waiting')).toEqual({ waiting: 2 });
    // a second sweep queues nothing twice
    expect((await sweepPackages(ports)).requeued).toEqual([]);
    expect(await bull.getJobCounts('waiting')).toEqual({ waiting: 2 });
    await settle(lost.id, waiting.id, fresh.id);
  });

  it('a running package without a job and without its upload fails, saying why', async () => {
    const gone = await makePackage('running', { upload: join(home, 'uploads', randomUUID(), 'HM750096T75_21041.zip') });
    const report = await sweepPackages(ports);
    expect(report.failed).toEqual([gone.id]);
    expect(await row(gone.id)).toEqual({
      status: 'failed',
      error: expect.stringMatching(/^the ingestion job was lost .* the stored upload is gone.*: upload the package again$/),
      storage_path: null,
    });
    expect(await queue.status(`ingest-${gone.id}`)).toBeUndefined();
  });

  it('a done or rejected package is never touched, even holding an upload without a job', async () => {
    const done = await makePackage('done');
    const rejected = await makePackage('rejected');
    const lost = await makePackage('queued'); // the sweep did run
    const report = await sweepPackages(ports);
    expect(report.requeued).toEqual([lost.id]);
    for (const p of [done, rejected]) {
      expect((await row(p.id)).storage_path).toBe(p.path);
      expect(existsSync(p.path!)).toBe(true);
      expect(await queue.status(`ingest-${p.id}`)).toBeUndefined();
    }
    expect((await row(done.id)).status).toBe('done');
    expect((await row(rejected.id)).status).toBe('rejected');
    await settle(lost.id);
  });

  it('a package that a try failed keeps no upload once its job is gone', async () => {
    const failed = await makePackage('failed');
    const report = await sweepPackages(ports);
    expect(report.cleared).toEqual([failed.id]);
    expect((await row(failed.id)).storage_path).toBeNull();
    expect((await row(failed.id)).status).toBe('failed');
    expect(existsSync(dirname(failed.path!))).toBe(false);
  });

  it('the database down: the sweep logs it and returns', async () => {
    logs.length = 0;
    const report = await sweepPackages({ ...ports, sql: downSql });
    expect(report).toEqual({ requeued: [], failed: [], cleared: [], errors: 1 });
    expect(logs).toEqual([expect.stringMatching(/could not be read \(trying again later\): connect ECONNREFUSED/)]);
  });

  it('Redis down: the sweep logs it, and takes no package for one without a job', async () => {
    const pkg = await makePackage('queued');
    const dead = createQueue('redis://127.0.0.1:1', prefix);
    try {
      logs.length = 0;
      const report = await sweepPackages({ ...ports, queue: dead });
      expect(report).toMatchObject({ requeued: [], failed: [], cleared: [], errors: 1 });
      expect(logs).toEqual([expect.stringMatching(/the job queue is unavailable/)]);
    } finally {
      await dead.close();
    }
    expect(await row(pkg.id)).toEqual({ status: 'queued', error: null, storage_path: pkg.path });
    expect(await queue.status(`ingest-${pkg.id}`)).toBeUndefined();
    await settle(pkg.id);
  });

  it('runs at once and again each interval, riding out a database that was down, until stopped', async () => {
    const pkg = await makePackage('queued');
    let refusals = 2;
    const flaky: SqlPort = {
      ...downSql,
      query: (text, params) => (refusals-- > 0 ? downSql.query(text, params) : db.sql.query(text, params)),
    };
    logs.length = 0;
    const sweep = startRecovery({ ...ports, sql: flaky }, 30);
    try {
      await until(async () => (await queue.status(`ingest-${pkg.id}`)) !== undefined);
    } finally {
      await sweep.stop();
    }
    expect(logs.filter((m) => /ECONNREFUSED/.test(m))).toHaveLength(2);
    expect(logs).toContain(`recovery: package ${pkg.id} was queued without a job: queued again`);
    expect(await queue.status(`ingest-${pkg.id}`)).toMatchObject({ state: 'waiting' });
  });
});

describe('jobFailureReason', () => {
  it('says how often the job was tried, why it failed, and what to do', () => {
    expect(jobFailureReason({ attempts: 6, reason: 'Connection terminated' })).toBe(
      'the ingestion was retried 5 times (6 attempts) and failed: Connection terminated. ' +
        'Its stored upload was deleted (personal data are not kept): upload the package again',
    );
    expect(jobFailureReason({ attempts: 1 })).toMatch(/^the ingestion failed and was not retried: no reason given\. /);
  });
});
