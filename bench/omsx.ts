/**
 * What the benchmarks share: running the omsx CLI in a child process, and generating the synthetic region they load.
 */
import { spawnSync } from 'node:child_process';

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

/** A synthetic region of one month of `cases` cases (seed 7) written to `dir` (registers in `dir`/registers). */
export function synthRegion(dir: string, cases: number): void {
  omsx([
    'synth',
    '--out',
    dir,
    '--seed',
    '7',
    '--months',
    '1',
    '--cases-per-month',
    String(cases),
    '--mos',
    String(regionMos(cases)),
    '--profile',
    'region',
  ]);
}
