// Russian names of the codes the pages show.
export const ROLE_NAMES: Record<string, string> = {
  admin: 'администратор',
  tfoms: 'ТФОМС',
  smo_coordinator: 'координатор СМО',
  expert: 'эксперт',
  data_scientist: 'аналитик данных',
  mo: 'медицинская организация',
};

export const ARM_NAMES: Record<string, string> = {
  trigger: 'обязательный (триггер)',
  model: 'по модели',
  random: 'случайный',
  manual: 'ручной список',
  unknown: 'не указан (санкции из реестров)',
};

export const STATE_NAMES: Record<string, string> = {
  selected: 'отобран',
  assigned: 'назначен эксперт',
  in_review: 'на экспертизе',
  concluded: 'заключение внесено',
};

export const CONTROL_NAMES: Record<string, string> = { MEE: 'МЭЭ', EKMP: 'ЭКМП' };

export const MODEL_STATUS: Record<string, string> = { active: 'действующая', shadow: 'теневая', retired: 'выведена' };

export const USL_OK: Record<string, string> = {
  '1': 'стационар',
  '2': 'дневной стационар',
  '3': 'амбулаторно',
  '4': 'скорая помощь',
};

/** A number with `d` decimals as a Russian reader writes it: a decimal comma, thousands apart (`265 183,458`). */
export const num = (x: number | null | undefined, d = 3) =>
  x === null || x === undefined ? '—' : x.toLocaleString('ru-RU', { minimumFractionDigits: d, maximumFractionDigits: d });
/** A share as per cent with one decimal (`7,7 %`). */
export const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${num(x * 100, 1)} %`);
/** A moment as PostgreSQL writes it (`2026-12-06 20:19:04.5+00`) in the reader's time, `06.12.2026, 20:19`. */
export const ruDateTime = (v: string) => {
  const d = new Date(v.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00'));
  return Number.isNaN(d.getTime())
    ? v
    : d.toLocaleString('ru-RU', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
};
/** A date of the register or an act (`2025-08-30`, ISO) as dd.mm.yyyy; anything else as it is, nothing as «—». */
export const ruDate = (v: unknown) => {
  if (v === null || v === undefined || v === '') return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(v));
  return m ? `${m[3]}.${m[2]}.${m[1]}` : String(v);
};
export const rub = (x: number | string | null | undefined) =>
  x === null || x === undefined || x === ''
    ? '—'
    : `${Number(x).toLocaleString('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ₽`;

export const PACKAGE_STATUS: Record<string, string> = {
  queued: 'в очереди',
  running: 'обрабатывается',
  done: 'обработан',
  rejected: 'отклонён',
  failed: 'ошибка обработки',
};

export const FILE_STATUS: Record<string, string> = {
  accepted: 'принят',
  rejected: 'отклонён',
  duplicate: 'уже загружен ранее',
};

export const CONTROL_KIND: Record<string, string> = { FLK: 'ФЛК', MEK: 'МЭК' };

export const AUDIT_ACTION: Record<string, string> = { 'read-person': 'просмотр персональных данных' };

/** Kopecks as roubles (`1 234,50`), as the act prints them. */
export const kop = (x: number) => (x / 100).toLocaleString('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** The act's title word by control. */
export const ACT_TITLE: Record<string, string> = {
  MEE: 'медико-экономической экспертизы',
  EKMP: 'экспертизы качества медицинской помощи',
};

// The case card (case.page.tsx and its parts).
export const CASE_STATUS: Record<string, string> = {
  accepted: 'принят',
  superseded: 'заменён исправленной записью',
  rejected: 'отклонён',
  duplicate: 'повтор',
};
export const OPLATA_NAMES: Record<string, string> = {
  '0': 'решение об оплате не принято',
  '1': 'оплата полностью',
  '2': 'полный отказ в оплате',
  '3': 'частичный отказ в оплате',
};
export const F014_SECTION: Record<string, string> = { MEK: 'МЭК', MEE: 'МЭЭ', EKMP: 'ЭКМП' };
export const FINDING_CONTROL: Record<string, string> = { FLK: 'ФЛК', MEK: 'МЭК' };
export const SEVERITY_NAMES: Record<string, string> = { error: 'ошибка', warning: 'предупреждение' };
export const SOURCE_NAMES: Record<string, string> = { register: 'из реестра (SANK)', csv: 'из файла CSV', api: 'введено в системе' };
export const MODEL_SCORE_STATUS: Record<string, string> = {
  active: 'действующая модель',
  shadow: 'теневая модель',
  retired: 'выведенная модель',
};
/** ONK_SL/DS1_T: the reason of the oncology case (N018). */
export const DS1_T_NAMES: Record<string, string> = {
  '0': 'первичное лечение',
  '1': 'лечение при рецидиве',
  '2': 'лечение при прогрессировании',
  '3': 'динамическое наблюдение',
  '4': 'диспансерное наблюдение',
  '5': 'диагностика',
  '6': 'симптоматическое лечение',
};
/** ONK_USL/USL_TIP: the kind of oncology treatment (N013). */
export const USL_TIP_NAMES: Record<string, string> = {
  '1': 'хирургическое лечение',
  '2': 'лекарственная противоопухолевая терапия',
  '3': 'лучевая терапия',
  '4': 'химиолучевая терапия',
  '5': 'неспецифическое лечение',
  '6': 'диагностика',
};
/** A conclusion's content fields as the history of corrections names them. */
export const CONCLUSION_FIELD_NAMES: Record<string, string> = {
  s_tip: 'тип экспертизы',
  control: 'вид контроля',
  defect: 'дефект',
  f014: 'коды F014',
  amount_kop: 'неоплата',
  fine_kop: 'штраф',
  fine_pending: 'штраф ожидает норматива',
  experts: 'эксперты',
  date_act: 'дата акта',
  num_act: 'номер акта',
  comment: 'комментарий',
  sl_id: 'SL_ID',
  arm: 'способ отбора',
  reason: 'причина отбора',
  propensity: 'вероятность отбора',
};
