import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { lFileFor, multiRecordH, writeZip } from '../helpers/registers.js';
import { openDatabase } from '../../src/db/database.js';
import { packageRepo } from '../../src/registers/ingest/package.repo.js';

// `omsx serve` on the embedded database runs the jobs itself, and so the recovery sweep too: a package it had
// queued when it stopped (its job lived only in that process) is ingested after its next start.
const home = await mkdtemp(join(tmpdir(), 'omsx-recovery-serve-'));
afterAll(() => rm(home, { recursive: true, force: true }));
const env: Record<string, string> = Object.fromEntries(
  Object.entries({ ...process.env, OMSX_HOME: home, OMSX_FROM_SOURCE: '1' }).filter(([k, v]) => k !== 'DATABASE_URL' && v !== undefined),
) as Record<string, string>;

/** The embedded database, opened while no service holds it. */
async function withDatabase<T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const db = await openDatabase({ home });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

describe('omsx serve on the embedded database', () => {
  it('at start, ingests a package left queued by its previous run', { timeout: 240_000 }, async () => {
    const dir = join(home, 'uploads', randomUUID());
    mkdirSync(dir, { recursive: true });
    const path = await writeZip(join(dir, 'HM750096T75_21041.zip'), [
      { name: 'HM750096T75_21041.XML', content: multiRecordH(2) },
      { name: 'LM750096T75_21041.XML', content: lFileFor(2) },
    ]);
    const id = await withDatabase(async (db) => {
      const pkg = await packageRepo(db.sql).create('HM750096T75_21041.zip', path, { sha256: randomUUID() });
      await db.sql.query("UPDATE package SET created_at = now() - interval '2 minutes' WHERE id = $1", [pkg]);
      return pkg;
    });

    const child = spawn(process.execPath, ['bin/omsx.js', 'serve', '--port', '0'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stderr.on('data', (d: Buffer) => {
          err += d;
          // listening: its graceful stop is in place
          if (err.includes(`recovery: package ${id} was queued without a job: queued again`) && /omsx: listening on /.test(err)) resolve();
        });
        void exited.then(() => reject(new Error(`serve exited before it queued the package again:\n${err}`)));
        setTimeout(() => reject(new Error(`serve did not queue the package again:\n${err}`)), 60_000).unref();
      });
    } finally {
      // a graceful stop runs the jobs already queued to their end
      child.kill('SIGTERM');
      await exited;
    }
    const row = await withDatabase(async (db) => packageRepo(db.sql).get(id));
    expect(row).toMatchObject({ status: 'done', storage_path: null });
    expect(existsSync(dirname(path))).toBe(false);
  });
});
