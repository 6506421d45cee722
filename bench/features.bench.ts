/**
 * Features and scoring benchmark: a synthetic region of two months of N cases each (omsx synth), the first month
 * ingested as history, then side by side: ingesting the second month (`omsx ingest --json --stats`), computing its
 * features (`omsx features --period`) and scoring them with the baseline model of models/ and storing the scores
 * (`omsx score --period`), each in a child process, into PostgreSQL (DATABASE_URL, default the local test database,
 * in a throwaway schema). Prints seconds, cases/s and peak RSS of each, and whether features + scoring together take
 * no longer than the ingestion (issue 15's goal).
 *   npx tsx bench/features.bench.ts            # 100 000 cases a month
 *   npx tsx bench/features.bench.ts 20000      # other sizes
 * It first builds dist/ (what bin/omsx.js runs); OMSX_FROM_SOURCE=1 measures the sources.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { calibrationMs, omsx, regionMos } from './omsx.js';

const url = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const cases = Number(process.argv[2] ?? 100_000);

if (process.env.OMSX_FROM_SOURCE !== '1') {
  const b = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (b.status !== 0) throw new Error('npm run build failed');
}

/** Runs omsx under /usr/bin/time: its stdout, wall seconds and peak RSS (MB). */
function timed(args: string[], env: NodeJS.ProcessEnv): { out: string; seconds: number; peakRssMb: number } {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, 'bin/omsx.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0) throw new Error(`omsx ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  const [secs, kb] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { out: r.stdout, seconds: secs, peakRssMb: Math.round(kb / 1024) };
}

const dir = mkdtempSync(join(tmpdir(), 'omsx-fbench-'));
const schema = `fbench_${process.pid}`;
const env = { DATABASE_URL: url, OMSX_DB_SCHEMA: schema };
try {
  omsx([
    'synth',
    '--out',
    dir,
    '--seed',
    '7',
    '--months',
    '2',
    '--cases-per-month',
    String(cases),
    '--mos',
    String(regionMos(cases)),
    '--profile',
    'region',
  ]);
  const zips = readdirSync(join(dir, 'registers')).filter((f) => f.endsWith('.zip'));
  const months = [...new Set(zips.map((f) => /_(\d{4})\.zip$/.exec(f)?.[1] ?? ''))].sort();
  const of = (m: string) => zips.filter((f) => f.endsWith(`_${m}.zip`)).map((f) => join(dir, 'registers', f));
  omsx(['ingest', ...of(months[0]), '--json'], env); // the first month: history only
  const cal0 = calibrationMs();
  const ing = timed(['ingest', ...of(months[1]), '--json', '--stats'], env);
  const ingested = JSON.parse(ing.out) as { cases: number; accepted: number; stats: { elapsedMs: number; peakRssMb: number } };
  const period = `20${months[1].slice(0, 2)}-${months[1].slice(2)}`;
  const feat = timed(['features', '--period', period, '--json'], env);
  const computed = JSON.parse(feat.out) as { cases: number; ms: number };
  const score = timed(['score', '--period', period, '--json'], env);
  const scored = JSON.parse(score.out) as { acceptedCases: number; versions: { version: string; cases: number; ms?: number }[] };
  console.log(
    JSON.stringify({
      bench: 'features',
      period,
      cases: ingested.cases,
      accepted: ingested.accepted,
      ingest: {
        seconds: +(ingested.stats.elapsedMs / 1000).toFixed(2),
        processSeconds: ing.seconds,
        casesPerSec: Math.round(ingested.cases / (ingested.stats.elapsedMs / 1000)),
        peakRssMb: ingested.stats.peakRssMb,
      },
      features: {
        cases: computed.cases,
        seconds: +(computed.ms / 1000).toFixed(2),
        processSeconds: feat.seconds,
        casesPerSec: Math.round(computed.cases / (computed.ms / 1000)),
        peakRssMb: feat.peakRssMb,
      },
      score: {
        cases: scored.acceptedCases,
        versions: scored.versions.map((v) => v.version),
        processSeconds: score.seconds,
        casesPerSec: Math.round(scored.acceptedCases / score.seconds),
        peakRssMb: score.peakRssMb,
      },
      featuresPlusScoreSeconds: +(feat.seconds + score.seconds).toFixed(2),
      ingestProcessSeconds: ing.seconds,
      goalMet: feat.seconds + score.seconds <= ing.seconds,
      calibrationMs: [cal0, calibrationMs()],
    }),
  );
} finally {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await c.end();
  rmSync(dir, { recursive: true, force: true });
}
