// Russian names for the quality-control and ratings pages: groupings, F014 defect groups, rating catalogues and
// their indicators (the catalogues in data/catalogs/ are written in English).

/** The groupings of the agreement table the page offers (the API's `by`). */
export const QUALITY_GROUPINGS: [string, string][] = [
  ['arm', 'Способ отбора'],
  ['smo', 'СМО'],
  ['mo', 'МО'],
  ['model', 'Версия модели'],
  ['expert', 'Эксперт'],
];

/** F014 defect groups (231н items), as src/scoring/defect-groups.ts names them. */
export const DEFECT_GROUP_NAMES: Record<string, string> = {
  '1.4': 'ошибки в реестре счетов',
  '1.10': 'повторное выставление случая',
  '2.7': 'повторная госпитализация',
  '2.15': 'сроки лечения не подтверждены документацией',
  '2.16': 'документация не соответствует реестру',
  '3.1': 'неверный или необоснованный диагноз',
  '3.2': 'лечение и диагностика не по стандартам',
  '3.4': 'преждевременное прекращение лечения',
  '3.6': 'нарушение преемственности',
  '3.8': 'необоснованная госпитализация',
};

/** A defect group as the page shows it: `2.15 — сроки …`; conclusions without defect have none. */
export const defectGroupLabel = (g: string | number | null | undefined) =>
  g === null || g === undefined ? 'без дефекта' : DEFECT_GROUP_NAMES[String(g)] ? `${g} — ${DEFECT_GROUP_NAMES[String(g)]}` : `пункт ${g}`;

export const CATALOG_NAMES: Record<string, string> = {
  'oms-region-2009': 'Рейтинг системы ОМС региона (модель ФФОМС/ВШЭ, 2009)',
  'oms-region-p1': 'Рейтинг системы ОМС региона (таблица П1, реконструкция)',
  'mo-quality': 'Медицинские организации по качеству (данные экспертиз)',
  'mo-plan-execution': 'Медицинские организации по исполнению плана',
  'smo-quality': 'Страховые медицинские организации по качеству контроля',
};

export const INDICATOR_NAMES: Record<string, string> = {
  mee_defects: 'дефектов на 100 МЭЭ',
  ekmp_defects: 'дефектов на 100 ЭКМП',
  withheld: 'доля удержанной суммы, %',
  readm30: 'повторные госпитализации за 30 дней, %',
  readm90: 'повторные госпитализации за 90 дней, %',
  onco_complete: 'ЗНО с полным онкологическим разделом, %',
  lethal_reviewed: 'летальные исходы, проверенные ЭКМП, %',
  ekmp_per_1000: 'ЭКМП на 1000 застрахованных',
  defects_per_100: 'дефектов на 100 экспертиз',
  target_on_time: 'целевые экспертизы в срок, %',
  agreement: 'подтверждено экспертами из отбора модели, %',
  amb: 'скорая помощь: отклонение от плана, п.п.',
  outp: 'амбулаторная помощь: отклонение от плана, п.п.',
  day: 'дневной стационар: отклонение от плана, п.п.',
  hosp: 'круглосуточный стационар: отклонение от плана, п.п.',
  fin: 'финансовый план: отклонение, п.п.',
  k21: 'ЭКМП на 1000 застрахованных',
  k22: 'нарушений на 100 ЭКМП',
  k36: 'повторные госпитализации в течение квартала, %',
};
