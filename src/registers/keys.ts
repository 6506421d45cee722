/**
 * Ids kept for a whole file (N_ZAP, ID_PAC: over a million each in a 2 GB register), in memory that
 * does not grow the JavaScript heap. A whole number (the usual N_ZAP and ID_PAC) goes into an
 * open-addressing table of doubles (8 bytes, outside the heap: nothing for the garbage collector to
 * walk); any other id into a Set as a copy of its own. A string read by the XML parser is a slice of
 * the text chunk it came from, and keeping the slice keeps the whole chunk: holding every ID_PAC of
 * an L-file as read kept all of the file's text alive (measured: ~450 MB for a 230 MB L-file).
 */
const WHOLE = /^[1-9]\d{0,15}$/;

/** The same text, not sharing memory with the string it was cut from. */
export function detach(s: string): string {
  return (' ' + s).slice(1);
}

/** Whole numbers below this go into a bitmap (N_ZAP counts from 1: 2 million of them take 256 KB); at most 16 MB. */
const DENSE = 2 ** 27;

export class IdSet {
  private bits = new Uint32Array(1 << 10);
  private table = new Float64Array(1 << 12);
  private numbers = 0;
  private inTable = 0;
  private readonly others = new Set<string>();

  get size(): number {
    return this.numbers + this.others.size;
  }

  /** Adds the id; false when it was there already. */
  add(id: string): boolean {
    const n = whole(id);
    if (n === undefined) {
      if (this.others.has(id)) return false;
      this.others.add(detach(id));
      return true;
    }
    if (n < DENSE) {
      const w = n >>> 5;
      if (w >= this.bits.length) {
        const bigger = new Uint32Array(Math.min(DENSE >>> 5, Math.max(w + 1, this.bits.length * 2)));
        bigger.set(this.bits);
        this.bits = bigger;
      }
      const bit = 1 << (n & 31);
      if (this.bits[w] & bit) return false;
      this.bits[w] |= bit;
      this.numbers++;
      return true;
    }
    if ((this.inTable + 1) * 2 > this.table.length) this.grow();
    if (!insert(this.table, n)) return false;
    this.inTable++;
    this.numbers++;
    return true;
  }

  has(id: string): boolean {
    const n = whole(id);
    if (n === undefined) return this.others.has(id);
    if (n < DENSE) {
      const w = n >>> 5;
      return w < this.bits.length && (this.bits[w] & (1 << (n & 31))) !== 0;
    }
    const t = this.table;
    const mask = t.length - 1;
    for (let i = slot(n, mask); ; i = (i + 1) & mask) {
      if (t[i] === n) return true;
      if (t[i] === 0) return false;
    }
  }

  private grow() {
    const old = this.table;
    this.table = new Float64Array(old.length * 2);
    for (const n of old) if (n !== 0) insert(this.table, n);
  }
}

function whole(id: string): number | undefined {
  if (!WHOLE.test(id)) return undefined;
  const n = Number(id);
  return Number.isSafeInteger(n) ? n : undefined;
}

function slot(n: number, mask: number): number {
  const lo = n >>> 0;
  const hi = (n / 4294967296) >>> 0;
  return (Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) >>> 0) & mask;
}

/** Linear probing; 0 is the empty slot (whole numbers here are ≥ 1). False when `n` is there already. */
function insert(t: Float64Array, n: number): boolean {
  const mask = t.length - 1;
  for (let i = slot(n, mask); ; i = (i + 1) & mask) {
    if (t[i] === n) return false;
    if (t[i] === 0) {
      t[i] = n;
      return true;
    }
  }
}
