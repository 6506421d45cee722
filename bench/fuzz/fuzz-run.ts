/** A range of the fuzz run (inputs `from`..`to` of a seed), with its figures. Each input's randomness is its own. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Rng } from '../../src/synth/rng.js';
import { loadSeeds, mutated, readRegister, type Seed } from './fuzz-core.js';

export interface FuzzStats {
  tried: number;
  stored: number;
  refused: Record<string, number>;
  crashes: { input: number; file: string; applied: string[]; error: string; saved: string }[];
  /** The slowest input, ms. */
  slowestMs: number;
  slowest: string;
  bytes: number;
}

let seeds: Seed[] | undefined;
export const CRASH_DIR = join(tmpdir(), 'omsx-fuzz-crashes');

/** The randomness of input `i` of run `seed` (a crash is replayed from these two numbers alone). */
export const inputRng = (seed: number, i: number) => new Rng((Math.imul(seed, 0x9e3779b1) ^ i) >>> 0);

/** Loads the seed registers (once per thread) and the check suite. */
export async function prepareSeeds(): Promise<Seed[]> {
  seeds ??= await loadSeeds();
  await readRegister(Buffer.from(seeds[0].text, 'latin1'), seeds[0].name);
  return seeds;
}

export async function fuzzRange(seed: number, from: number, to: number, progress?: (done: number) => void): Promise<FuzzStats> {
  const seeds = await prepareSeeds();
  const s: FuzzStats = { tried: 0, stored: 0, refused: {}, crashes: [], slowestMs: 0, slowest: '', bytes: 0 };
  for (let i = from; i < to; i++) {
    const r = inputRng(seed, i);
    const m = mutated(seeds, r);
    const chunk = r.next() < 0.2 ? Math.max(m.bytes.length > 1 << 16 ? 4096 : 1, Math.floor(r.next() * 4096)) : 1 << 16;
    const t = performance.now();
    const o = await readRegister(m.bytes, m.name, chunk);
    const ms = performance.now() - t;
    if (ms > s.slowestMs) {
      s.slowestMs = ms;
      s.slowest = `input ${i} (${m.applied.join('+')}, ${m.bytes.length} bytes)`;
    }
    s.tried++;
    s.bytes += m.bytes.length;
    if (o.kind === 'stored') s.stored++;
    else if (o.kind === 'refused') s.refused[o.reason] = (s.refused[o.reason] ?? 0) + 1;
    else {
      mkdirSync(CRASH_DIR, { recursive: true });
      const saved = join(CRASH_DIR, `seed${seed}-input${i}-${m.name}`);
      writeFileSync(saved, m.bytes);
      const e = o.error as Error;
      s.crashes.push({ input: i, file: m.name, applied: m.applied, error: `${e?.name}: ${e?.message}`.slice(0, 300), saved });
    }
    if (progress && (i - from) % 1000 === 999) progress(i - from + 1);
  }
  return s;
}
