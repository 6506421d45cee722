/** The escapes JSON has a letter for: `\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t` (the rest below 0x20 are `\u00XX`). */
const JSON_SHORT_ESCAPES = new Uint8Array(0x80);
for (const [c, e] of [
  [0x22, 0x22],
  [0x5c, 0x5c],
  [8, 0x62],
  [12, 0x66],
  [10, 0x6e],
  [13, 0x72],
  [9, 0x74],
])
  JSON_SHORT_ESCAPES[c] = e;
const HEX_DIGITS = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/**
 * A growable byte buffer that owns its ArrayBuffer (so a worker thread can transfer it), with a JSON writer:
 * the base of the COPY row writers (binary rows in copy-binary.ts, text lines in registers/store/case-copy.ts).
 */
export class ByteWriter {
  protected buf: Buffer;
  len = 0;
  constructor(capacity: number) {
    this.buf = Buffer.allocUnsafeSlow(Math.max(64, capacity));
  }
  /** Makes room for n more bytes (growing costs a copy: callers that can guess the size give it first). */
  protected room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
  /** Appends bytes as they are. */
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
  /**
   * Writes `s` as UTF-8 at `at` (room made by the caller: 3 bytes per character) and returns where it ends. Short
   * values (codes, dates, numbers) are nearly always ASCII: copied by hand, cheaper than a call into the encoder.
   */
  protected utf8(s: string, at: number): number {
    const buf = this.buf;
    if (s.length > 24) return at + buf.write(s, at, 'utf8');
    let j = 0;
    for (; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c > 0x7f) return at + buf.write(s, at, 'utf8');
      buf[at + j] = c;
    }
    return at + j;
  }
  /** The bytes written (a view of the buffer, which owns its ArrayBuffer). */
  done(): Uint8Array {
    return new Uint8Array(this.buf.buffer, this.buf.byteOffset, this.len);
  }
  /**
   * A value's JSON text, as JSON.stringify writes it, written as UTF-8 bytes instead of built as a string and
   * encoded (the 100k run's largest H-file's archives: 102 → 73 ms). Values are what the register reader builds:
   * strings, arrays and plain objects (an undefined property is left out, as by JSON.stringify); anything else
   * goes through JSON.stringify.
   */
  protected jsonValue(v: unknown): void {
    if (typeof v === 'string') return this.jsonString(v);
    if (Array.isArray(v)) {
      this.room(1);
      this.buf[this.len++] = 0x5b; // [
      for (let i = 0; i < v.length; i++) {
        if (i) {
          this.room(1);
          this.buf[this.len++] = 0x2c; // ,
        }
        this.jsonValue(v[i]);
      }
      this.room(1);
      this.buf[this.len++] = 0x5d; // ]
      return;
    }
    if (v === null || typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype)
      return this.jsonText(JSON.stringify(v) ?? 'null');
    const o = v as Record<string, unknown>;
    this.room(1);
    this.buf[this.len++] = 0x7b; // {
    let first = true;
    for (const k in o) {
      const x = o[k];
      if (x === undefined) continue;
      this.room(1);
      if (!first) this.buf[this.len++] = 0x2c; // ,
      first = false;
      this.jsonString(k);
      this.room(1);
      this.buf[this.len++] = 0x3a; // :
      this.jsonValue(x);
    }
    this.room(1);
    this.buf[this.len++] = 0x7d; // }
  }
  /** A JSON string: quotes, JSON's escapes, UTF-8. A surrogate (rare) hands the rest to JSON.stringify. */
  protected jsonString(s: string): void {
    this.room(s.length * 6 + 2); // \u00XX is the longest a UTF-16 unit becomes
    const b = this.buf;
    let at = this.len;
    b[at++] = 0x22;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c !== 0x22 && c !== 0x5c) b[at++] = c;
        else {
          b[at++] = 0x5c;
          const short = JSON_SHORT_ESCAPES[c];
          if (short) b[at++] = short;
          else {
            b[at++] = 0x75; // u00XX
            b[at++] = 0x30;
            b[at++] = 0x30;
            b[at++] = HEX_DIGITS[c >> 4];
            b[at++] = HEX_DIGITS[c & 15];
          }
        }
      } else if (c < 0x800) {
        b[at++] = 0xc0 | (c >> 6);
        b[at++] = 0x80 | (c & 63);
      } else if (c >= 0xd800 && c <= 0xdfff) {
        this.len = at;
        this.jsonText(JSON.stringify(s.slice(i)).slice(1)); // the rest, with its closing quote
        return;
      } else {
        b[at++] = 0xe0 | (c >> 12);
        b[at++] = 0x80 | ((c >> 6) & 63);
        b[at++] = 0x80 | (c & 63);
      }
    }
    b[at++] = 0x22;
    this.len = at;
  }
  /** Text already in JSON form, as UTF-8. */
  protected jsonText(t: string): void {
    this.room(t.length * 3);
    this.len += this.buf.write(t, this.len, 'utf8');
  }
}
