/**
 * The worklist export: `omsx worklist export` and `GET /api/worklists/export` (the filters of a worklist page), as CSV
 * with the English header or XLSX with the Russian one.
 */
import type { Deps } from '../deps.js';
import { LINE, where, type WorklistLine, type WorklistQuery } from './worklists.service.js';

export const EXPORT_COLUMNS = [
  'file',
  'n_zap',
  'idcase',
  'mo',
  'smo',
  'usl_ok',
  'control',
  's_tip',
  'arm',
  'propensity',
  'p_defect',
  'expected_amount',
  'rank',
  'reason_1',
  'reason_2',
  'reason_3',
  'reason_4',
  'expert',
] as const;

/** The export table: a header and one row per item (reasons as their texts). */
export async function worklistTable(deps: Deps, q: WorklistQuery): Promise<(string | number | null)[][]> {
  const w = where(q);
  const rows = await deps.db.sql.query<WorklistLine>(
    `SELECT ${LINE} FROM worklist_item i JOIN "case" c ON c.id = i.case_id JOIN register_file f ON f.id = c.register_file_id
      WHERE ${w.sql} ORDER BY i.smo, i.control, i.usl_ok, i.rank NULLS FIRST, i.id`,
    w.params,
  );
  return [
    [...EXPORT_COLUMNS],
    ...rows.map((r) => {
      const reasons = (r.reasons ?? []).map((x) => x.text);
      return [
        r.file,
        r.n_zap,
        r.idcase,
        r.mo,
        r.smo,
        r.usl_ok,
        r.control,
        r.s_tip,
        r.arm,
        r.propensity,
        r.p_defect,
        r.expected_amount,
        r.rank,
        reasons[0] ?? null,
        reasons[1] ?? null,
        reasons[2] ?? null,
        reasons[3] ?? null,
        r.expert,
      ];
    }),
  ];
}

/**
 * The XLSX header of each export column, in Russian for the coordinators who open it; the CSV keeps the documented
 * English names of EXPORT_COLUMNS (scripts read it). The values are the same in both.
 */
export const EXPORT_HEADERS_RU: Record<(typeof EXPORT_COLUMNS)[number], string> = {
  file: 'Файл',
  n_zap: 'N_ZAP',
  idcase: 'IDCASE',
  mo: 'МО',
  smo: 'СМО',
  usl_ok: 'Условия оказания (USL_OK)',
  control: 'Вид контроля',
  s_tip: 'S_TIP',
  arm: 'Способ отбора',
  propensity: 'Вероятность отбора',
  p_defect: 'Вероятность дефекта',
  expected_amount: 'Ожидаемая сумма, руб.',
  rank: 'Ранг',
  reason_1: 'Причина 1',
  reason_2: 'Причина 2',
  reason_3: 'Причина 3',
  reason_4: 'Причина 4',
  expert: 'Эксперт',
};

/** The file name of an export: `worklist-<period>[-<smo>][-<control>][-<arm>][-<state>].<format>`. */
export function worklistFileName(q: WorklistQuery, format: 'csv' | 'xlsx'): string {
  const parts = [q.period, q.smo, q.control, q.arm, q.state].filter((p): p is string => !!p).map((p) => p.replace(/[^\w.-]+/g, '_'));
  return `worklist-${parts.join('-')}.${format}`;
}

/**
 * Writes the export as CSV (UTF-8, the English header) or XLSX (the Russian header, numbers as numbers, the header
 * frozen and filterable).
 */
export async function exportWorklist(deps: Deps, q: WorklistQuery, format: 'csv' | 'xlsx'): Promise<{ body: Buffer; rows: number }> {
  const table = await worklistTable(deps, q);
  if (format === 'csv') {
    const { stringify } = await import('csv-stringify/sync');
    return { body: Buffer.from(stringify(table), 'utf8'), rows: table.length - 1 };
  }
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(`worklist ${q.period}`, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(EXPORT_COLUMNS.map((c) => EXPORT_HEADERS_RU[c]));
  const amount = EXPORT_COLUMNS.indexOf('expected_amount');
  for (const row of table.slice(1)) ws.addRow(row.map((v, i) => (i === amount && v !== null ? Number(v) : v)));
  ws.getRow(1).font = { bold: true };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: EXPORT_COLUMNS.length } };
  EXPORT_COLUMNS.forEach((c, i) => {
    ws.getColumn(i + 1).width = c === 'file' ? 24 : c.startsWith('reason_') ? 40 : 14;
  });
  ws.getColumn(amount + 1).numFmt = '#,##0.00';
  return { body: Buffer.from(await wb.xlsx.writeBuffer()), rows: table.length - 1 };
}
