import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { multiRecordH } from '../helpers/registers.js';
import { parseRegister } from '../../src/registers/reader/xml-records.js';
import { caseValues, type RowContext, type SankDecoder } from '../../src/registers/store/case-rows.js';
import {
  CaseCopyBuilder,
  copyBytes,
  fillIds,
  ID_WIDTH,
  recordCount,
  subCount,
  withoutRecords,
} from '../../src/registers/store/case-copy.js';
import { copyLine, copyText } from '../../src/db/sql.port.js';
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

describe('COPY bytes of accepted records (case-copy.ts)', () => {
  it('holds the COPY lines of caseValues behind id placeholders that fillIds fills in, right-aligned', async () => {
    const { header, zaps } = await records(12);
    const b = new CaseCopyBuilder({ cases: 256, subs: 256, sanks: 256 }); // small: the buffers must grow
    zaps.forEach((z, i) => b.add(z, ctxOf(header, i)));
    const c = b.finish();
    expect(recordCount(c)).toBe(12);
    expect(subCount(c)).toBe(16); // 12 + one more in records 3, 6, 9, 12
    const caseIds = ['7', '12345678901234567', '9', '10', '11', '12', '13', '14', '15', '16', '17', '18'];
    const subIds = Array.from({ length: 16 }, (_, k) => String(900 + k));
    expect(fillIds(c, '42', caseIds, 0, subIds, 0)).toEqual([12, 16]);
    const cases = lines(c.cases);
    const subs = lines(c.subs);
    const sanks = lines(c.sanks);
    let s = 0;
    zaps.forEach((z, i) => {
      const v = caseValues(z, ctxOf(header, i));
      expect(cases[i]).toBe(`${pad(caseIds[i])}\t${pad('42')}\t${copyLine(v.caseValues).slice(0, -1)}`);
      for (const row of v.subValues) expect(subs[s]).toBe(`${pad(subIds[s++])}\t${pad(caseIds[i])}\t${copyLine(row).slice(0, -1)}`);
    });
    expect(s).toBe(16);
    expect(sanks).toHaveLength(3);
    expect(sanks.map((l) => l.split('\t')[0])).toEqual([pad('10'), pad('14'), pad('18')]); // records 4, 8, 12
    expect(sanks[0]).toContain('"S_COM":"Тест\\\\tтаб"'); // the tab escaped by JSON, its backslash by COPY; UTF-8 encoded
    // filled again (a second flush never does this, but the placeholder must not keep old digits)
    fillIds(c, '1', ['1', ...caseIds.slice(1)], 0, subIds, 0);
    expect(lines(c.cases)[0].slice(0, 2 * ID_WIDTH + 2)).toBe(`${pad('1')}\t${pad('1')}\t`);
    expect(() => fillIds(c, '1', ['1'.repeat(ID_WIDTH + 1)], 0, subIds, 0)).toThrow(/not an id/);
  });

  it('cuts records out with their sub-case and sanction lines (a repeated N_ZAP found on the main thread)', async () => {
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
    const cases = lines(cut.cases);
    expect(cases.map((l) => l.split('\t')[2])).toEqual(keep.map((z) => z.N_ZAP));
    // each sub-case line points to the case it came with
    const owner = new Map(cases.map((l) => [l.split('\t')[0], l.split('\t')[3]])); // id → IDCASE
    for (const l of lines(cut.subs)) {
      const [, caseId, slId] = l.split('\t');
      expect(slId === owner.get(caseId) || slId.endsWith('b')).toBe(true);
    }
    expect(lines(cut.sanks).map((l) => l.split('\t')[1])).toEqual(['S12']);
    expect(withoutRecords(full, new Set()).cases).toEqual(full.cases);
  });

  it('copyBytes writes what copyLine writes, as UTF-8 (short, long, Cyrillic, escaped, null and object values)', () => {
    const rows = [
      ['1', null, undefined, 'Иванов', 'a\tb\\c\nd', 12, 1.5, true, { FAM: 'Пётр', X: ['x\ty'] }],
      ['x'.repeat(30) + 'ё', 'ASCII only value longer than 24', '', '\r'],
      [],
    ];
    expect(Buffer.from(copyBytes(rows)).toString('utf8')).toBe(rows.map(copyLine).join(''));
    expect(copyBytes([]).length).toBe(0);
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
