/**
 * Money as integer kopecks. Register sums are decimals with up to 2 places (N(15,2)); they are
 * parsed exactly from their text, never through floating point. Safe up to 2^53 kopecks (~9·10^13 RUB).
 */

/**
 * '115.09' → 11509; '144782' → 14478200; undefined for anything that is not a money amount — also for a
 * value that is not text at all (a repeated element read as a list), which FLK reports on its own.
 */
export function toKopecks(text: string | undefined): number | undefined {
  if (typeof text !== 'string') return undefined;
  // by hand, for speed (called for every sum of every record); test/tariffs/money.test.ts holds it to /^(-?)(\d+)(?:\.(\d{1,2}))?$/
  const s = text.trim();
  const neg = s.charCodeAt(0) === 45; // -
  const start = neg ? 1 : 0;
  let i = start;
  while (i < s.length && isDigit(s.charCodeAt(i))) i++;
  if (i === start) return undefined;
  let cents = 0;
  if (i < s.length) {
    const places = s.length - i - 1;
    if (s.charCodeAt(i) !== 46 || places < 1 || places > 2) return undefined; // .
    for (let j = i + 1; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (!isDigit(c)) return undefined;
      cents = cents * 10 + (c - 48);
    }
    if (places === 1) cents *= 10;
  }
  const k = Number(s.slice(start, i)) * 100 + cents;
  return neg ? -k : k;
}

const isDigit = (c: number) => c >= 48 && c <= 57;

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
