/**
 * PostgreSQL restarted under a running service (issue 17), on a private server of this test's own (test/helpers/
 * private-pg.ts; the shared one is never restarted): while the database is down a request gets a clear 503 at once
 * (no hang, no stack trace); once it is back the same service answers again, without a restart of its own; an
 * ingestion cut by the restart fails with a connection error, leaves nothing half-written, and its retry stores the
 * register whole, exactly once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startPrivatePostgres } from '../helpers/private-pg.js';
import { lFileFor, multiRecordH, tempDir, writeZip } from '../helpers/registers.js';
import { signIn } from '../helpers/auth.js';
import { openDatabase } from '../../src/db/database.js';
import { createDeps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/api/app.js';
import { ingestPackage } from '../../src/registers/ingest/ingest.service.js';
import { packageRepo } from '../../src/registers/ingest/package.repo.js';
import { isDatabaseUnavailable } from '../../src/db/unavailable.js';

const pgs = await startPrivatePostgres();
if (!pgs) console.warn('pg-restart.test.ts skipped: no PostgreSQL server binaries under /usr/lib/postgresql (initdb, pg_ctl)');

describe.skipIf(!pgs)('PostgreSQL restarted while the service runs', async () => {
  const server = pgs!;
  const db = await openDatabase({ databaseUrl: server.url });
  const dir = tempDir();
  const deps = await createDeps(loadConfig({ OMSX_HOME: dir }), { db });
  const app = await buildApp(deps);
  const tfoms = await signIn(app, deps, { role: 'tfoms' });
  const zip = await writeZip(join(dir, 'HM750096T75_21041.zip'), [
    { name: 'HM750096T75_21041.XML', content: multiRecordH(3) },
    { name: 'LM750096T75_21041.XML', content: lFileFor(3) },
  ]);
  await ingestPackage(deps, [zip], { workers: false });
  const [{ id: caseId }] = await db.sql.query<{ id: string }>('SELECT id::text FROM "case" ORDER BY id LIMIT 1');
  afterAll(async () => {
    await app.close();
    await db.close().catch(() => undefined);
    await server.destroy();
  });
  const get = async () => {
    const t = performance.now();
    const r = await tfoms.inject({ method: 'GET', url: `/api/cases/${caseId}` });
    return { status: r.statusCode, body: r.body, ms: performance.now() - t };
  };

  it('answers 503 at once while the database is down, and 200 again once it is back, without a restart', async () => {
    expect((await get()).status).toBe(200);
    await server.stop();
    for (let i = 0; i < 3; i++) {
      const r = await get();
      expect(r.status, r.body).toBe(503);
      expect(JSON.parse(r.body)).toEqual({ error: 'UNAVAILABLE', message: 'the database is unavailable; try again later' });
      expect(r.ms).toBeLessThan(5000);
    }
    // what needs no database still answers
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    await server.start();
    // a connection cut by the restart may fail one request more (503, never 500); then every request succeeds
    const statuses: number[] = [];
    const until = Date.now() + 15_000;
    for (let r = await get(); ; r = await get()) {
      statuses.push(r.status);
      if (r.status === 200 || Date.now() > until) break;
      await new Promise((ok) => setTimeout(ok, 100));
    }
    expect(statuses.at(-1)).toBe(200);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    for (let i = 0; i < 10; i++) expect((await get()).status).toBe(200);
  }, 60_000);

  it('an ingestion cut by the restart fails with a connection error, leaves no half-written register, and its retry stores it once', async () => {
    const N = 6_000;
    const name = 'HM750096T75_21042';
    const big = await writeZip(join(dir, `${name}.zip`), [
      { name: `${name}.XML`, content: multiRecordH(N, { fileName: name }) },
      { name: `L${name.slice(1)}.XML`, content: lFileFor(N, name) },
    ]);
    const packages = packageRepo(db.sql);
    const id = await packages.create(`${name}.zip`);
    let stoppedAt = -1;
    let stopping: Promise<void> | undefined;
    const cut = ingestPackage(deps, [big], {
      packageId: id,
      workerMinBytes: 0, // worker threads report the bytes read as they go
      onProgress: (f) => {
        if (stoppedAt < 0 && f > 0.3) {
          stoppedAt = f;
          stopping = server.stop();
        }
      },
    });
    const error = await cut.then(
      () => null,
      (e: unknown) => e,
    );
    await stopping;
    if (stopping) await server.start();
    expect(stoppedAt, 'the database was stopped in the middle of the file').toBeGreaterThan(0);
    expect(stoppedAt).toBeLessThan(1);
    expect(error, 'the cut ingestion failed').not.toBeNull();
    expect(isDatabaseUnavailable(error), String(error)).toBe(true);
    const count = async () => {
      for (let i = 0; ; i++) {
        try {
          return (
            await db.sql.query<{ cases: number; distinct: number; persons: number }>(
              `SELECT count(*)::int AS cases, count(DISTINCT c.n_zap)::int AS distinct,
                      (SELECT count(*)::int FROM person p JOIN register_file f ON f.id = p.register_file_id WHERE f.file_name LIKE $1) AS persons
                 FROM "case" c JOIN register_file f ON f.id = c.register_file_id WHERE f.file_name LIKE $1`,
              [`${name}%`],
            )
          )[0];
        } catch (e) {
          if (i > 20 || !isDatabaseUnavailable(e)) throw e; // a pooled connection cut by the restart: the next is new
        }
      }
    };
    // nothing of the file, or all of it: never a part
    const after = await count();
    expect([0, N]).toContain(after.cases);
    expect([0, N]).toContain(after.persons);
    // the job's retry (as BullMQ runs it again): the register whole, once
    const retry = await ingestPackage(deps, [big], { packageId: id, workerMinBytes: 0 });
    expect(retry.status).toBe('done');
    expect(await count()).toEqual({ cases: N, distinct: N, persons: N });
    expect(await packages.get(id)).toMatchObject({ status: 'done', error: null });
  }, 120_000);
});
