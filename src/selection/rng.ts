import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';

/** A seeded generator of uniform integers (pure-rand), one per worklist. */
export interface Rng {
  /** Uniform integer in [from, to]. */
  int(from: number, to: number): number;
}

/** FNV-1a of a text, as an unsigned 32-bit number: derives a worklist's seed from the run's seed and its key. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The generator of one worklist: the same for a seed and key whatever else is selected in the run. */
export function worklistRng(seed: number, key: string): Rng {
  const g = xoroshiro128plus((hash32(`${seed}|${key}`) ^ seed) | 0);
  return { int: (from, to) => uniformInt(g, from, to) };
}
