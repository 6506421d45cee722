/**
 * Rows in PostgreSQL's binary COPY format, written into a growable buffer that owns its memory (so a
 * worker thread can transfer it). The server reads binary values without parsing text: loading the
 * 100k bench's cases, sub-cases and persons with psql, binary against text, 2.9–3.1 → 2.3–2.6 s
 * (README, Benchmarks). json goes as its text (its binary form is the text; the server still checks it).
 *
 * A row is a field count (int16), then per field a byte length (int32, -1 for NULL) and the bytes.
 * The stream starts with {@link COPY_BINARY_HEADER} and ends with {@link COPY_BINARY_TRAILER}
 * (SqlPort.copyIn adds both).
 */

import { ByteWriter } from './byte-writer.js';
import { isoDays } from '../calendar.js';

/**
 * The column types written here. `numeric(p,s)`: a column with a precision, whose limit is checked here (a value
 * with more integer digits than p − s, after rounding to s places, is a BinaryValueError, not a refused COPY).
 */
export type BinaryType = 'int8' | 'int4' | 'text' | 'date' | 'numeric' | `numeric(${number},${number})` | 'json';

/** Signature, flags (0) and header extension length (0). */
export const COPY_BINARY_HEADER = Uint8Array.from([...Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), 0, 0, 0, 0, 0, 0, 0, 0]);
/** A field count of -1. */
export const COPY_BINARY_TRAILER = Uint8Array.from([0xff, 0xff]);

/** A bad value for its column: the caller names the file and record (and, when it knows it, the column). */
export class BinaryValueError extends Error {
  constructor(
    message: string,
    /** The column, once a caller that knows it has named it. */
    readonly column?: string,
    /** The value as given. */
    readonly value?: string,
  ) {
    super(message);
  }
}

const limits = new Map<string, [intDigits: number, scale: number]>();
/** The integer digits and the scale of a `numeric(p,s)` type. */
function numericLimit(type: string): [number, number] {
  let l = limits.get(type);
  if (!l) {
    const m = /^numeric\((\d+),(\d+)\)$/.exec(type);
    if (!m) throw new Error(`not a numeric type: ${type}`);
    l = [Number(m[1]) - Number(m[2]), Number(m[2])];
    limits.set(type, l);
  }
  return l;
}

/**
 * Whether the decimal text `v` (`-?\d+(\.\d+)?`) fits a `numeric(p,s)` column: at most p − s integer digits once
 * rounded to s places (PostgreSQL rounds half away from zero: 99.995 in numeric(4,2) is 100.00 and does not fit).
 */
export function fitsNumeric(v: string, type: `numeric(${number},${number})`): boolean {
  const [intDigits, scale] = numericLimit(type);
  const start = v.charCodeAt(0) === 45 ? 1 : 0;
  const dot = v.indexOf('.');
  const intEnd = dot < 0 ? v.length : dot;
  let s = start;
  while (s < intEnd - 1 && v.charCodeAt(s) === 48) s++;
  const digits = intEnd - s === 1 && v.charCodeAt(s) === 48 ? 0 : intEnd - s;
  if (digits < intDigits) return true;
  if (digits > intDigits) return false;
  // exactly the limit: it overflows only when rounding carries into a new digit (all nines, then a carry)
  for (let i = s; i < intEnd; i++) if (v.charCodeAt(i) !== 57) return true;
  if (dot < 0) return true;
  for (let i = dot + 1; i <= dot + scale; i++) if (i >= v.length || v.charCodeAt(i) !== 57) return true;
  const next = dot + scale + 1;
  return next >= v.length || v.charCodeAt(next) < 53;
}

/** Days from 1970-01-01 to 2000-01-01, PostgreSQL's date epoch. */
const PG_EPOCH_DAYS = 10_957;

/** PostgreSQL's date (days since 2000-01-01) of an ISO date text; throws for anything but a real calendar date. */
export function pgDate(v: string): number {
  const days = isoDays(v);
  if (days === undefined) throw new BinaryValueError(`not a date: "${v}"`);
  return days - PG_EPOCH_DAYS;
}

/** Big-endian int32 at `at` (by hand: Buffer's writeInt32BE checks its arguments on every call). */
function i32(b: Uint8Array, at: number, n: number): void {
  b[at] = n >>> 24;
  b[at + 1] = n >>> 16;
  b[at + 2] = n >>> 8;
  b[at + 3] = n;
}
function i16(b: Uint8Array, at: number, n: number): void {
  b[at] = n >>> 8;
  b[at + 1] = n;
}

/** Base-10000 digits of one numeric value (a register's decimals have a few; a longer one grows it). */
let scratch = new Int16Array(64);

/** A growable byte buffer of binary COPY rows. */
export class BinaryRows extends ByteWriter {
  /** Starts a row of n fields. */
  row(n: number): void {
    this.room(2);
    i16(this.buf, this.len, n);
    this.len += 2;
  }
  /** An int8 field of 0, to be overwritten in place ({@link putInt8}). */
  int8Slot(): void {
    this.room(12);
    const b = this.buf;
    const at = this.len;
    i32(b, at, 8);
    for (let k = at + 4; k < at + 12; k++) b[k] = 0;
    this.len = at + 12;
  }
  /** One field of the given type; null and undefined are NULL. */
  value(v: unknown, type: BinaryType): void {
    if (v === null || v === undefined) {
      this.room(4);
      i32(this.buf, this.len, -1);
      this.len += 4;
      return;
    }
    switch (type) {
      case 'text':
        return this.text(typeof v === 'string' ? v : String(v));
      case 'json':
        return this.json(v);
      case 'int4': {
        const n = typeof v === 'number' ? v : Number(v);
        if (!Number.isInteger(n) || n < -0x80000000 || n > 0x7fffffff) throw new BinaryValueError(`not an integer (int4): "${String(v)}"`);
        return this.int32(n);
      }
      case 'int8':
        this.int8Slot();
        return putInt8(this.buf, this.len - 8, String(v));
      case 'date':
        return this.int32(pgDate(String(v)));
      case 'numeric':
        return this.numeric(String(v));
      default: {
        const text = String(v);
        this.numeric(text);
        if (!fitsNumeric(text, type)) throw new BinaryValueError(`"${text}" is larger than ${type} holds`);
      }
    }
  }
  /** A 4-byte field. */
  private int32(n: number): void {
    this.room(8);
    const b = this.buf;
    i32(b, this.len, 4);
    i32(b, this.len + 4, n);
    this.len += 8;
  }
  /**
   * A numeric field of a decimal text (`-?\d+(\.\d+)?`): digits of base 10000 from the text's characters, leading
   * and trailing zero digits left out, the scale as written (PostgreSQL then applies the column's).
   */
  private numeric(v: string): void {
    const n = v.length;
    const neg = v.charCodeAt(0) === 45;
    const intStart = neg ? 1 : 0;
    let dot = -1;
    for (let i = intStart; i < n; i++) {
      const c = v.charCodeAt(i);
      if (c === 46 && dot < 0) dot = i;
      else if (c < 48 || c > 57) throw new BinaryValueError(`not a decimal number: "${v}"`);
    }
    const intEnd = dot < 0 ? n : dot;
    if (intEnd === intStart || dot === n - 1) throw new BinaryValueError(`not a decimal number: "${v}"`);
    const fracStart = dot < 0 ? n : dot + 1;
    const dscale = n - fracStart;
    let s = intStart;
    while (s < intEnd && v.charCodeAt(s) === 48) s++;
    // groups of four digits: the integer part right-aligned in whole groups, then the fraction left-aligned
    const intGroups = (intEnd - s + 3) >> 2;
    const groups = intGroups + ((dscale + 3) >> 2);
    if (groups > scratch.length) scratch = new Int16Array(groups * 2);
    const g = scratch;
    let p = intEnd - intGroups * 4; // place of the first group's first digit (before s: a leading zero)
    for (let k = 0; k < intGroups; k++) {
      let d = 0;
      for (let j = 0; j < 4; j++, p++) d = d * 10 + (p >= s ? v.charCodeAt(p) - 48 : 0);
      g[k] = d;
    }
    p = fracStart;
    for (let k = intGroups; k < groups; k++) {
      let d = 0;
      for (let j = 0; j < 4; j++, p++) d = d * 10 + (p < n ? v.charCodeAt(p) - 48 : 0);
      g[k] = d;
    }
    let first = 0;
    let last = groups;
    while (first < last && g[first] === 0) first++;
    while (last > first && g[last - 1] === 0) last--;
    const ndigits = last - first;
    this.room(12 + 2 * ndigits);
    const b = this.buf;
    let at = this.len;
    i32(b, at, 8 + 2 * ndigits);
    i16(b, at + 4, ndigits);
    i16(b, at + 6, ndigits ? intGroups - 1 - first : 0);
    i16(b, at + 8, neg && ndigits ? 0x4000 : 0);
    i16(b, at + 10, dscale);
    at += 12;
    for (let k = first; k < last; k++, at += 2) i16(b, at, g[k]);
    this.len = at;
  }
  /** A json field: the value's JSON text (ByteWriter.jsonValue) after its length. */
  private json(v: unknown): void {
    this.room(4);
    const start = this.len + 4;
    this.len = start;
    this.jsonValue(v);
    i32(this.buf, start - 4, this.len - start);
  }
  /** A text field: its UTF-8 bytes after their length. */
  private text(s: string): void {
    this.room(4 + s.length * 3);
    const start = this.len + 4;
    const end = this.utf8(s, start);
    i32(this.buf, this.len, end - start);
    this.len = end;
  }
}

/** Binary COPY rows of `rows`, each holding values of `types`. */
export function binaryRows(rows: readonly (readonly unknown[])[], types: readonly BinaryType[]): Uint8Array {
  const b = new BinaryRows(Math.max(1024, rows.length * 256));
  for (const r of rows) {
    b.row(r.length);
    for (let i = 0; i < r.length; i++) b.value(r[i], types[i]);
  }
  return b.done();
}

/** Writes an id (decimal digits) into an int8 slot of a binary row buffer. */
export function putInt8(buf: Uint8Array, at: number, id: string): void {
  if (id.length > 19 || !/^\d+$/.test(id)) throw new Error(`not an id: ${id}`);
  const n = Number(id);
  if (n <= Number.MAX_SAFE_INTEGER) {
    i32(buf, at, Math.floor(n / 0x1_0000_0000));
    i32(buf, at + 4, n % 0x1_0000_0000);
  } else new DataView(buf.buffer, buf.byteOffset, buf.byteLength).setBigInt64(at, BigInt(id));
}
