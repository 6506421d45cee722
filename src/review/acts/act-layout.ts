/** What the act says, shared by its XLSX, PDF and web forms: the title, the header lines and the table's columns. */
import { ruDate } from '../../calendar.js';
import { CONTROL_TITLE, defectsText, type Act, type ActLine } from './act.js';

/** `Акт медико-экономической экспертизы № 7 от 15.10.2025` (several acts: their numbers listed). */
export function actTitle(a: Act): string {
  const acts = a.acts.filter((x) => x.num || x.date);
  const tail = acts.map((x) => [x.num && `№ ${x.num}`, x.date && `от ${ruDate(x.date)}`].filter(Boolean).join(' ')).join('; ');
  return `Акт ${CONTROL_TITLE[a.control]}${tail ? ` ${tail}` : ''}`;
}

/** The header lines: label and value. */
export function actHeader(a: Act): [string, string][] {
  return [
    ['Медицинская организация', a.mo.name ? `${a.mo.code} — ${a.mo.name}` : a.mo.code],
    ['Страховая медицинская организация', a.smo ?? '—'],
    ['Отчётный период', a.period],
    ['Счета', a.accounts.map((s) => `№ ${s.nschet ?? '—'}${s.dschet ? ` от ${ruDate(s.dschet)}` : ''} (${s.file})`).join('; ')],
    ['Эксперты', a.experts.join(', ') || '—'],
  ];
}

/** A column of the table of cases: its title and what a line shows in it (money in kopecks, to be formatted). */
export interface ActColumn {
  title: string;
  money?: boolean;
  /** A date: the value is ISO (`YYYY-MM-DD`), printed dd.mm.yyyy (a date cell in the XLSX). */
  date?: boolean;
  /** The PDF's width in points (A4 landscape holds 786 pt within its margins); absent: the rest of the width. */
  pdf?: number;
  value: (l: ActLine, i: number) => string | number | null;
}

export const ACT_COLUMNS: ActColumn[] = [
  { title: '№', pdf: 14, value: (_l, i) => i + 1 },
  { title: 'Счёт', pdf: 40, value: (l) => l.account },
  { title: 'N_ZAP', pdf: 30, value: (l) => l.n_zap },
  { title: 'IDCASE', pdf: 52, value: (l) => l.idcase },
  { title: 'Пациент (псевдоним)', pdf: 70, value: (l) => l.patient },
  { title: 'Начало лечения', date: true, pdf: 42, value: (l) => l.date_1 },
  { title: 'Окончание лечения', date: true, pdf: 42, value: (l) => l.date_2 },
  { title: 'Сумма случая, руб.', money: true, pdf: 48, value: (l) => l.sum_kop },
  { title: 'Нарушения: код F014 (пункт приказа 231н)', value: (l) => defectsText(l.defects) },
  { title: 'Не подлежит оплате, руб.', money: true, pdf: 48, value: (l) => l.amount_kop },
  { title: 'Штраф, руб.', money: true, pdf: 44, value: (l) => l.fine_kop },
  { title: 'Эксперты', pdf: 36, value: (l) => l.experts.join(', ') },
  { title: '№ акта', pdf: 52, value: (l) => l.num_act },
  { title: 'Дата акта', date: true, pdf: 42, value: (l) => l.date_act },
];

/** The totals row: the column title → the total (money in kopecks); the others are blank. */
export function actTotals(a: Act): Record<string, string | number> {
  return {
    '№': 'Итого',
    'Сумма случая, руб.': a.totals.sum_kop,
    'Нарушения: код F014 (пункт приказа 231н)': `случаев с нарушениями: ${a.totals.with_defects} из ${a.totals.cases}`,
    'Не подлежит оплате, руб.': a.totals.amount_kop,
    'Штраф, руб.': a.totals.fine_kop,
  };
}

/** The note under the totals when some fines wait for the year's per-capita norm. */
export function pendingNote(a: Act): string | null {
  return a.totals.fines_pending
    ? `Штрафы по ${a.totals.fines_pending} случаям не рассчитаны: не задан подушевой норматив финансирования года.`
    : null;
}
