/** The F014 picker's table and search (pure), on a hand-made table. */
import { describe, expect, it } from 'vitest';
import { Nsi } from '../../src/nsi/nsi.js';
import { parseTsvTable } from '../../src/nsi/nsi.loader.js';
import { f014Entries, searchF014 } from '../../src/review/f014-table.js';

const TSV = [
  'Kod\tIDVID\tNaim\tOsn\tKomment\tKodPG\tDATEBEG\tDATEEND\tK_NO\tK_SH',
  '31\t\tСтарый код: непрофильная госпитализация\t3.3.\t\t\t20110101\t20210524\t\t',
  '203\t\tНепрофильная госпитализация застрахованного лица\t1.3.\tНепрофильная госпитализация ЗЛ\t\t20210525\t\t1.00000\t0.30000',
  '246\t\tНесоответствие данных документации данным реестра\t2.16.1.\t\t\t20210525\t\t0.10000\t0.30000',
  '257\t\tНевыполнение диагностических мероприятий\t3.2.1.\t\t\t20210525\t\t0.10000\t0.00000',
].join('\n');
const entries = f014Entries(new Nsi([parseTsvTable('F014', TSV)]));
const codes = (q: Parameters<typeof searchF014>[1]) => searchF014(entries, q).map((e) => e.code);

describe('F014 table for the picker', () => {
  it('reads code, item, K_NO / K_SH, group and section of every row', () => {
    expect(entries.map((e) => [e.code, e.osn, e.k_no, e.k_sh, e.group, e.section, e.to])).toEqual([
      [31, '3.3.', null, null, 'old:3.3', 'EKMP', '2021-05-24'],
      [203, '1.3.', 1, 0.3, '1.3', 'MEK', null],
      [246, '2.16.1.', 0.1, 0.3, '2.16', 'MEE', null],
      [257, '3.2.1.', 0.1, 0, '3.2', 'EKMP', null],
    ]);
  });

  it('searches by code prefix, item prefix, words (all of them, any case), date and section', () => {
    expect(codes({ q: '2' })).toEqual([203, 246, 257]);
    expect(codes({ q: '3.' })).toEqual([31, 257]);
    expect(codes({ q: '2.16' })).toEqual([246]);
    expect(codes({ q: 'НЕПРОФИЛЬНАЯ госпитализация' })).toEqual([31, 203]);
    expect(codes({ q: 'непрофильная госпитализация', on: '2025-01-01' })).toEqual([203]);
    expect(codes({ q: 'непрофильная реестра' })).toEqual([]);
    expect(codes({ control: 'EKMP', on: '2025-01-01' })).toEqual([257]);
    expect(codes({ limit: 2 })).toEqual([31, 203]);
  });
});
