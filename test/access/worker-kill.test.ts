import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readdirSync, readFileSync } from 'node:fs';
import { openTestDatabase, TEST_DATABASE_URL, TEST_REDIS_URL } from '../helpers/db.js';
import { lFileFor, multiRecordH, tempDir, writeZip } from '../helpers/registers.js';
import { signIn } from '../helpers/auth.js';
import { createDeps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/api/app.js';
import { createQueue } from '../../src/jobs/queue.js';

// A worker process is killed (SIGKILL) while it ingests a package; a second worker takes the job once its lock has
// lapsed (OMSX_JOB_LOCK_MS), and the register ends up stored exactly once, whole.
const RECORDS = 20_000;
const db = await openTestDatabase('workerkill');
const dir = tempDir();
const srcDir = tempDir();
const prefix = `omsx-test-kill-${process.pid}-${Date.now()}`;
const env = {
  ...process.env,
  DATABASE_URL: TEST_DATABASE_URL,
  OMSX_DB_SCHEMA: db.schema,
  OMSX_HOME: dir,
  REDIS_URL: TEST_REDIS_URL,
  OMSX_QUEUE_PREFIX: prefix,
  OMSX_JOB_LOCK_MS: '2000',
  OMSX_FROM_SOURCE: '1',
};
const deps = await createDeps(loadConfig(env), { db, queue: createQueue(TEST_REDIS_URL, prefix) });
const app = await buildApp(deps);
const mo = await signIn(app, deps, { role: 'mo', mo: '750096' });
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  await app.close();
  await deps.close();
});

const BIN = fileURLToPath(new URL('../../bin/omsx.js', import.meta.url));
function startWorker(): ChildProcess {
  const c = spawn(process.execPath, [BIN, 'worker'], { env, stdio: 'ignore' });
  children.push(c);
  return c;
}
const status = async () =>
  (await db.sql.query<{ status: string; progress: number }>('SELECT status, progress FROM package'))[0] ?? { status: 'none', progress: 0 };
async function until(what: () => Promise<boolean>, ms: number) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await what()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out');
}

describe('a worker killed in the middle of a package', () => {
  it('the job is retried and the register is stored exactly once, whole', { timeout: 240_000 }, async () => {
    const zip = await writeZip(join(srcDir, 'HM750096T75_21041.zip'), [
      { name: 'HM750096T75_21041.XML', content: multiRecordH(RECORDS) },
      { name: 'LM750096T75_21041.XML', content: lFileFor(RECORDS) },
    ]);
    const boundary = '----omsxkill';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="HM750096T75_21041.zip"\r\n\r\n`),
      readFileSync(zip),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const up = await mo.inject({
      method: 'POST',
      url: '/api/registers',
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(up.statusCode).toBe(202);

    const first = startWorker();
    // running, and its file's transaction has begun writing (the persons of the L-file come first)
    await until(async () => (await status()).status === 'running', 120_000);
    await until(
      async () =>
        (
          await db.sql.query(
            "SELECT 1 FROM pg_stat_activity WHERE state <> 'idle' AND query ILIKE 'COPY%' AND datname = current_database()",
          )
        ).length > 0,
      60_000,
    );
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    expect(first.signalCode).toBe('SIGKILL');
    // the killed transaction left nothing
    expect(await db.sql.query('SELECT 1 FROM "case" LIMIT 1')).toEqual([]);

    startWorker();
    await until(async () => ['done', 'rejected'].includes((await status()).status), 180_000);
    expect((await status()).status).toBe('done');
    const [n] = await db.sql.query<{ cases: string; files: string; persons: string; distinct_zap: string }>(
      `SELECT (SELECT count(*) FROM "case")::text AS cases, (SELECT count(DISTINCT n_zap) FROM "case")::text AS distinct_zap,
              (SELECT count(*) FROM register_file)::text AS files, (SELECT count(*) FROM person)::text AS persons`,
    );
    expect(n).toEqual({ cases: String(RECORDS), distinct_zap: String(RECORDS), files: '1', persons: String(RECORDS) });
    expect(readdirSync(join(dir, 'uploads'))).toEqual([]);
  });
});
