/**
 * Splits the bytes of a main register file at record boundaries so that several threads can parse
 * one file: the prefix (prolog, ZL_LIST, ZGLV, SCHET — everything before the first `<ZAP>`), then
 * segments of whole ZAP records, the last one carrying the rest of the file (`</ZL_LIST>`).
 * Works on bytes: the markup is ASCII in both windows-1251 and UTF-8, so no decoding is needed.
 * A `</ZAP>` inside a comment, CDATA section or processing instruction is not a boundary.
 * Each segment is parsed as `prefix + segment (+ "</ZL_LIST>")`, so a parser sees a whole document.
 */

const OPEN = Buffer.from('<ZAP>');
const CLOSE = Buffer.from('</ZAP>');
const BANG_START = Buffer.from('<!');
const PI_START = Buffer.from('<?');
const QUESTION = 0x3f;
const DASH = 0x2d;

export type SplitPart = { type: 'prefix'; bytes: Uint8Array } | { type: 'segment'; seq: number; bytes: Uint8Array; last: boolean };

export interface SplitOptions {
  /** Approximate segment size (default 1 MiB): a segment ends after the first `</ZAP>` past it. */
  segmentBytes?: number;
  /** Yield nothing (the caller reads the file whole) when no `<ZAP>` starts within this many bytes. */
  maxPrefixBytes?: number;
}

/** Where markup that may hide `</ZAP>` (comment, CDATA, PI, declaration) starting at `i` ends, or -1 when not yet in `buf`. */
function skipSpecial(buf: Buffer, i: number): number {
  if (buf[i + 1] === QUESTION) return end(buf, '?>', i + 2);
  if (buf.length < i + 9) return -1; // not enough bytes to tell a comment from CDATA
  if (buf[i + 2] === DASH && buf[i + 3] === DASH) return end(buf, '-->', i + 4);
  if (buf.toString('latin1', i, i + 9) === '<![CDATA[') return end(buf, ']]>', i + 9);
  return end(buf, '>', i + 2);
}
function end(buf: Buffer, terminator: string, from: number): number {
  const j = buf.indexOf(terminator, from, 'latin1');
  return j < 0 ? -1 : j + terminator.length;
}

/**
 * The first `token` at or after `from` that is not inside a comment, CDATA, PI or declaration, looking
 * for such markup from `pos` (a position known to be outside it). `at` is -1 when `buf` has no such
 * token yet; `pos` is then where to resume once more bytes have arrived.
 */
function findOutside(buf: Buffer, token: Buffer, pos: number, from: number): { at: number; pos: number } {
  for (;;) {
    const at = buf.indexOf(token, Math.max(pos, from));
    if (at < 0) return { at: -1, pos };
    const before = buf.subarray(pos, at);
    const a = before.indexOf(BANG_START);
    const q = before.indexOf(PI_START);
    const s = a < 0 ? q : q < 0 ? a : Math.min(a, q);
    if (s < 0) return { at, pos: at };
    const after = skipSpecial(buf, pos + s);
    if (after < 0) return { at: -1, pos: pos + s };
    pos = after;
  }
}

/**
 * Yields the prefix, then the segments in order. Returns without yielding anything when the file has no
 * `<ZAP>` within its first `maxPrefixBytes` (an empty or broken register: the caller reads it whole instead).
 */
export async function* splitRecords(chunks: AsyncIterable<Uint8Array>, o: SplitOptions = {}): AsyncGenerator<SplitPart> {
  const segmentBytes = o.segmentBytes ?? 1 << 20;
  const maxPrefix = o.maxPrefixBytes ?? 1 << 20;
  let buf = Buffer.alloc(0);
  const pending: Uint8Array[] = [];
  let pendingBytes = 0;
  /** Bytes needed in `buf` before the next search is worth it (chunks are joined only then). */
  let need = 0;
  let prefixDone = false;
  let pos = 0;
  let seq = 0;
  const join = () => {
    if (pending.length) buf = Buffer.concat([buf, ...pending]);
    pending.length = 0;
    pendingBytes = 0;
  };
  for await (const c of chunks) {
    pending.push(c);
    pendingBytes += c.length;
    if (buf.length + pendingBytes < need) continue;
    join();
    if (!prefixDone) {
      const r = findOutside(buf, OPEN, pos, 0);
      if (r.at < 0) {
        if (buf.length > maxPrefix) return;
        pos = r.pos;
        need = buf.length + 1;
        continue;
      }
      yield { type: 'prefix', bytes: new Uint8Array(buf.subarray(0, r.at)) };
      buf = buf.subarray(r.at);
      prefixDone = true;
      pos = 0;
      need = segmentBytes;
    }
    while (buf.length >= segmentBytes) {
      const r = findOutside(buf, CLOSE, pos, segmentBytes - CLOSE.length);
      if (r.at < 0) {
        pos = r.pos;
        need = buf.length + Math.max(1, Math.min(64 << 10, segmentBytes >> 4));
        break;
      }
      const cut = r.at + CLOSE.length;
      yield { type: 'segment', seq: seq++, bytes: new Uint8Array(buf.subarray(0, cut)), last: false };
      buf = buf.subarray(cut);
      pos = 0;
      need = segmentBytes;
    }
  }
  join();
  if (!prefixDone) return;
  yield { type: 'segment', seq: seq++, bytes: new Uint8Array(buf), last: true };
}

const ROOT_END = Buffer.from('</ZL_LIST>');

/**
 * A part of a split file as a whole document for the reader: the prefix, then the segment's records
 * and, unless it is the last segment (which carries the file's own end), a closing `</ZL_LIST>`.
 * Without a segment: the prefix alone, closed (the header).
 */
export async function* asDocument(prefix: Uint8Array, segment?: Uint8Array, last = false): AsyncGenerator<Uint8Array> {
  yield prefix;
  if (segment) yield segment;
  if (!last) yield ROOT_END;
}
