import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from './helpers/db.js';
import { openDatabase, type Database } from '../src/db/database.js';
import { BinaryRows, BinaryValueError, fitsNumeric, pgDate, putInt8, type BinaryType } from '../src/db/copy-binary.js';
import { copyLine } from '../src/db/sql.port.js';

const TYPES: BinaryType[] = ['int8', 'text', 'int4', 'date', 'numeric', 'json'];
const COLUMNS = ['k', 's', 'i', 'd', 'n', 'j'];
const TEXTS = ['plain', 'Иванов Пётр', 'tab\there', 'back\\slash', 'new\nline\r', '', `${'x'.repeat(30)}ё`, 'смайл 😀', null];
const INTS = [0, -1, 2147483647, -2147483648, 42, '17', null];
const DATES = ['2000-01-01', '1999-12-31', '2024-02-29', '1900-03-01', '0001-01-01', '9999-12-31', '2025-07-15', '1970-01-01', null];
const DECIMALS = [
  '0',
  '0.00',
  '-0.50',
  '1234.5678',
  '10000',
  '00012.3400',
  '99999999999999.99',
  '1.00001',
  '5.1',
  '-123456789.123456789',
  '0.0001',
  '100000000',
  '7',
  '-0',
  '12345678901234567890123456789.0000000001',
  null,
];
const JSONS = [{ a: 'x', b: ['ё', '\t', '\\'], c: null }, [], null];

/** Rows covering every value above (the longest list sets the count; the shorter ones wrap around). */
function rows(): unknown[][] {
  const n = Math.max(TEXTS.length, INTS.length, DATES.length, DECIMALS.length, JSONS.length);
  return Array.from({ length: n }, (_, k) => [
    k,
    TEXTS[k % TEXTS.length],
    INTS[k % INTS.length],
    DATES[k % DATES.length],
    DECIMALS[k],
    JSONS[k % JSONS.length],
  ]);
}

/** Loads the rows with text COPY into t_text and with binary COPY into t_bin, and reads both back as text. */
async function bothWays(db: Database): Promise<[string[], string[]]> {
  const table = (name: string) => `DROP TABLE IF EXISTS ${name}; CREATE TABLE ${name} (k int8, s text, i int4, d date, n numeric, j json)`;
  await db.sql.exec(`${table('t_text')}; ${table('t_bin')}`);
  const r = rows();
  await db.sql.copyIn('t_text', COLUMNS, r.map(copyLine));
  const b = new BinaryRows(16); // small: it must grow
  for (const row of r) {
    b.row(row.length);
    row.forEach((v, i) => b.value(v, TYPES[i]));
  }
  await db.sql.copyIn('t_bin', COLUMNS, [b.done()], 'binary');
  const read = async (t: string) => (await db.sql.query<{ r: string }>(`SELECT x::text AS r FROM ${t} x ORDER BY k`)).map((x) => x.r);
  return [await read('t_text'), await read('t_bin')];
}

// at module level: the schema is dropped after the file (openTestDatabase registers that when awaited here)
const db = await openTestDatabase('copybin');

describe('binary COPY rows (db/copy-binary.ts)', () => {
  describe('read by PostgreSQL as the same rows in text format are', () => {
    it('text, int4, date, numeric (scale as written, zeros, signs, long values) and json', async () => {
      const [text, bin] = await bothWays(db);
      expect(text).toHaveLength(DECIMALS.length);
      expect(bin).toEqual(text);
      expect(bin[3]).toContain('1234.5678');
      expect(bin[5]).toContain('12.3400'); // the scale as written
    });
    it('int8 slots filled in place, small and beyond 2^53', async () => {
      await db.sql.exec('DROP TABLE IF EXISTS t_ids; CREATE TABLE t_ids (a int8, b int8)');
      const b = new BinaryRows(64);
      const ids = [
        ['1', '9007199254740991'],
        ['9007199254740993', '9223372036854775807'],
      ];
      for (let r = 0; r < ids.length; r++) {
        b.row(2);
        b.int8Slot();
        b.int8Slot();
      }
      const bytes = b.done();
      ids.forEach(([x, y], r) => {
        putInt8(bytes, r * 26 + 6, x);
        putInt8(bytes, r * 26 + 18, y);
      });
      await db.sql.copyIn('t_ids', ['a', 'b'], [bytes], 'binary');
      expect(await db.sql.query('SELECT a::text, b::text FROM t_ids ORDER BY a')).toEqual(ids.map(([a, b]) => ({ a, b })));
      expect(() => putInt8(bytes, 6, '12a')).toThrow(/not an id/);
    });
  });

  describe('read by the embedded PGlite the same way', () => {
    let lite: Database;
    beforeAll(async () => {
      lite = await openDatabase({ migrate: false });
    }, 60_000);
    afterAll(async () => lite?.close());
    it('gives the rows of the text format', async () => {
      const [text, bin] = await bothWays(lite);
      expect(text).toHaveLength(DECIMALS.length);
      expect(bin).toEqual(text);
    });
  });

  it('writes json as JSON.stringify does, on 5 000 random records (escapes, control characters, Cyrillic, pairs and lone surrogates)', () => {
    let seed = 11;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const CHARS = [
      'a',
      'Z',
      '0',
      ' ',
      '"',
      '\\',
      '/',
      '\n',
      '\r',
      '\t',
      '\b',
      '\f',
      '\u0001',
      '\u001f',
      '\u007f',
      'ё',
      'Ж',
      '№',
      '€',
      '😀',
      '\ud83d',
      '\ude00',
      '\u2028',
      '\uffff',
    ];
    const text = () => Array.from({ length: Math.floor(rnd() * 12) }, () => CHARS[Math.floor(rnd() * CHARS.length)]).join('');
    const node = (depth: number): unknown => {
      const k = rnd();
      if (depth > 3 || k < 0.5) return text();
      if (k < 0.65) return Array.from({ length: Math.floor(rnd() * 4) }, () => node(depth + 1));
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(rnd() * 6); i > 0; i--)
        o[rnd() < 0.9 ? `EL_${Math.floor(rnd() * 9)}` : text()] = rnd() < 0.1 ? undefined : node(depth + 1);
      return o;
    };
    for (let n = 0; n < 5000; n++) {
      const v = node(0);
      const b = new BinaryRows(8); // it must grow inside a value
      b.value(v, 'json');
      const bytes = Buffer.from(b.done());
      expect(bytes.readInt32BE(0)).toBe(bytes.length - 4);
      expect(bytes.subarray(4).toString('latin1')).toBe(Buffer.from(JSON.stringify(v), 'utf8').toString('latin1')); // byte for byte
    }
  });

  it('refuses what its column cannot hold, naming the value', () => {
    const b = new BinaryRows(64);
    for (const d of ['2025-02-29', '2025-13-01', '2025-04-31', '2025-1-01', '20250101', '0000-01-01', '2025-07-1a'])
      expect(() => b.value(d, 'date'), d).toThrow(BinaryValueError);
    expect(() => pgDate('2023-02-29')).toThrow(/not a date: "2023-02-29"/);
    expect(pgDate('2000-01-01')).toBe(0);
    expect(pgDate('2000-03-01')).toBe(60);
    for (const n of ['1.2.3', '-', '1.', '.5', '1e5', '', ' 1', '+1'])
      expect(() => b.value(n, 'numeric'), n).toThrow(/not a decimal number/);
    for (const n of [2147483648, -2147483649, 1.5, '12x']) expect(() => b.value(n, 'int4'), String(n)).toThrow(/not an integer/);
  });

  it('numeric(p,s): what fits is what PostgreSQL keeps (after rounding to s places), the rest is refused', () => {
    const fits = ['0', '0.001', '99.99', '-99.99', '99.994', '0099.99', '5', '99', '-99.5'];
    const over = ['100', '100.00', '99.995', '-99.995', '99.999', '123.4', '-100'];
    for (const v of fits) expect(fitsNumeric(v, 'numeric(4,2)'), v).toBe(true);
    for (const v of over) expect(fitsNumeric(v, 'numeric(4,2)'), v).toBe(false);
    expect(fitsNumeric('999999999999999.99', 'numeric(17,2)')).toBe(true); // the format's largest amount
    expect(fitsNumeric('1000000000000000', 'numeric(17,2)')).toBe(false);
    const b = new BinaryRows(64);
    expect(() => b.value('100.5', 'numeric(4,2)')).toThrow(/"100.5" is larger than numeric\(4,2\) holds/);
    b.value('12.5', 'numeric(4,2)'); // written as a numeric
    expect(Buffer.from(b.done()).readInt16BE(4 + 0)).toBe(2); // two base-10000 digits: 12 and 5000
  });
});
