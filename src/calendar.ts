/**
 * ISO calendar dates as registers write them (`YYYY-MM-DD`). One definition for the FLK's date format (004F,
 * flk/mask.ts) and for the date columns of the binary COPY rows (db/copy-binary.ts): every date the FLK lets
 * through can be stored.
 */

/** The number of the digits v[from, to), or -1 when one is not a digit. */
function digitsAt(v: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Days from 1970-01-01 to a date of the proleptic Gregorian calendar (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/**
 * Days from 1970-01-01 of a date written `YYYY-MM-DD` in digits, a real calendar date from year 1; undefined for
 * anything else (year 0000, a sign or a space in a field, 2025-02-29).
 */
export function isoDays(v: string): number | undefined {
  if (v.length !== 10 || v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45) return undefined; // '-'
  const y = digitsAt(v, 0, 4);
  const m = digitsAt(v, 5, 7);
  const d = digitsAt(v, 8, 10);
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > (m === 2 && isLeap(y) ? 29 : MONTH_DAYS[m - 1])) return undefined;
  return daysFromCivil(y, m, d);
}

/** True for a real calendar date written `YYYY-MM-DD` (see {@link isoDays}). */
export const isIsoDate = (v: string): boolean => isoDays(v) !== undefined;

/**
 * A date written `YYYY-MM-DD` as a Russian document writes it, `dd.mm.yyyy` (`2025-08-25` → `25.08.2025`); anything
 * else as it is. For the text people read (acts, messages); machine formats (JSON, registers) keep ISO.
 */
export function ruDate(v: string): string {
  return v.length === 10 && v.charCodeAt(4) === 45 && v.charCodeAt(7) === 45 && isoDays(v) !== undefined
    ? `${v.slice(8, 10)}.${v.slice(5, 7)}.${v.slice(0, 4)}`
    : v;
}
