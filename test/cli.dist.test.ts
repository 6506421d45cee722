import { describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { openTestDatabase, TEST_DATABASE_URL } from './helpers/db.js';
// the same judgement as bin/omsx.js
import { distIsCurrent, sourceDigest } from '../scripts/dist.mjs';
import { readFileSync, statSync, utimesSync } from 'node:fs';

const run = promisify(execFile);
const db = await openTestDatabase('dist');

describe('the compiled CLI (dist/, built by npm ci)', () => {
  it('ingests the sample region through worker threads, as the sources do', { timeout: 240_000 }, async () => {
    if (!distIsCurrent()) await run(process.execPath, ['scripts/build.mjs'], { maxBuffer: 1 << 24 });
    const { stdout } = await run(
      process.execPath,
      ['bin/omsx.js', 'ingest', 'data/sample/registers', '--json', '--stats', '--threads', '2'],
      {
        // OMSX_REQUIRE_DIST: fail rather than fall back to the sources; OMSX_WORKER_MIN_BYTES=0: every file to the workers
        env: {
          ...process.env,
          DATABASE_URL: TEST_DATABASE_URL,
          OMSX_DB_SCHEMA: db.schema,
          OMSX_REQUIRE_DIST: '1',
          OMSX_WORKER_MIN_BYTES: '0',
        },
        maxBuffer: 1 << 26,
      },
    );
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ packages: 60, files: 82, rejectedPackages: [] });
    expect(out.cases).toBeGreaterThan(2000);
    expect(out.accepted + out.rejected).toBe(out.cases);
    // --stats: time, CPU of all threads, peak RSS
    expect(out.stats.elapsedMs).toBeGreaterThan(0);
    expect(out.stats.cpuMs).toBeGreaterThan(0);
    expect(out.stats.peakRssMb).toBeGreaterThan(50);
    expect(out.stats.peakRssMb).toBeLessThan(1024);
    const [n] = await db.sql.query<{ cases: string; persons: string }>(
      'SELECT (SELECT count(*) FROM "case")::text cases, (SELECT count(*) FROM person)::text persons',
    );
    expect(Number(n.cases)).toBe(out.accepted);
    expect(Number(n.persons)).toBeGreaterThan(0);
  });

  it('a reader that goes away (omsx … | head) ends the command quietly, exit 0, without an EPIPE trace', async () => {
    const child = spawn(process.execPath, ['bin/omsx.js', '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // closed before the command writes a line
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(err).not.toContain('EPIPE');
    expect(code).toBe(0);
  });

  it('reading a package again changes nothing and exits at once (a worker started ahead and never used holds nothing)', async () => {
    const { stdout } = await run(process.execPath, ['bin/omsx.js', 'ingest', 'data/sample/registers/HM750001T76_2507.zip', '--json'], {
      env: { ...process.env, DATABASE_URL: TEST_DATABASE_URL, OMSX_DB_SCHEMA: db.schema, OMSX_REQUIRE_DIST: '1' },
      // it hung here for good: the worker's port was referenced again after unref()
      timeout: 30_000,
    });
    expect(JSON.parse(stdout)).toMatchObject({ packages: 1, files: 1, duplicates: 1, cases: 0 });
  });

  it('judges dist/ by the digest of the sources, not by their times: a source dated in the future leaves it current', async () => {
    if (!distIsCurrent()) await run(process.execPath, ['scripts/build.mjs'], { maxBuffer: 1 << 24 });
    const stamp = JSON.parse(readFileSync('dist/.built', 'utf8')) as { src: string };
    expect(stamp.src).toBe(sourceDigest());
    // a checkout copied with its times, or written on a machine whose clock runs ahead (CI once failed so)
    const file = 'src/calendar.ts';
    const { atime, mtime } = statSync(file);
    const ahead = new Date(Date.now() + 3600_000);
    utimesSync(file, ahead, ahead);
    try {
      expect(distIsCurrent()).toBe(true);
    } finally {
      utimesSync(file, atime, mtime);
    }
  });
});
