/**
 * F014 defect groups (231н items of the 2021+ F014 list, the part of `Osn` before the last number) that reasons and
 * expected amounts are expressed in, and what each feature points to, in words an expert understands. Pure.
 */

export interface DefectGroup {
  id: string;
  /** The F014 code whose K_NO prices the group (the one the region's experts use most for it). */
  f014: number;
  name: string;
}

export const DEFECT_GROUPS: readonly DefectGroup[] = [
  { id: '1.4', f014: 208, name: 'ошибки в реестре счетов (сумма, коды, период)' },
  { id: '1.10', f014: 222, name: 'повторное или пересекающееся выставление случая' },
  { id: '2.7', f014: 237, name: 'повторная госпитализация, маскирующая досрочную выписку' },
  { id: '2.15', f014: 245, name: 'сроки лечения не подтверждены документацией (койко-дни)' },
  { id: '2.16', f014: 246, name: 'данные документации не соответствуют реестру (завышение КСГ, услуги)' },
  { id: '3.1', f014: 251, name: 'неверный или необоснованный диагноз' },
  { id: '3.2', f014: 257, name: 'лечение и диагностика не по стандартам' },
  { id: '3.4', f014: 262, name: 'преждевременное прекращение лечения' },
  { id: '3.6', f014: 264, name: 'нарушение преемственности (онкология: сроки, гистология, консилиум)' },
  { id: '3.8', f014: 266, name: 'необоснованная госпитализация' },
];
const BY_ID = new Map(DEFECT_GROUPS.map((g) => [g.id, g]));

export function defectGroup(id: string): DefectGroup | undefined {
  return BY_ID.get(id);
}

/** The group of an F014 code from its `Osn` (e.g. `3.2.3.` → `3.2`, `2.15.` → `2.15`). */
export function groupOfOsn(osn: string): string {
  const parts = osn.split('.').filter((p) => p !== '');
  return parts.length >= 3 ? parts.slice(0, 2).join('.') : parts.join('.');
}

/** What each feature of spec f1 (src/features/feature-spec.ts) is, for an expert, and the group it points to. */
const FEATURES: Record<string, [string | null, string]> = {
  ds2_n: ['3.1', 'число сопутствующих диагнозов'],
  ds2_chapters_n: ['3.1', 'сопутствующие диагнозы из разных классов МКБ'],
  ds3_n: ['3.1', 'число диагнозов осложнений'],
  ds0_f: ['3.1', 'указан первичный диагноз DS0'],
  ds1_changed_f: ['3.1', 'основной диагноз сменился против прошлого случая'],
  ds1_block_changed_f: ['3.1', 'блок МКБ основного диагноза сменился против прошлого случая'],
  sl_n: ['2.16', 'число законченных случаев (SL) в счёте'],
  usl_n: ['2.16', 'число выставленных услуг'],
  kd_z: ['2.15', 'длительность госпитализации (койко-дни)'],
  ksg_koef_z: ['2.16', 'коэффициент затратоёмкости КСГ'],
  ksg_weight_vs_lightest_r: ['2.16', 'КСГ тяжелее самой лёгкой КСГ того же диагноза'],
  los_vs_ksg_median_r: ['2.15', 'длительность лечения против медианы КСГ по региону'],
  kslp: ['2.16', 'применённый КСЛП'],
  koef_up: ['2.16', 'коэффициент уровня (КУП)'],
  sumv_rub: ['1.4', 'сумма случая'],
  sum_vs_tariff_r: ['1.4', 'сумма счёта против тарифа'],
  prev_cases_365_n: ['2.7', 'обращений пациента за год до случая'],
  days_since_discharge_d: ['2.7', 'дней после прошлой выписки'],
  prev_same_block_f: ['2.7', 'прошлый случай с тем же блоком МКБ'],
  prev_same_mo_f: ['2.7', 'прошлый случай в той же МО'],
  prev_same_profil_f: ['2.7', 'прошлый случай того же профиля'],
  stays24h_30_n: ['2.7', 'госпитализаций за 30 дней до поступления'],
  stays24h_90_n: ['2.7', 'госпитализаций за 90 дней до поступления'],
  stays24h_365_n: ['2.7', 'госпитализаций за год до поступления'],
  readmit24h_30_same_block_f: ['2.7', 'повторная госпитализация с тем же блоком МКБ в 30 дней'],
  outpatient_same_ds_14_n: ['2.7', 'амбулаторные обращения с тем же диагнозом за 14 дней'],
  transfer_in_f: ['2.7', 'перевод из другого стационара'],
  age_y: [null, 'возраст пациента'],
  ds_onk_f: ['3.6', 'подозрение на ЗНО (DS_ONK)'],
  onk_sl_f: ['3.6', 'заполнены сведения онкологии (ONK_SL)'],
  stad_f: ['3.6', 'указана стадия ЗНО'],
  tnm_f: ['3.6', 'указана TNM'],
  tnm_partial_f: ['3.6', 'TNM заполнена не полностью'],
  b_diag_n: ['3.6', 'число диагностических блоков (B_DIAG)'],
  b_diag_histology_f: ['3.6', 'есть гистология'],
  b_diag_markers_f: ['3.6', 'есть маркёры / ИГХ'],
  b_diag_no_result_n: ['3.6', 'диагностика без результата'],
  cons_f: ['3.6', 'проведён онкоконсилиум'],
  cons_to_admission_d: ['3.6', 'дней от консилиума до поступления'],
  napr_n: ['3.6', 'число направлений'],
  napr_to_treatment_d: ['3.6', 'дней от направления с подозрением на ЗНО до лечения'],
  onk_usl_n: ['3.6', 'число онкологических услуг'],
  lek_pr_n: ['3.6', 'число схем лекарственной терапии'],
  date_inj_n: ['3.6', 'число введений препаратов'],
  inj_gap_max_d: ['3.6', 'наибольший перерыв между введениями (дней)'],
  cycle_gap_d: ['3.6', 'перерыв от прошлого цикла терапии (дней)'],
  b_prot_n: ['3.6', 'противопоказания и отказы (B_PROT)'],
  b_prot_refusal_f: ['3.6', 'отказ от лечения'],
  mo_reviews_n: [null, 'экспертиз МО до случая'],
  mo_defect_rate_shrunk: [null, 'доля подтверждённых дефектов МО'],
  doc_reviews_n: [null, 'экспертиз врача до случая'],
  doc_defect_rate_shrunk: [null, 'доля подтверждённых дефектов врача'],
  region_defect_rate: [null, 'доля дефектов по региону'],
  mek_findings_n: ['1.10', 'находки МЭК по случаю'],
  ds1: ['3.1', 'основной диагноз'],
  ds1_cat: ['3.1', 'рубрика основного диагноза'],
  ds1_block: ['3.1', 'блок МКБ основного диагноза'],
  ds1_chapter: ['3.1', 'класс МКБ основного диагноза'],
  ds0_chapter: ['3.1', 'класс МКБ первичного диагноза'],
  c_zab: ['3.1', 'характер заболевания'],
  usl_ok: ['3.8', 'условия оказания помощи'],
  vidpom: ['3.8', 'вид помощи'],
  for_pom: ['3.8', 'форма помощи'],
  profil: ['3.8', 'профиль помощи'],
  profil_k: ['3.8', 'профиль койки'],
  prvs: ['3.8', 'специальность врача'],
  p_cel: ['3.8', 'цель посещения'],
  idsp: ['1.4', 'способ оплаты'],
  rslt: ['3.2', 'результат обращения'],
  ishod: ['3.2', 'исход заболевания'],
  n_ksg: ['2.16', 'КСГ'],
  admit_weekday: ['3.8', 'день недели поступления'],
  discharge_weekday: ['2.15', 'день недели выписки'],
  sex: [null, 'пол пациента'],
  ds1_t: ['3.6', 'повод обращения (онкология)'],
  stad: ['3.6', 'стадия ЗНО'],
  usl_tip: ['3.6', 'тип онкологического лечения'],
  pr_cons: ['3.6', 'цель консилиума'],
  code_mo: [null, 'медицинская организация'],
  iddokt: [null, 'врач'],
};

interface FeatureRule {
  test: RegExp;
  group: string | null;
  label: string;
}

/** For names outside spec f1: first match wins. */
const RULES: readonly FeatureRule[] = [
  { test: /mek|finding|dup|overlap/i, group: '1.10', label: 'находки МЭК' },
  { test: /tariff|sum/i, group: '1.4', label: 'сумма счёта' },
  { test: /onk|stad|tnm|b_diag|cons|napr|lek|inj|b_prot/i, group: '3.6', label: 'онкология' },
  { test: /readm|since|prev|stays|transfer|repeat/i, group: '2.7', label: 'повторные обращения пациента' },
  { test: /los|stay|kd/i, group: '2.15', label: 'длительность лечения' },
  { test: /ksg|koef|kslp/i, group: '2.16', label: 'КСГ и коэффициенты' },
  { test: /rslt|ishod/i, group: '3.2', label: 'исход лечения' },
  { test: /ds\d|diag|icd/i, group: '3.1', label: 'диагноз' },
];

export interface FeatureMeaning {
  group: string | null;
  label: string;
}

/** What a feature points to (group null: the expected group then comes from the model's priors). */
export function featureMeaning(feature: string): FeatureMeaning {
  const known = FEATURES[feature];
  if (known) return { group: known[0], label: known[1] };
  for (const r of RULES) if (r.test.test(feature)) return { group: r.group, label: `${r.label} (${feature})` };
  return { group: null, label: feature };
}
