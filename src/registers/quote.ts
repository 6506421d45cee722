/**
 * Values quoted in findings and errors. A register's value can be megabytes long (a 16 MB NHISTORY) or carry
 * characters a message should not (a NUL in an XML declaration): a finding quotes at most QUOTE_MAX characters of
 * it, and what goes to the database never holds a NUL, which PostgreSQL cannot store in text or jsonb.
 */

/** Characters of a value quoted in a finding's message or kept as its value (FLK_P ZN_POL). */
export const QUOTE_MAX = 100;

/** `v` cut to `max` characters, the cut said with the full length. */
export function cut(v: string, max = QUOTE_MAX): string {
  return v.length <= max ? v : `${v.slice(0, max)}… (${v.length} симв.)`;
}

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const HAS_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** A value for a message: cut, and control characters written as `\uXXXX`. */
export function quote(v: string, max = QUOTE_MAX): string {
  const s = cut(v, max);
  return HAS_CONTROL.test(s) ? s.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : s;
}

/** Text PostgreSQL can store: a NUL becomes U+FFFD. */
export function storable(s: string): string {
  return s.indexOf('\0') < 0 ? s : s.replace(/\0/g, '\uFFFD');
}
