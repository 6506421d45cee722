/**
 * Register file names (spec §2): H/C/T main files, D* dispensarisation files and their L-files.
 * `HM750096T75_21041`: H-file from MO 750096 to TFOMS 75, period 21-04, packet 1.
 */
import type { FileKind } from '../elements.js';

const MAIN = /^(H|C|T|D[A-Z])([MST])(.*)$/i;
const L_FILE = /^L([A-Z]?)([MST])(.*)$/i;

/** Kind of a register file by its name, or undefined when the name is not a register name. */
export function kindFromName(name: string): FileKind | undefined {
  const base = baseName(name);
  if (L_FILE.test(base) && !/^LPU/i.test(base)) return 'L';
  const m = MAIN.exec(base);
  if (!m) return undefined;
  const k = m[1].toUpperCase();
  return k.startsWith('D') ? 'D' : (k as FileKind);
}

export function baseName(name: string): string {
  return (name.split(/[\\/]/).pop() ?? name).replace(/\.(xml|zip)$/i, '');
}

/**
 * The L-file name that pairs with a main file: HM… → LM…, CM… → LM… (same suffix), TM… → LTM…,
 * DPM… → LPM… (D + letter → L + letter).
 */
export function lNameCandidates(mainName: string): string[] {
  const base = baseName(mainName);
  const m = MAIN.exec(base);
  if (!m) return [];
  const k = m[1].toUpperCase();
  const rest = m[2] + m[3];
  if (k === 'T') return ['LT' + rest, 'L' + rest];
  if (k.startsWith('D')) return ['L' + k[1] + rest, 'L' + rest];
  return ['L' + rest];
}
