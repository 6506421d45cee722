/**
 * The COPY rows of a batch's accepted records as bytes, built where the records are checked (a worker
 * thread) and handed to the main thread without a copy (the buffers are transferred). The main thread
 * then only fills in the ids and passes the bytes to COPY: no joining, no re-encoding, no strings to
 * clone or collect.
 *
 * Cases and sub-cases are in binary COPY format (db/copy-binary.ts: the server reads numbers, dates and
 * decimals without parsing text), sanctions (rare, with text[] columns) in text format. Ids are drawn by
 * the main thread from the sequences when the batch is written, so every row starts with id slots that
 * {@link fillIds} overwrites in place: int8 fields of zero in a binary row, fixed-width placeholders of
 * zeros (`ID_WIDTH` digits, right-aligned: PostgreSQL reads `0000000000000000042` as 42) in a text line.
 *   case:     id, register_file_id, <caseValues().caseValues>          (binary)
 *   sub_case: id, case_id, <one of caseValues().subValues>             (binary)
 *   sank:     case_id \t <one of caseValues().sankValues>             (text)
 */
import {
  caseValues,
  CASE_COLUMNS,
  CASE_VALUE_TYPES,
  SANK_COLUMNS,
  SANK_SUM_TYPE,
  SUB_CASE_COLUMNS,
  SUB_CASE_VALUE_TYPES,
  type RowContext,
} from './case-rows.js';
import { copyText } from '../../db/sql.port.js';
import { BinaryRows, BinaryValueError, fitsNumeric, pgDate, putInt8, type BinaryType } from '../../db/copy-binary.js';
import { ByteWriter } from '../../db/byte-writer.js';
import type { Zap } from '../model.js';

/** Digits of an id placeholder: a bigint has at most 19. */
export const ID_WIDTH = 19;
const PLACEHOLDER = '0'.repeat(ID_WIDTH) + '\t';
const ONE_ID = Buffer.from(PLACEHOLDER, 'latin1');
/** Offsets of a binary row's two id values: after the field count (2 bytes) and each field's length (4). */
const FIRST_ID = 2 + 4;
const SECOND_ID = FIRST_ID + 8 + 4;

/** One binary row: two int8 id slots, then `values` as `types`; `columns` (ids first) name a bad value. */
function binaryRow(sink: BinaryRows, values: readonly unknown[], columns: readonly string[], types: readonly BinaryType[]): void {
  sink.row(values.length + 2);
  sink.int8Slot();
  sink.int8Slot();
  let i = 0;
  try {
    for (; i < values.length; i++) sink.value(values[i], types[i]);
  } catch (e) {
    throw e instanceof BinaryValueError ? new BinaryValueError(`${columns[i + 2]}: ${e.message}`, columns[i + 2], String(values[i])) : e;
  }
}

/**
 * The values of a sanction's text line that PostgreSQL could refuse (its other columns are text): a refused line
 * would fail the COPY of the whole file, so they are checked here as the binary rows are.
 */
function checkSank(l: readonly unknown[]): void {
  const at = (column: string, check: (v: string) => void) => {
    const v = l[SANK_COLUMNS.indexOf(column as (typeof SANK_COLUMNS)[number]) - 1];
    if (v === null || v === undefined) return;
    try {
      check(String(v));
    } catch (e) {
      throw e instanceof BinaryValueError ? new BinaryValueError(`${column}: ${e.message}`, column, String(v)) : e;
    }
  };
  at('s_sum', (v) => {
    if (!fitsNumeric(v, SANK_SUM_TYPE)) throw new BinaryValueError(`"${v}" is larger than ${SANK_SUM_TYPE} holds`);
  });
  for (const c of ['s_tip', 's_osn'])
    at(c, (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < -0x80000000 || n > 0x7fffffff) throw new BinaryValueError(`not an integer (int4): "${v}"`);
    });
  at('date_act', (v) => void pgDate(v));
}

/**
 * COPY bytes of n accepted records. Row starts: case row of record r at `caseAt[r]` (`caseAt[n]` is
 * the end); its sub-case rows are `subOf[r] … subOf[r+1]-1`, row k at `subAt[k]`; sanction lines likewise.
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

/** COPY text lines (the sanctions'), in a buffer that can be transferred to another thread. */
class ByteSink extends ByteWriter {
  /** One COPY line of `values` (escaped by copyText), written piece by piece: the line is never built as a string. */
  line(values: readonly unknown[]): void {
    for (let i = 0; i < values.length; i++) {
      const s = copyText(values[i]);
      this.room(s.length * 3 + 1);
      if (i) this.buf[this.len++] = 9; // \t
      this.len = this.utf8(s, this.len);
    }
    this.room(1);
    this.buf[this.len++] = 10; // \n
  }
}

/** Collects the COPY bytes of the accepted records of one batch. */
export class CaseCopyBuilder {
  private readonly cases: BinaryRows;
  private readonly subs: BinaryRows;
  private readonly sanks: ByteSink;
  private readonly caseAt: number[] = [];
  private readonly subAt: number[] = [];
  private readonly subOf: number[] = [];
  private readonly sankAt: number[] = [];
  private readonly sankOf: number[] = [];

  /** Initial buffer sizes: growing one costs a copy, so callers that can guess the size give it. */
  constructor(capacity: CopySizes = { cases: 1 << 20, subs: 1 << 20, sanks: 1 << 12 }) {
    this.cases = new BinaryRows(Math.max(256, capacity.cases));
    this.subs = new BinaryRows(Math.max(256, capacity.subs));
    this.sanks = new ByteSink(Math.max(256, capacity.sanks));
  }

  /**
   * Adds an accepted record's rows (with id slots). A value its column cannot hold (past the FLK: an element no
   * format rule covers, or a code table that is not loaded) throws a BinaryValueError naming the record and the
   * column, and leaves nothing of the record behind: the caller rejects that record and goes on.
   */
  add(zap: Zap, ctx: RowContext): void {
    const v = caseValues(zap, ctx);
    // where this record starts: a value that does not fit takes the record's rows back out, the builder stays whole
    const mark = [this.cases.len, this.subs.len, this.caseAt.length, this.subAt.length, this.subOf.length] as const;
    try {
      for (const l of v.sankValues) checkSank(l);
      this.caseAt.push(this.cases.len);
      binaryRow(this.cases, v.caseValues, CASE_COLUMNS, CASE_VALUE_TYPES);
      this.subOf.push(this.subAt.length);
      for (const l of v.subValues) {
        this.subAt.push(this.subs.len);
        binaryRow(this.subs, l, SUB_CASE_COLUMNS, SUB_CASE_VALUE_TYPES);
      }
    } catch (e) {
      if (!(e instanceof BinaryValueError)) throw e;
      [this.cases.len, this.subs.len] = mark;
      this.caseAt.length = mark[2];
      this.subAt.length = mark[3];
      this.subOf.length = mark[4];
      throw new BinaryValueError(`N_ZAP ${zap.N_ZAP ?? '?'}: ${e.message}`, e.column, e.value);
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
    putInt8(c.cases, c.caseAt[r] + FIRST_ID, id);
    putInt8(c.cases, c.caseAt[r] + SECOND_ID, fileId);
    for (let k = c.subOf[r]; k < c.subOf[r + 1]; k++) {
      putInt8(c.subs, c.subAt[k] + FIRST_ID, subIds[s++]);
      putInt8(c.subs, c.subAt[k] + SECOND_ID, id);
    }
    for (let k = c.sankOf[r]; k < c.sankOf[r + 1]; k++) putId(c.sanks, c.sankAt[k], id);
  }
  return [firstCase + recordCount(c), s];
}
