/**
 * Ingestion benchmark: generates synthetic regions of 100k and 1M cases (omsx synth), ingests each
 * into PostgreSQL (DATABASE_URL, default the local test database, in a throwaway schema) with
 * `omsx ingest --json --stats` in a child process, and prints cases/s and peak RSS.
 *   npm run bench:ingest                 # 100k and 1M
 *   npm run bench:ingest -- 20000        # other sizes
 *   OMSX_BENCH_CONCURRENCY=1 npm run bench:ingest -- 100000   # no read-ahead: one file after another
 *   OMSX_BENCH_MONTHS=12 npm run bench:ingest -- 100000        # a year of 100k cases a month (corrections, SANK, history)
 * It first builds dist/ (what `npm ci` leaves and bin/omsx.js runs); OMSX_FROM_SOURCE=1 measures the sources.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { calibrationMs, machineBusySeconds, omsx, regionMos, synthRegion } from './omsx.js';

const url = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
/** Files in flight (omsx ingest --concurrency); the command's default (2: one read ahead) unless set. */
const concurrency = process.env.OMSX_BENCH_CONCURRENCY;
/** Months of the region, each of the given size (OMSX_BENCH_MONTHS, default 1). */
const months = Number(process.env.OMSX_BENCH_MONTHS ?? 1);
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);

// measure what users run: the compiled dist/ (bin/omsx.js falls back to the sources when it is stale)
if (process.env.OMSX_FROM_SOURCE !== '1') {
  const b = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (b.status !== 0) throw new Error('npm run build failed');
}
console.error(`runtime: ${process.env.OMSX_FROM_SOURCE === '1' ? 'sources through tsx' : 'dist/ (compiled)'}`);

for (const cases of sizes.length ? sizes : [100_000, 1_000_000]) {
  const dir = mkdtempSync(join(tmpdir(), 'omsx-bench-'));
  const mos = regionMos(cases);
  const t0 = Date.now();
  synthRegion(dir, cases, months);
  const genSecs = (Date.now() - t0) / 1000;
  const schema = `bench_${process.pid}_${cases}_${months}`;
  const before = calibrationMs();
  const busy0 = machineBusySeconds();
  try {
    const out = omsx(['ingest', join(dir, 'registers'), '--json', '--stats', ...(concurrency ? ['--concurrency', concurrency] : [])], {
      DATABASE_URL: url,
      OMSX_DB_SCHEMA: schema,
    });
    const busy = busy0 === undefined ? undefined : machineBusySeconds()! - busy0;
    const r = JSON.parse(out) as {
      cases: number;
      accepted: number;
      files: number;
      stats: { elapsedMs: number; cpuMs: number; peakRssMb: number };
    };
    console.log(
      JSON.stringify({
        bench: 'ingest',
        concurrency: concurrency ? Number(concurrency) : 'default',
        target: 'postgresql',
        months,
        cases: r.cases,
        accepted: r.accepted,
        files: r.files,
        mos,
        seconds: +(r.stats.elapsedMs / 1000).toFixed(2),
        casesPerSec: Math.round(r.cases / (r.stats.elapsedMs / 1000)),
        // CPU seconds of omsx (all threads; PostgreSQL's own CPU is not in it): steadier than the time when the machine drifts
        cpuSeconds: +(r.stats.cpuMs / 1000).toFixed(1),
        // the machine's busy CPU over the run (incl. omsx's start-up); less cpuSeconds it is mostly PostgreSQL's
        machineCpuSeconds: busy === undefined ? null : +busy.toFixed(1),
        peakRssMb: r.stats.peakRssMb,
        synthSeconds: +genSecs.toFixed(1),
        // the machine's speed before and after the run (bench/omsx.ts): lower is faster; compare runs by it
        calibrationMs: [before, calibrationMs()],
      }),
    );
  } finally {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await c.end();
    rmSync(dir, { recursive: true, force: true });
  }
}
