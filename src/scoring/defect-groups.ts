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

interface FeatureRule {
  test: RegExp;
  group: string | null;
  /** What the feature is, for an expert; the value and its direction are added. */
  label: string;
}

/** First match wins; names are matched case-insensitively against the feature-spec names. */
const RULES: readonly FeatureRule[] = [
  { test: /mek|finding|dup|overlap|during_stay|intersect/i, group: '1.10', label: 'находки МЭК / пересечения со случаями того же пациента' },
  { test: /sum_vs_tariff|tariff|sum_ratio|sumv|amount/i, group: '1.4', label: 'сумма счёта относительно тарифа' },
  { test: /onk|onco|zno|stad|tnm|b_diag|hist|cons|napr|lek|usl_tip|b_prot|c_zab/i, group: '3.6', label: 'онкология: сроки, гистология, консилиум' },
  { test: /readm|days_since|since_(last|prev)|repeat|prev_|same_(block|mo|profil)|stays_\d+|transfer/i, group: '2.7', label: 'повторные госпитализации / обращения пациента' },
  { test: /los|stay|bed|kd_z|kd\b|length/i, group: '2.15', label: 'длительность лечения относительно нормы КСГ' },
  { test: /ksg|koef|kslp|weight/i, group: '2.16', label: 'КСГ и коэффициенты относительно диагноза' },
  { test: /rslt|ishod|death|lethal|outcome/i, group: '3.2', label: 'исход и результат лечения' },
  { test: /ds2|ds3|ds0|ds1_change|chapter|comorb/i, group: '3.1', label: 'сопутствующие диагнозы и смена диагноза' },
  { test: /ds1|icd|block|diag/i, group: '3.1', label: 'основной диагноз' },
  { test: /usl_ok|vidpom|for_pom|admission|weekday|p_cel|profil|prvs|idsp/i, group: '3.8', label: 'условия и профиль помощи' },
  { test: /doct|iddokt|doctor/i, group: null, label: 'врач (история подтверждённых дефектов)' },
  { test: /code_mo|(^|_)mo(_|$)|lpu/i, group: null, label: 'медицинская организация (история подтверждённых дефектов)' },
  { test: /age|sex|w\b/i, group: null, label: 'возраст и пол пациента' },
];

export interface FeatureMeaning {
  group: string | null;
  label: string;
}

/** What a feature points to (group may be null: the expected group then comes from the model's priors). */
export function featureMeaning(feature: string): FeatureMeaning {
  for (const r of RULES) if (r.test.test(feature)) return { group: r.group, label: r.label };
  return { group: null, label: feature };
}
