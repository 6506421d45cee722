/**
 * A package an `omsx ingest` run was reading when it was killed (SIGKILL: no handler runs) stays `running` on its
 * row (issue 18). The run holds a lock and names it on its packages; once the lock is free the next run and the
 * recovery sweep make the package `failed` with the reason, and a live run's packages are left alone however long
 * it reads (before, the sweep failed them after a minute as jobs whose upload was lost).
 */
import { describe, expect, it } from 'vitest';
import { openTestDatabase, openTestPglite } from '../helpers/db.js';
import type { Database } from '../../src/db/database.js';
import type { JobQueue } from '../../src/jobs/queue.js';
import { sweepPackages } from '../../src/jobs/recovery.js';
import { packageRepo } from '../../src/registers/ingest/package.repo.js';
import { ABANDONED, failAbandoned, ownRun } from '../../src/registers/ingest/run-owner.js';
import { tempDir } from '../helpers/registers.js';

/** A package an `omsx ingest` run of `owner` started reading a while ago. */
async function started(db: Database, owner: string): Promise<string> {
  const packages = packageRepo(db.sql);
  const id = await packages.create('HM750096T75_21041.XML');
  await packages.start(id, owner);
  await db.sql.query("UPDATE package SET created_at = now() - interval '10 minutes' WHERE id = $1", [id]);
  return id;
}

const status = async (db: Database, id: string) =>
  (await db.sql.query<{ status: string; error: string | null }>('SELECT status, error FROM package WHERE id = $1', [id]))[0];

/** A job queue that has no job (CLI packages have none). */
const noJobs = { status: () => Promise.resolve(undefined) } as unknown as JobQueue;

const pg = await openTestDatabase('abandoned');
const lite = await openTestPglite();

describe('packages of an omsx ingest run that ended without finishing', () => {
  it('PostgreSQL: left alone while the run lives (sweep and next run); failed with the reason once it has ended', async () => {
    const db = pg;
    const run = await ownRun(db);
    const [a, b] = [await started(db, run.key), await started(db, run.key)];
    const ports = { sql: db.sql, queue: noJobs, home: tempDir(), log: () => undefined };
    // the run still reads: another run's start and the recovery sweep leave its packages running
    expect(await failAbandoned(db.sql)).toEqual([]);
    expect((await sweepPackages(ports, { minAgeSeconds: 0 })).failed).toEqual([]);
    expect(await status(db, a)).toEqual({ status: 'running', error: null });
    // the run is killed (its connection, and so its lock, goes): the sweep fails one, the next run the other
    await run.release();
    expect((await sweepPackages(ports, { minAgeSeconds: 0 })).failed).toEqual([a, b]);
    expect(await status(db, a)).toEqual({ status: 'failed', error: ABANDONED });
    const dead = await ownRun(db);
    await dead.release();
    const c = await started(db, dead.key);
    expect(await failAbandoned(db.sql)).toEqual([c]);
    expect(await status(db, c)).toEqual({ status: 'failed', error: ABANDONED });
  });

  it('embedded PGlite (one process at a time): the next run fails what a killed run left running', async () => {
    const db = lite;
    const killed = await ownRun(db);
    const id = await started(db, killed.key);
    const finished = await started(db, killed.key);
    await db.sql.query("UPDATE package SET status = 'done' WHERE id = $1", [finished]);
    const next = await ownRun(db);
    expect(await failAbandoned(db.sql)).toEqual([id]);
    expect(await status(db, id)).toEqual({ status: 'failed', error: ABANDONED });
    expect(await status(db, finished)).toEqual({ status: 'done', error: null });
    await next.release();
  });
});
