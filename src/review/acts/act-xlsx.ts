/** The act as an XLSX workbook (exceljs): header, the table of cases with money as numbers, totals, the defects. */
import { actHeader, ACT_COLUMNS, actTitle, actTotals, pendingNote } from './act-layout.js';
import type { Act } from './act.js';
import { isIsoDate } from '../../calendar.js';

/** An ISO date as the date cell exceljs writes (UTC midnight: exceljs counts days in UTC); anything else as it is. */
const dateCell = (v: string | number | null) => (typeof v === 'string' && isIsoDate(v) ? new Date(`${v}T00:00:00Z`) : v);

export async function actXlsx(a: Act): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(`Акт ${a.control} ${a.mo.code}`.slice(0, 31), {
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 },
  });
  const n = ACT_COLUMNS.length;
  ws.addRow([actTitle(a)]).font = { bold: true, size: 14 };
  ws.mergeCells(1, 1, 1, n);
  for (const [k, v] of actHeader(a)) {
    const r = ws.addRow([k, null, null, null, v]);
    ws.mergeCells(r.number, 1, r.number, 4);
    ws.mergeCells(r.number, 5, r.number, n);
  }
  ws.addRow([]);
  const head = ws.addRow(ACT_COLUMNS.map((c) => c.title));
  head.font = { bold: true };
  head.alignment = { wrapText: true, vertical: 'top' };
  const money = (v: string | number | null) => (typeof v === 'number' ? v / 100 : v);
  a.lines.forEach((l, i) => {
    const row = ws.addRow(ACT_COLUMNS.map((c) => (c.money ? money(c.value(l, i)) : c.date ? dateCell(c.value(l, i)) : c.value(l, i))));
    row.alignment = { wrapText: true, vertical: 'top' };
  });
  const totals = actTotals(a);
  const total = ws.addRow(ACT_COLUMNS.map((c) => (c.title in totals ? (c.money ? money(totals[c.title]) : totals[c.title]) : null)));
  total.font = { bold: true };
  ACT_COLUMNS.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = c.title.startsWith('Нарушения') ? 30 : c.title.startsWith('Пациент') ? 34 : i === 0 ? 6 : 14;
    if (c.money) col.numFmt = '#,##0.00';
    if (c.date) col.numFmt = 'dd.mm.yyyy';
  });
  const note = pendingNote(a);
  if (note) ws.addRow([note]);
  ws.addRow([]);
  ws.addRow(['Выявленные нарушения']).font = { bold: true };
  // code | item of 231н (B:C) | name (D:M) | cases (N)
  const defectRow = (cells: [unknown, unknown, unknown, unknown]) => {
    const r = ws.addRow([cells[0], cells[1], null, cells[2], ...Array<null>(n - 5).fill(null), cells[3]]);
    ws.mergeCells(r.number, 2, r.number, 3);
    ws.mergeCells(r.number, 4, r.number, n - 1);
    r.alignment = { wrapText: true, vertical: 'top' };
    return r;
  };
  defectRow(['Код F014', 'Пункт 231н', 'Нарушение', 'Случаев']).font = { bold: true };
  for (const d of a.defects) defectRow([d.code, d.item, d.name, d.cases]);
  if (!a.defects.length) ws.addRow(['Нарушений не выявлено']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
