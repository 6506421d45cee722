import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { multiRecordH } from '../helpers/registers.js';
import { parseRegister } from '../../src/registers/reader/xml-records.js';
import {
  caseValues,
  CASE_COLUMNS,
  CASE_FIELDS,
  SUB_CASE_COLUMNS,
  SUB_CASE_FIELDS,
  type RowContext,
  type SankDecoder,
} from '../../src/registers/store/case-rows.js';
import { CaseCopyBuilder, fillIds, ID_WIDTH, recordCount, subCount, withoutRecords } from '../../src/registers/store/case-copy.js';
import { copyLine, copyText } from '../../src/db/sql.port.js';
import { openTestDatabase } from '../helpers/db.js';
import { PERSON_FIELDS } from '../../src/registers/store/register.repo.js';
import type { RegisterHeader, Zap } from '../../src/registers/model.js';

const sank: SankDecoder = { sTip: () => 'МЭЭ', sOsn: () => ({ name: 'Нарушение', item: '1.1' }) };

/** Records of a register with i+1 sub-cases in every third record and a sanction in every fourth (Cyrillic text throughout). */
async function records(n: number): Promise<{ header: RegisterHeader; zaps: Zap[] }> {
  const xml = multiRecordH(n, {
    mutate: (z, i) => {
      if (i % 3 === 0) {
        const sl = z.slice(z.indexOf('<SL>'), z.indexOf('</SL>') + 5);
        z = z.replace(sl, sl + sl.replace(/<SL_ID>\d+<\/SL_ID>/, `<SL_ID>${i}b</SL_ID>`));
      }
      if (i % 4 === 0)
        z = z.replace(
          '</Z_SL>',
          `<SANK><S_CODE>S${i}</S_CODE><S_SUM>1.00</S_SUM><S_TIP>20</S_TIP><S_OSN>5.1.1</S_OSN><SL_ID>x</SL_ID><S_COM>Тест\tтаб</S_COM></SANK></Z_SL>`,
        );
      return z;
    },
  });
  let header: RegisterHeader | undefined;
  const zaps: Zap[] = [];
  for await (const ev of parseRegister(Readable.from([iconv.encode(xml, 'win1251')]), 'HM750096T75_21041.XML')) {
    if (ev.type === 'header') header = ev.header;
    if (ev.type === 'zaps') zaps.push(...ev.zaps);
  }
  return { header: header!, zaps };
}

const ctxOf = (header: RegisterHeader, i: number): RowContext => ({ header, kind: 'H', personKey: `K${i}`, sank });
const lines = (b: Uint8Array) => Buffer.from(b).toString('utf8').split('\n').slice(0, -1);
const pad = (id: string) => id.padStart(ID_WIDTH, '0');

/** The fields of binary COPY rows (the framing only: a field count, then each field's length and bytes). */
function binaryRows(bytes: Uint8Array): (Buffer | null)[][] {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const out: (Buffer | null)[][] = [];
  for (let at = 0; at < b.length;) {
    const n = b.readInt16BE(at);
    at += 2;
    const row: (Buffer | null)[] = [];
    for (let i = 0; i < n; i++) {
      const len = b.readInt32BE(at);
      at += 4;
      row.push(len < 0 ? null : b.subarray(at, at + len));
      at += Math.max(0, len);
    }
    out.push(row);
  }
  return out;
}
const int8 = (f: Buffer | null) => f!.readBigInt64BE(0).toString();

// at module level: the schema is dropped after the file (openTestDatabase registers that when awaited here)
const db = await openTestDatabase('casecopy');

describe('COPY bytes of accepted records (case-copy.ts)', () => {
  it('holds the rows of caseValues behind id slots that fillIds fills in: PostgreSQL stores what text COPY of the same values stores', async () => {
    const { header, zaps } = await records(12);
    const b = new CaseCopyBuilder({ cases: 256, subs: 256, sanks: 256 }); // small: the buffers must grow
    zaps.forEach((z, i) => b.add(z, ctxOf(header, i)));
    const c = b.finish();
    expect(recordCount(c)).toBe(12);
    expect(subCount(c)).toBe(16); // 12 + one more in records 3, 6, 9, 12
    const caseIds = ['7', '12345678901234567', '9', '10', '11', '12', '13', '14', '15', '16', '17', '18'];
    const subIds = Array.from({ length: 16 }, (_, k) => String(900 + k));
    expect(fillIds(c, '42', caseIds, 0, subIds, 0)).toEqual([12, 16]);
    // the same values as text COPY lines, into twins of the tables
    const { sql } = db;
    await sql.exec(
      'CREATE TABLE case_text (LIKE "case" INCLUDING DEFAULTS); CREATE TABLE sub_case_text (LIKE sub_case INCLUDING DEFAULTS)',
    );
    const caseLines: string[] = [];
    const subLines: string[] = [];
    let s = 0;
    zaps.forEach((z, i) => {
      const v = caseValues(z, ctxOf(header, i));
      caseLines.push(`${caseIds[i]}\t42\t${copyLine(v.caseValues)}`);
      for (const row of v.subValues) subLines.push(`${subIds[s++]}\t${caseIds[i]}\t${copyLine(row)}`);
    });
    expect(s).toBe(16);
    await sql.copyIn('case_text', CASE_COLUMNS, caseLines);
    await sql.copyIn('sub_case_text', SUB_CASE_COLUMNS, subLines);
    await sql.copyIn('"case"', CASE_COLUMNS, [c.cases], 'binary');
    await sql.copyIn('sub_case', SUB_CASE_COLUMNS, [c.subs], 'binary');
    const read = async (t: string) => (await sql.query<{ r: string }>(`SELECT x::text AS r FROM ${t} x ORDER BY id`)).map((x) => x.r);
    const stored = await read('"case"');
    expect(stored).toHaveLength(12);
    expect(stored).toEqual(await read('case_text'));
    expect(await read('sub_case')).toEqual(await read('sub_case_text'));
    expect(stored.at(-1)).toMatch(/^\(12345678901234567,42,/); // the largest id, last
    // sanctions stay text lines
    const sanks = lines(c.sanks);
    expect(sanks).toHaveLength(3);
    expect(sanks.map((l) => l.split('\t')[0])).toEqual([pad('10'), pad('14'), pad('18')]); // records 4, 8, 12
    const sankLines = zaps.flatMap((z, i) => caseValues(z, ctxOf(header, i)).sankValues.map((row) => copyLine(row).slice(0, -1)));
    expect(sanks.map((l) => l.slice(ID_WIDTH + 1))).toEqual(sankLines); // escaped and encoded as copyLine does
    expect(sanks[0]).toContain('"S_COM":"Тест\\\\tтаб"'); // the tab escaped by JSON, its backslash by COPY; UTF-8 encoded
    // filled again (a second flush never does this, but the slot must not keep old bytes)
    fillIds(c, '1', ['1', ...caseIds.slice(1)], 0, subIds, 0);
    expect(binaryRows(c.cases)[0].slice(0, 2).map(int8)).toEqual(['1', '1']);
    expect(() => fillIds(c, '1', ['1'.repeat(ID_WIDTH + 1)], 0, subIds, 0)).toThrow(/not an id/);
  });

  it('writes each column (cases, sub-cases, persons) as the binary type of the migrated table, numerics with their precision', async () => {
    const { sql } = db;
    const binaryOf: Record<string, string> = { bigint: 'int8', integer: 'int4', text: 'text', date: 'date', json: 'json' };
    for (const [table, fields] of [
      ['case', CASE_FIELDS],
      ['sub_case', SUB_CASE_FIELDS],
      ['person', PERSON_FIELDS],
    ] as const) {
      const cols = await sql.query<{ name: string; type: string }>(
        `SELECT attname AS name, replace(format_type(atttypid, atttypmod), $$, $$, $$,$$) AS type FROM pg_attribute
          WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped`,
        [`"${table}"`],
      );
      const types = Object.fromEntries(cols.map((c) => [c.name, binaryOf[c.type] ?? c.type]));
      for (const [column, type] of Object.entries(fields)) expect([table, column, types[column]]).toEqual([table, column, type]);
    }
  });

  it('cuts records out with their sub-case and sanction rows (a repeated N_ZAP found on the main thread)', async () => {
    const { header, zaps } = await records(12);
    const b = new CaseCopyBuilder();
    zaps.forEach((z, i) => b.add(z, ctxOf(header, i)));
    const full = b.finish();
    const drop = new Set([2, 3, 7]); // N_ZAP 3 (2 sub-cases), 4 (a sanction), 8 (a sanction)
    const cut = withoutRecords(full, drop);
    expect(recordCount(cut)).toBe(9);
    expect(subCount(cut)).toBe(16 - 4);
    const keep = zaps.filter((_, i) => !drop.has(i));
    const caseIds = keep.map((_, i) => String(i + 1));
    const subIds = Array.from({ length: subCount(cut) }, (_, k) => String(100 + k));
    fillIds(cut, '5', caseIds, 0, subIds, 0);
    const cases = binaryRows(cut.cases);
    expect(cases.map((r) => r[2]!.toString('utf8'))).toEqual(keep.map((z) => z.N_ZAP));
    expect(cases.map((r) => int8(r[1]))).toEqual(keep.map(() => '5'));
    // each sub-case row points to the case it came with
    const owner = new Map(cases.map((r) => [int8(r[0]), r[3]!.toString('utf8')])); // id → IDCASE
    for (const r of binaryRows(cut.subs)) {
      const slId = r[2]!.toString('utf8');
      expect(slId === owner.get(int8(r[1])) || slId.endsWith('b')).toBe(true);
    }
    expect(lines(cut.sanks).map((l) => l.split('\t')[1])).toEqual(['S12']);
    expect(withoutRecords(full, new Set()).cases).toEqual(full.cases);
  });

  it('names the record and the column of a value its column cannot hold', async () => {
    const { header, zaps } = await records(3);
    zaps[1].Z_SL.DATE_Z_1 = '2025-02-30'; // the FLK reports it (004F) and rejects the record; here it is not asked
    const b = new CaseCopyBuilder();
    b.add(zaps[0], ctxOf(header, 0));
    expect(() => b.add(zaps[1], ctxOf(header, 1))).toThrow(`N_ZAP ${zaps[1].N_ZAP}: date_z_1: not a date: "2025-02-30"`);
    // nothing of the refused record is left behind: the next one follows the first as if it had never been there
    b.add(zaps[2], ctxOf(header, 2));
    const both = b.finish();
    const alone = new CaseCopyBuilder();
    alone.add(zaps[0], ctxOf(header, 0));
    alone.add(zaps[2], ctxOf(header, 2));
    const want = alone.finish();
    expect([recordCount(both), subCount(both)]).toEqual([2, subCount(want)]);
    expect(Buffer.from(both.cases).equals(Buffer.from(want.cases))).toBe(true);
    expect(Buffer.from(both.subs).equals(Buffer.from(want.subs))).toBe(true);
    expect([...both.caseAt, ...both.subOf, ...both.subAt]).toEqual([...want.caseAt, ...want.subOf, ...want.subAt]);
  });

  it('a sub-case value its column cannot hold (KOEF_Z over numeric(8,5)) names the column and takes back the case row too', async () => {
    const { header, zaps } = await records(2);
    const sl = zaps[1].Z_SL.SL[0];
    sl.KSG_KPG = { ...(sl.KSG_KPG ?? {}), KOEF_Z: '1234.5' } as typeof sl.KSG_KPG;
    const b = new CaseCopyBuilder();
    let err: unknown;
    try {
      b.add(zaps[1], ctxOf(header, 1));
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ column: 'koef_z', value: '1234.5', message: expect.stringContaining('larger than numeric(8,5)') });
    b.add(zaps[0], ctxOf(header, 0));
    expect([recordCount(b.finish())]).toEqual([1]);
  });

  it('copyText of an object: its JSON with each backslash doubled (JSON leaves no raw tab or newline), read back by COPY as the JSON', () => {
    const o = { S_COM: 'tab\there, newline\nthere, "quoted", back\\slash', N: [1, 'ё'] };
    const text = copyText(o);
    expect(text).toBe(JSON.stringify(o).replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!));
    expect(text).not.toMatch(/[\t\n\r]/);
    // COPY text format undoes the doubling: the stored text parses back to the object
    expect(JSON.parse(text.replace(/\\\\/g, '\\'))).toEqual(o);
    expect(copyText({ a: 'plain' })).toBe('{"a":"plain"}');
  });
});
