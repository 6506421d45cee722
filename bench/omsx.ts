/**
 * What the benchmarks share: running the omsx CLI in a child process, generating the synthetic region they load, and
 * a measure of the machine's speed at the time.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';

/** Runs `omsx <args>` (bin/omsx.js) with extra environment; returns its stdout. Exit 2 (a package rejected) is not a failure. */
export function omsx(args: string[], env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync(process.execPath, ['bin/omsx.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0 && r.status !== 2) throw new Error(`omsx ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return r.stdout;
}

/** MOs of a synthetic region of `cases` cases: ~20 000 cases each, 5 to 60. */
export const regionMos = (cases: number) => Math.max(5, Math.min(60, Math.round(cases / 20_000)));

/**
 * A synthetic region of `months` months (default one) of `cases` cases each (seed 7) written to `dir` (registers in
 * `dir`/registers). Months after the first carry corrected registers and the past expertise's SANK.
 */
export function synthRegion(dir: string, cases: number, months = 1): void {
  omsx([
    'synth',
    '--out',
    dir,
    '--seed',
    '7',
    '--months',
    String(months),
    '--cases-per-month',
    String(cases),
    '--mos',
    String(regionMos(cases)),
    '--profile',
    'region',
  ]);
}

/**
 * The machine's speed now: milliseconds of a fixed single-threaded workload (JSON and SHA-256 over the same data),
 * best of 15. This machine's speed drifts by ±20–30 % over minutes; printed beside a result, it tells a slow phase
 * from slower code (a run twice as fast with the same calibration is the code).
 */
export function calibrationMs(): number {
  const rows = Array.from({ length: 20_000 }, (_, i) => ({
    N_ZAP: String(i),
    DS1: 'J18.9',
    SUMV: '1234.50',
    USL: [{ CODE: 'B01.001', KOL: '1' }],
  }));
  let best = Infinity;
  for (let k = 0; k < 15; k++) {
    const t = performance.now();
    const text = JSON.stringify(rows);
    const back = JSON.parse(text) as unknown[];
    createHash('sha256').update(text).update(String(back.length)).digest('hex');
    best = Math.min(best, performance.now() - t);
  }
  return +best.toFixed(1);
}

/**
 * CPU seconds the whole machine has spent busy so far (all processes: omsx, PostgreSQL, the rest), from
 * /proc/stat; undefined where there is none. The difference over a run, less omsx's own CPU, is mostly PostgreSQL's.
 */
export function machineBusySeconds(): number | undefined {
  if (!existsSync('/proc/stat')) return undefined;
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal …: busy = all but idle and iowait
  const [user, nice, system, , , irq, softirq, steal] = cpu;
  return (user + nice + system + irq + softirq + steal) / 100; // USER_HZ is 100 on Linux
}
