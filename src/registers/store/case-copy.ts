/**
 * The COPY text of a batch's accepted records as UTF-8 bytes, built where the records are checked (a
 * worker thread) and handed to the main thread without a copy (the buffers are transferred). The main
 * thread then only fills in the ids and passes the bytes to COPY: no joining, no re-encoding, no
 * strings to clone or collect.
 *
 * Ids are drawn by the main thread from the sequences when the batch is written, so every line starts
 * with fixed-width placeholders of zeros (`ID_WIDTH` digits) that {@link fillIds} overwrites in place,
 * right-aligned: PostgreSQL reads `0000000000000000042` as 42.
 *   case:     id \t register_file_id \t <caseValues().caseValues>
 *   sub_case: id \t case_id \t <one of caseValues().subValues>
 *   sank:     case_id \t <one of caseValues().sankValues>
 */
import { caseValues, type RowContext } from './case-rows.js';
import { copyText } from '../../db/sql.port.js';
import type { Zap } from '../model.js';

/** Digits of an id placeholder: a bigint has at most 19. */
export const ID_WIDTH = 19;
const PLACEHOLDER = '0'.repeat(ID_WIDTH) + '\t';
const ONE_ID = Buffer.from(PLACEHOLDER, 'latin1');
const TWO_IDS = Buffer.from(PLACEHOLDER + PLACEHOLDER, 'latin1');

/**
 * COPY bytes of n accepted records. Line starts: case line of record r at `caseAt[r]` (`caseAt[n]` is
 * the end); its sub-case lines are `subOf[r] … subOf[r+1]-1`, line k at `subAt[k]`; sanctions likewise.
 */
export interface CaseCopy {
  cases: Uint8Array;
  subs: Uint8Array;
  sanks: Uint8Array;
  caseAt: Int32Array;
  subAt: Int32Array;
  subOf: Int32Array;
  sankAt: Int32Array;
  sankOf: Int32Array;
}

/** Byte sizes of the three tables' COPY text. */
export interface CopySizes {
  cases: number;
  subs: number;
  sanks: number;
}

/** The byte sizes of a CaseCopy. */
export const copySizes = (c: CaseCopy): CopySizes => ({ cases: c.cases.length, subs: c.subs.length, sanks: c.sanks.length });

/** A growable byte buffer that owns its ArrayBuffer (so it can be transferred to another thread). */
class ByteSink {
  private buf: Buffer;
  len = 0;
  constructor(capacity: number) {
    this.buf = Buffer.allocUnsafeSlow(capacity);
  }
  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
  /** One COPY line of `values` (escaped by copyText), written piece by piece: the line is never built as a string. */
  line(values: readonly unknown[]): void {
    for (let i = 0; i < values.length; i++) {
      const s = copyText(values[i]);
      this.room(s.length * 3 + 1);
      const buf = this.buf;
      let at = this.len;
      if (i) buf[at++] = 9; // \t
      if (s.length <= 24) {
        // short values (codes, dates, numbers) are nearly always ASCII: copied by hand, cheaper than a call into the encoder
        let j = 0;
        for (; j < s.length; j++) {
          const c = s.charCodeAt(j);
          if (c > 0x7f) break;
          buf[at + j] = c;
        }
        this.len = j === s.length ? at + j : at + buf.write(s, at, 'utf8');
      } else this.len = at + buf.write(s, at, 'utf8');
    }
    this.room(1);
    this.buf[this.len++] = 10; // \n
  }
  done(): Uint8Array {
    return new Uint8Array(this.buf.buffer, this.buf.byteOffset, this.len);
  }
}

/** Collects the COPY bytes of the accepted records of one batch. */
export class CaseCopyBuilder {
  private readonly cases: ByteSink;
  private readonly subs: ByteSink;
  private readonly sanks: ByteSink;
  private readonly caseAt: number[] = [];
  private readonly subAt: number[] = [];
  private readonly subOf: number[] = [];
  private readonly sankAt: number[] = [];
  private readonly sankOf: number[] = [];

  /** Initial buffer sizes: growing one costs a copy, so callers that can guess the size give it. */
  constructor(capacity: CopySizes = { cases: 1 << 20, subs: 1 << 20, sanks: 1 << 12 }) {
    this.cases = new ByteSink(Math.max(256, capacity.cases));
    this.subs = new ByteSink(Math.max(256, capacity.subs));
    this.sanks = new ByteSink(Math.max(256, capacity.sanks));
  }

  /** Adds an accepted record's lines (with id placeholders). */
  add(zap: Zap, ctx: RowContext): void {
    const v = caseValues(zap, ctx);
    this.caseAt.push(this.cases.len);
    this.cases.bytes(TWO_IDS);
    this.cases.line(v.caseValues);
    this.subOf.push(this.subAt.length);
    for (const l of v.subValues) {
      this.subAt.push(this.subs.len);
      this.subs.bytes(TWO_IDS);
      this.subs.line(l);
    }
    this.sankOf.push(this.sankAt.length);
    for (const l of v.sankValues) {
      this.sankAt.push(this.sanks.len);
      this.sanks.bytes(ONE_ID);
      this.sanks.line(l);
    }
  }

  /** Adds record `r` of another CaseCopy, as it is. */
  addFrom(c: CaseCopy, r: number): void {
    this.caseAt.push(this.cases.len);
    this.cases.bytes(c.cases.subarray(c.caseAt[r], c.caseAt[r + 1]));
    this.subOf.push(this.subAt.length);
    for (let k = c.subOf[r]; k < c.subOf[r + 1]; k++) {
      this.subAt.push(this.subs.len);
      this.subs.bytes(c.subs.subarray(c.subAt[k], c.subAt[k + 1]));
    }
    this.sankOf.push(this.sankAt.length);
    for (let k = c.sankOf[r]; k < c.sankOf[r + 1]; k++) {
      this.sankAt.push(this.sanks.len);
      this.sanks.bytes(c.sanks.subarray(c.sankAt[k], c.sankAt[k + 1]));
    }
  }

  finish(): CaseCopy {
    const ends = (at: number[], end: number) => {
      const a = new Int32Array(at.length + 1);
      a.set(at);
      a[at.length] = end;
      return a;
    };
    return {
      cases: this.cases.done(),
      subs: this.subs.done(),
      sanks: this.sanks.done(),
      caseAt: ends(this.caseAt, this.cases.len),
      subAt: ends(this.subAt, this.subs.len),
      subOf: ends(this.subOf, this.subAt.length),
      sankAt: ends(this.sankAt, this.sanks.len),
      sankOf: ends(this.sankOf, this.sankAt.length),
    };
  }
}

/** The COPY text of `rows` (column values, escaped by copyText) as UTF-8 bytes. */
export function copyBytes(rows: readonly (readonly unknown[])[]): Uint8Array {
  const sink = new ByteSink(Math.max(1024, rows.length * 256));
  for (const r of rows) sink.line(r);
  return sink.done();
}

/** The buffers of a CaseCopy, for postMessage's transfer list. */
export function transferables(c: CaseCopy): ArrayBuffer[] {
  const all = [c.cases, c.subs, c.sanks, c.caseAt, c.subAt, c.subOf, c.sankAt, c.sankOf].map((a) => a.buffer as ArrayBuffer);
  return [...new Set(all)];
}

/** Records in a CaseCopy. */
export const recordCount = (c: CaseCopy): number => c.caseAt.length - 1;
/** Sub-case lines in a CaseCopy. */
export const subCount = (c: CaseCopy): number => c.subAt.length - 1;

/** A CaseCopy without the records whose indexes are in `drop` (a repeated N_ZAP found on the main thread: rare). */
export function withoutRecords(c: CaseCopy, drop: ReadonlySet<number>): CaseCopy {
  const b = new CaseCopyBuilder(copySizes(c));
  for (let r = 0; r < recordCount(c); r++) if (!drop.has(r)) b.addFrom(c, r);
  return b.finish();
}

/** Writes an id's decimal digits right-aligned into the placeholder at `at`. */
function putId(buf: Uint8Array, at: number, id: string): void {
  if (id.length > ID_WIDTH || !/^\d+$/.test(id)) throw new Error(`not an id: ${id}`);
  const start = at + ID_WIDTH - id.length;
  buf.fill(0x30, at, start);
  for (let i = 0; i < id.length; i++) buf[start + i] = id.charCodeAt(i);
}

/**
 * Fills in the ids of a CaseCopy's lines: case ids `caseIds[firstCase …]`, sub-case ids
 * `subIds[firstSub …]`, and the file's id. Returns the next indexes into both arrays.
 */
export function fillIds(
  c: CaseCopy,
  fileId: string,
  caseIds: readonly string[],
  firstCase: number,
  subIds: readonly string[],
  firstSub: number,
): [nextCase: number, nextSub: number] {
  let s = firstSub;
  for (let r = 0; r < recordCount(c); r++) {
    const id = caseIds[firstCase + r];
    putId(c.cases, c.caseAt[r], id);
    putId(c.cases, c.caseAt[r] + ID_WIDTH + 1, fileId);
    for (let k = c.subOf[r]; k < c.subOf[r + 1]; k++) {
      putId(c.subs, c.subAt[k], subIds[s++]);
      putId(c.subs, c.subAt[k] + ID_WIDTH + 1, id);
    }
    for (let k = c.sankOf[r]; k < c.sankOf[r + 1]; k++) putId(c.sanks, c.sankAt[k], id);
  }
  return [firstCase + recordCount(c), s];
}
