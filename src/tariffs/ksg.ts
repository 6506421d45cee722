/**
 * The KSG case cost (planning spec §4; register fields of KSG_KPG):
 *   cost = BZTSZ × KOEF_Z × KOEF_UP × KOEF_U × KOEF_D  (+ BZTSZ × KOEF_D × IT_SL when a difficulty coefficient applies)
 *   × KOEF_PR for an interrupted case paid in part (5.x).
 * Computed from the decimal texts with rational arithmetic (BigInt), rounded half-up to a kopeck once, at the end.
 */
import { toKopecks } from './money.js';

export interface KsgInput {
  /** Base rate BZTSZ (rubles, N(8,2)). */
  base: string;
  koefZ: string;
  koefUp: string;
  koefU: string;
  koefD: string;
  /** IT_SL: the applied difficulty coefficient (KSLP), when SL_K=1. */
  itSl?: string;
  /** KOEF_PR: share paid for an interrupted case. */
  koefPr?: string;
}

/** A decimal text as an exact fraction n / 10^s. */
function dec(text: string): { n: bigint; s: number } {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) throw new Error(`not a decimal: "${text}"`);
  const frac = m[3] ?? '';
  return { n: BigInt((m[1] ?? '') + m[2] + frac), s: frac.length };
}

function product(parts: string[]): { n: bigint; d: bigint } {
  let n = 1n;
  let d = 1n;
  for (const p of parts) {
    const x = dec(p);
    n *= x.n;
    d *= 10n ** BigInt(x.s);
  }
  return { n, d };
}

/** Rounds n/d (rubles) half-up to kopecks. */
function toKop(n: bigint, d: bigint): number {
  const k = n * 100n;
  const q = k / d;
  const r = k % d;
  return Number(r * 2n >= d ? q + 1n : q);
}

/** The KSG case cost in kopecks. */
export function ksgCaseCost(i: KsgInput): number {
  const main = product([i.base, i.koefZ, i.koefUp, i.koefU, i.koefD]);
  let n = main.n;
  let d = main.d;
  if (i.itSl && dec(i.itSl).n !== 0n) {
    const extra = product([i.base, i.koefD, i.itSl]);
    n = n * extra.d + extra.n * d;
    d = d * extra.d;
  }
  if (i.koefPr) {
    const pr = dec(i.koefPr);
    n *= pr.n;
    d *= 10n ** BigInt(pr.s);
  }
  return toKop(n, d);
}

/** True when a billed sum matches the formula within `toleranceKop` kopecks. */
export function matchesKsgCost(billed: string, i: KsgInput, toleranceKop = 1): boolean {
  const b = toKopecks(billed);
  return b !== undefined && Math.abs(b - ksgCaseCost(i)) <= toleranceKop;
}
