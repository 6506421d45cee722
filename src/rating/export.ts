import { stringify } from 'csv-stringify/sync';
import type { Catalog } from './catalog.js';
import type { RatingResult } from './engine.js';

/** Rows of the overall table: rank, unit, direction scores, ДУ (ИД, ИО), and each indicator's value and score. */
export function ratingTable(r: RatingResult, c: Catalog): Array<Array<string | number | null>> {
  const dirs = c.groups.map((g) => g.id);
  const head = [
    'rank',
    'unit',
    ...dirs.map((d) => `direction_${d}`),
    'level',
    'dynamics',
    'integral',
    ...c.indicators.flatMap((i) => [`${i.code}_value`, `${i.code}_score`]),
  ];
  return [
    head,
    ...r.units.map((u) => [
      u.rank,
      u.unit,
      ...dirs.map((d) => u.directions[d]),
      u.level,
      u.dynamics ?? null,
      u.integral ?? null,
      ...c.indicators.flatMap((i) => [u.indicators[i.code].value, u.indicators[i.code].score]),
    ]),
  ];
}

export function ratingCsv(r: RatingResult, c: Catalog): string {
  return stringify(ratingTable(r, c));
}

export async function ratingXlsxBuffer(r: RatingResult, c: Catalog): Promise<Buffer> {
  // loaded on first use: exceljs takes ~0.5 s to load, which every CLI command paid at start
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(c.id.slice(0, 31));
  for (const row of ratingTable(r, c)) ws.addRow(row);
  ws.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
