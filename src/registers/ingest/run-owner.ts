import { randomBytes } from 'node:crypto';
import type { Database } from '../../db/database.js';
import type { SqlPort } from '../../db/sql.port.js';
import { packageRepo } from './package.repo.js';

/**
 * The packages an `omsx ingest` run reads (no upload, no job) and whether that run is still alive. The run holds an
 * advisory lock of its own while it reads and names it on its packages' rows (`stats.owner`). A package still
 * `queued` or `running` whose owner's lock is free was left by a run that ended without finishing (killed with
 * SIGKILL, its machine lost; Ctrl-C and SIGTERM fail their packages themselves): the next `omsx ingest` and the
 * recovery sweep make it `failed` with that reason, and leave a live run's packages alone however long it reads.
 * The embedded database is opened by one process at a time: no lock is held there (a transaction would hold its
 * only connection), and a package left unfinished on it has no live owner.
 */
export const ABANDONED =
  'the omsx ingest run that was reading this package ended before it finished (killed, or its machine stopped): ingest the files again';

export interface RunOwner {
  /** The run's key: its advisory lock, written on its packages' rows (IngestOptions.owner). */
  key: string;
  /** Frees the run's lock (its packages are finished, or failed by the run itself). */
  release(): Promise<void>;
}

/** Takes a run's lock (on a PostgreSQL server: one connection held for the run) and returns the run's owner. */
export async function ownRun(db: Pick<Database, 'kind' | 'sql'>): Promise<RunOwner> {
  // a positive bigint: the advisory lock's key (the other bigint keys are hashes; a collision is 1 in 2^63)
  const key = (BigInt('0x' + randomBytes(8).toString('hex')) & 0x7fffffffffffffffn).toString();
  let release: () => void = () => undefined;
  let held: Promise<unknown> = Promise.resolve();
  if (db.kind === 'postgres') {
    const done = new Promise<void>((resolve) => (release = resolve));
    await new Promise<void>((locked, failed) => {
      held = db.sql
        .transaction(async (tx) => {
          await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [key]);
          locked();
          await done;
        })
        .catch(failed);
    });
  }
  return {
    key,
    release: async () => {
      release();
      await held;
    },
  };
}

/** Whether the run named `owner` has ended: its lock is free (taken for a moment here, then given back). */
export async function ownerGone(sql: SqlPort, owner: string): Promise<boolean> {
  return sql.transaction(
    async (tx) => (await tx.query<{ free: boolean }>('SELECT pg_try_advisory_xact_lock($1::bigint) AS free', [owner]))[0].free,
  );
}

/**
 * Packages of `omsx ingest` runs that ended without finishing (their owner's lock is free) become `failed` with
 * {@link ABANDONED}; the packages of live runs are left alone. Returns the ids failed.
 */
export async function failAbandoned(sql: SqlPort): Promise<string[]> {
  const rows = await sql.query<{ id: string; owner: string }>(
    `SELECT id::text, stats->>'owner' AS owner FROM package
      WHERE status IN ('queued', 'running') AND storage_path IS NULL AND stats ? 'owner'`,
  );
  const failed: string[] = [];
  const gone = new Map<string, boolean>();
  for (const { id, owner } of rows) {
    if (!/^[0-9]{1,19}$/.test(owner)) continue;
    if (!gone.has(owner)) gone.set(owner, await ownerGone(sql, owner));
    if (!gone.get(owner)) continue;
    await packageRepo(sql).failUnfinished(id, ABANDONED);
    failed.push(id);
  }
  return failed;
}
