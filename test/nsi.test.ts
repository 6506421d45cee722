import { describe, expect, it } from 'vitest';
import { Nsi, NsiTable, type NsiRow } from '../src/nsi/nsi.js';

const row = (code: string, name: string, from?: string, to?: string): NsiRow => ({ code, name, from, to, fields: {} });

describe('code tables (nsi.ts)', () => {
  const t = new NsiTable('V009', [
    row('101', 'old name', '2011-01-01', '2018-12-31'),
    row('101', 'new name', '2019-01-01'),
    row('102', 'only before', '2011-01-01', '2014-12-31'),
    row('7', 'seven'),
  ]);

  it('answers by the row valid on the date, whichever dates were asked before (answers are remembered per date)', () => {
    const asks: Array<[string, string | undefined, string | undefined]> = [
      ['101', '2015-06-01', 'old name'],
      ['101', '2020-06-01', 'new name'],
      ['101', '2015-06-01', 'old name'],
      ['102', '2020-06-01', undefined],
      ['102', '2012-01-01', 'only before'],
      ['102', '2020-06-01', undefined],
      ['101', undefined, 'new name'],
      ['101', '', 'new name'],
      ['07', '2020-06-01', 'seven'], // numeric codes compare without leading zeros
      ['101', '2015-06-01', 'old name'],
    ];
    for (let round = 0; round < 2; round++)
      for (const [code, date, name] of asks) expect(t.row(code, date)?.name, `${code} on ${date}`).toBe(name);
  });

  it('has(): false for a code that is not there, undefined for a table that is not loaded', () => {
    const nsi = new Nsi([t]);
    expect(nsi.has('V009', '101', '2015-06-01')).toBe(true);
    expect(nsi.has('V009', '999', '2015-06-01')).toBe(false);
    expect(nsi.has('V010', '1')).toBeUndefined();
    expect(nsi.table('V009')).toBe(t);
  });
});
