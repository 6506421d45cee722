import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { openTestDatabase, TEST_DATABASE_URL, TEST_REDIS_URL } from '../helpers/db.js';
import { lFileFor, multiRecordH, tempDir, writeZip } from '../helpers/registers.js';
import { createDeps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { inProcessQueue } from '../../src/jobs/in-process.queue.js';
import { QUEUE_NAME, redisConnection } from '../../src/jobs/queue.js';
import { sweepPackages } from '../../src/jobs/recovery.js';
import { packageRepo } from '../../src/registers/ingest/package.repo.js';

// The recovery sweep where it runs: with the jobs of `omsx serve` in its own process, and in `omsx worker`.
const db = await openTestDatabase('recoverysvc');
const home = tempDir();
const packages = packageRepo(db.sql);

/** A real two-record package (H and L files) stored as an upload, and its package row `status`, made two minutes ago. */
async function storedPackage(status: 'queued' | 'running', n: number) {
  const dir = join(home, 'uploads', randomUUID());
  mkdirSync(dir, { recursive: true });
  const main = `HM750096T75_2104${n}`;
  const path = await writeZip(join(dir, `${main}.zip`), [
    { name: `${main}.XML`, content: multiRecordH(2, { fileName: main }) },
    { name: `L${main.slice(1)}.XML`, content: lFileFor(2, main) },
  ]);
  const id = await packages.create(`${main}.zip`, path, { sha256: randomUUID() });
  await db.sql.query("UPDATE package SET status = $2, created_at = now() - interval '2 minutes' WHERE id = $1", [id, status]);
  return { id, path };
}

const row = async (id: string) =>
  (
    await db.sql.query<{ status: string; error: string | null; storage_path: string | null }>(
      'SELECT status, error, storage_path FROM package WHERE id = $1',
      [id],
    )
  )[0];

describe('the recovery sweep with the jobs in this process (omsx serve on the embedded database)', () => {
  const logs: string[] = [];

  it('after a restart, a package left queued is ingested', { timeout: 60_000 }, async () => {
    const errors: unknown[] = [];
    const local = inProcessQueue((_, e) => errors.push(e));
    const deps = await createDeps(loadConfig({ OMSX_HOME: home }), { db, queue: local });
    local.attach(deps);
    const left = await storedPackage('queued', 1);
    const report = await sweepPackages({ sql: db.sql, queue: local, home, log: (m) => logs.push(m) });
    expect(report).toEqual({ requeued: [left.id], failed: [], cleared: [], errors: 0 });
    await local.idle();
    expect(errors).toEqual([]);
    expect(await local.status(`ingest-${left.id}`)).toEqual({ state: 'completed', attempts: 0 });
    expect(await row(left.id)).toMatchObject({ status: 'done', storage_path: null });
    expect(existsSync(dirname(left.path))).toBe(false);
    await deps.close();
  });

  it('a package whose job failed (the database refused it) fails with the reason and loses its upload', async () => {
    const errors: unknown[] = [];
    const local = inProcessQueue((_, e) => errors.push(e));
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const down = { query: () => Promise.reject(refused), exec: () => Promise.reject(refused), copyIn: () => Promise.reject(refused) };
    local.attach({
      config: loadConfig({ OMSX_HOME: home }),
      db: { sql: { ...down, transaction: () => Promise.reject(refused) } },
    } as never);
    const pkg = await storedPackage('running', 2);
    await local.add('registers.ingest', { packageId: pkg.id }, `ingest-${pkg.id}`);
    await local.idle();
    expect(errors).toEqual([refused]);
    expect(await local.status(`ingest-${pkg.id}`)).toEqual({ state: 'failed', attempts: 1, reason: refused.message });
    expect((await row(pkg.id)).status).toBe('running');

    const report = await sweepPackages({ sql: db.sql, queue: local, home, log: (m) => logs.push(m) });
    expect(report).toEqual({ requeued: [], failed: [pkg.id], cleared: [], errors: 0 });
    expect(await row(pkg.id)).toEqual({
      status: 'failed',
      error:
        'the ingestion failed and was not retried: connect ECONNREFUSED 127.0.0.1:5432. Its stored upload was deleted (personal data are not kept): upload the package again',
      storage_path: null,
    });
    expect(existsSync(dirname(pkg.path))).toBe(false);
  });
});

describe('omsx worker', () => {
  const prefix = `omsx-test-recsvc-${process.pid}-${Date.now()}`;
  const bull = new Queue(QUEUE_NAME, { connection: redisConnection(TEST_REDIS_URL), prefix });
  let child: ChildProcess | undefined;
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await bull.obliterate({ force: true });
    await bull.close();
  });

  it('at start, queues again a package whose job Redis lost, and ingests it', { timeout: 120_000 }, async () => {
    const lost = await storedPackage('queued', 4);
    const bin = fileURLToPath(new URL('../../bin/omsx.js', import.meta.url));
    const env = {
      ...process.env,
      DATABASE_URL: TEST_DATABASE_URL,
      OMSX_DB_SCHEMA: db.schema,
      OMSX_HOME: home,
      REDIS_URL: TEST_REDIS_URL,
      OMSX_QUEUE_PREFIX: prefix,
      OMSX_JOB_ATTEMPTS: '4',
      OMSX_FROM_SOURCE: '1',
    };
    const worker = spawn(process.execPath, [bin, 'worker'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    child = worker;
    let err = '';
    worker.stderr!.on('data', (d: Buffer) => (err += d));
    try {
      for (let i = 0; i < 800 && (await row(lost.id)).status !== 'done'; i++) await new Promise((r) => setTimeout(r, 100));
    } finally {
      worker.kill('SIGTERM');
      await new Promise((r) => worker.once('close', r));
    }
    expect(err).toContain(`omsx: recovery: package ${lost.id} was queued without a job: queued again`);
    expect(await row(lost.id)).toMatchObject({ status: 'done', storage_path: null });
    expect(existsSync(dirname(lost.path))).toBe(false);
    // the worker's queue gives its jobs the configured tries
    const job = await bull.getJob(`ingest-${lost.id}`);
    expect(job?.opts.attempts).toBe(4);
  });
});
