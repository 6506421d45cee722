/**
 * Money as integer kopecks. Register sums are decimals with up to 2 places (N(15,2)); they are
 * parsed exactly from their text, never through floating point. Safe up to 2^53 kopecks (~9·10^13 RUB).
 */

const MONEY = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

/**
 * '115.09' → 11509; '144782' → 14478200; undefined for anything that is not a money amount — also for a
 * value that is not text at all (a repeated element read as a list), which FLK reports on its own.
 */
export function toKopecks(text: string | undefined): number | undefined {
  if (typeof text !== 'string') return undefined;
  const m = MONEY.exec(text.trim());
  if (!m) return undefined;
  const k = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -k : k;
}

/** 11509 → '115.09'. */
export function formatKopecks(k: number): string {
  const sign = k < 0 ? '-' : '';
  const a = Math.abs(k);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/** Rounds a real amount of kopecks half-up (away from zero) to a whole kopeck. */
export function roundKopecks(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x) + 1e-9);
}
