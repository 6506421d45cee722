/**
 * The agreement report as the web app's «Экспорт в Excel» writes it: the same rows as `agreementXlsxBuffer`
 * (agreement-format.ts) under Russian headers and sheet names, with the arms named. Pure apart from exceljs, which is
 * loaded on first use.
 */
import type { AgreementReport } from './agreement.js';
import { agreementRows, modelRows } from './agreement-format.js';

const HEAD: Record<string, string> = {
  arm: 'Способ отбора',
  control: 'Вид контроля',
  s_tip: 'Тип экспертизы (F006)',
  smo: 'СМО',
  mo: 'МО',
  model: 'Версия модели',
  expert: 'Эксперт',
  defect_group: 'Группа F014 (пункт 231н)',
  month: 'Месяц',
  conclusions: 'Заключений',
  reviewed: 'Проверено случаев',
  confirmed: 'Подтверждено',
  hit_rate: 'Доля подтверждений',
  hit_rate_lo: 'Доля подтверждений: нижняя граница 95 %',
  hit_rate_hi: 'Доля подтверждений: верхняя граница 95 %',
  recovered_rub: 'Возвращено, ₽',
  non_payment_rub: 'Неоплата, ₽',
  fine_rub: 'Штрафы, ₽',
  lift: 'Подъём к случайному',
  lift_lo: 'Подъём: нижняя граница 95 %',
  lift_hi: 'Подъём: верхняя граница 95 %',
  version: 'Версия',
  status: 'Статус',
  threshold: 'Порог',
  scored: 'Оценено случаев',
  random_cases: 'Случаев случайного отбора',
  random_defective: 'Из них с дефектом',
  kappa: 'κ модель — эксперт',
  precision_ipw: 'Точность (IPW)',
  precision_lo: 'Точность: нижняя граница',
  precision_hi: 'Точность: верхняя граница',
  recall_ipw: 'Полнота (IPW)',
  recall_lo: 'Полнота: нижняя граница',
  recall_hi: 'Полнота: верхняя граница',
  psi_level: 'Уровень PSI',
};

const ARM: Record<string, string> = {
  trigger: 'обязательный (триггер)',
  model: 'по модели',
  random: 'случайный',
  manual: 'ручной список',
  unknown: 'не указан (санкции из реестров)',
  all: 'всего',
};

/** Header row in Russian (unknown names kept), the arm and defect-group columns' values named. */
function russian(rows: unknown[][]): unknown[][] {
  const [head, ...body] = rows as [string[], ...unknown[][]];
  const arm = head.indexOf('arm');
  const group = head.indexOf('defect_group');
  return [
    head.map((h) => HEAD[h] ?? h),
    ...body.map((r) =>
      r.map((v, i) => (i === arm && typeof v === 'string' ? (ARM[v] ?? v) : i === group && v === null ? 'без дефекта' : v)),
    ),
  ];
}

/** The workbook: sheets «Группы» (the shown grouping), «Способы отбора» (with «всего»), «Модели». */
export async function agreementXlsxRussian(r: AgreementReport): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const sheets: [string, unknown[][]][] = [
    ['Группы', russian(agreementRows(r))],
    ['Способы отбора', russian(agreementRows(r, [...r.arms, { ...r.total, key: { arm: 'all' } }], ['arm']))],
    ['Модели', russian(modelRows(r))],
  ];
  for (const [name, rows] of sheets) {
    const ws = wb.addWorksheet(name);
    for (const row of rows) ws.addRow(row);
    ws.getRow(1).font = { bold: true };
    ws.columns.forEach((c) => (c.width = 16));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
