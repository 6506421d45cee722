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

export const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)} %`);
export const num = (x: number | null | undefined, d = 3) => (x === null || x === undefined ? '—' : x.toFixed(d));
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
