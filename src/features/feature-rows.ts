/**
 * `case_feature` rows on the wire: written in PostgreSQL's binary COPY format, read back into `FeatureRow`s. Pure
 * (no I/O): the repository (features.repo.ts) and the training data (ml/train.data.ts) both use it.
 */
import type { FeatureRow } from './feature-spec.js';

export const FEATURE_COLUMNS = ['case_id', 'spec_version', 'year', 'month', 'smo', 'code_mo', 'usl_ok', 'num', 'cat'] as const;
const FLOAT4_OID = 700;
const TEXT_OID = 25;

/**
 * case_feature rows in binary COPY format (rows only: SqlPort.copyIn adds the header and trailer): the server reads
 * the float4 and text arrays without parsing text.
 */
export function featureRowsBinary(specVersion: string, rows: readonly FeatureRow[]): Uint8Array {
  let buf = Buffer.allocUnsafe(Math.max(1024, rows.length * 1024));
  let at = 0;
  const room = (n: number) => {
    if (at + n <= buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(buf.length * 2, at + n));
    buf.copy(next, 0, 0, at);
    buf = next;
  };
  const i32 = (n: number) => {
    room(4);
    at = buf.writeInt32BE(n, at);
  };
  const text = (v: string | null) => {
    if (v === null) return i32(-1);
    const n = Buffer.byteLength(v);
    room(4 + n);
    at = buf.writeInt32BE(n, at);
    at += buf.write(v, at, 'utf8');
  };
  const int4 = (v: number | null) => {
    if (v === null) return i32(-1);
    i32(4);
    i32(v);
  };
  for (const r of rows) {
    room(2 + 12);
    at = buf.writeInt16BE(FEATURE_COLUMNS.length, at);
    at = buf.writeInt32BE(8, at);
    at = buf.writeBigInt64BE(BigInt(r.caseId), at);
    text(specVersion);
    int4(r.year);
    int4(r.month);
    text(r.smo);
    text(r.codeMo);
    int4(r.uslOk);
    // float4[]: dimensions, has-null flag, element type, length and lower bound, then (length, value) per element
    const n = r.num.length;
    i32(20 + n * 8);
    room(20 + n * 8);
    at = buf.writeInt32BE(1, at);
    at = buf.writeInt32BE(0, at);
    at = buf.writeInt32BE(FLOAT4_OID, at);
    at = buf.writeInt32BE(n, at);
    at = buf.writeInt32BE(1, at);
    for (let i = 0; i < n; i++) {
      at = buf.writeInt32BE(4, at);
      at = buf.writeFloatBE(r.num[i], at);
    }
    // text[]: its byte length is known once written
    const lenAt = at;
    i32(0);
    const start = at;
    i32(1);
    i32(r.cat.some((c) => c === null) ? 1 : 0);
    i32(TEXT_OID);
    i32(r.cat.length);
    i32(1);
    for (const c of r.cat) text(c);
    buf.writeInt32BE(at - start, lenAt);
  }
  return new Uint8Array(buf.buffer, buf.byteOffset, at);
}

/** A `case_feature` row as PostgreSQL returns it (`real[]` may come as text, a missing value as null). */
export interface StoredFeatureRow {
  case_id: string;
  year: number;
  month: number;
  smo: string | null;
  code_mo: string;
  usl_ok: number | null;
  num: (number | string | null)[];
  cat: (string | null)[];
}

/** The `FeatureRow` of a stored row: missing numbers become NaN. */
export function featureRowOf(r: StoredFeatureRow): FeatureRow {
  return {
    caseId: r.case_id,
    year: r.year,
    month: r.month,
    smo: r.smo,
    codeMo: r.code_mo,
    uslOk: r.usl_ok,
    num: Float32Array.from(r.num, (x) => (x === null ? NaN : Number(x))),
    cat: r.cat,
  };
}
