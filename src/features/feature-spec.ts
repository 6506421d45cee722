/**
 * The feature spec: the names of a case's features, in the order they are stored (`case_feature.num` / `.cat`) and
 * read (`FeatureRow`). A change to a list, its order or a feature's meaning is a new `version`; the model of a
 * version is trained and scored on the spec version it names (docs/selection-loop-contracts.md).
 *
 * Every history feature uses only data dated before the case (a case ended before it began, or a transfer's earlier
 * stay ending on its admission day), never its own conclusion. Glossary of register terms: README "Glossary".
 */

/** A version of the feature lists. */
export interface FeatureSpec {
  version: string;
  numeric: readonly string[];
  categorical: readonly string[];
}

/** The features of one case under a spec. */
export interface FeatureRow {
  caseId: string;
  year: number;
  month: number;
  smo: string | null;
  codeMo: string;
  uslOk: number | null;
  /** spec.numeric order, NaN = missing. */
  num: Float32Array;
  /** spec.categorical order, null = missing. */
  cat: (string | null)[];
}

/**
 * Numeric features (NaN = missing). Flags are 0/1; counts are plain numbers; days are whole days.
 * Suffixes: `_n` count, `_d` days, `_f` 0/1 flag, `_r` ratio.
 */
export const NUMERIC = [
  // diagnosis (diagnosis.ts)
  'ds2_n', // DS2 codes over all SL (distinct)
  'ds2_chapters_n', // distinct ICD chapters of DS2
  'ds3_n', // DS3 codes over all SL (distinct)
  'ds0_f', // DS0 present in any SL
  'ds1_changed_f', // DS1 3-character category differs from the person's previous case (NaN: no previous case)
  'ds1_block_changed_f', // DS1 ICD block differs from the person's previous case
  // profile and care (care.ts)
  'sl_n', // SL in the case
  'usl_n', // USL (services) over all SL
  'kd_z', // KD_Z, else days between DATE_Z_1 and DATE_Z_2 for 24h/day stays
  'ksg_koef_z', // KOEF_Z of the case's KSG (main SL)
  'ksg_weight_vs_lightest_r', // KOEF_Z / the lightest KOEF_Z billed for the same DS1 category (reference window and the case)
  'los_vs_ksg_median_r', // stay / the region's median stay of the KSG (reference window)
  'kslp', // IT_SL (difficulty coefficient), 0 when none applied
  'koef_up', // KOEF_UP
  'sumv_rub', // SUMV in rubles
  'sum_vs_tariff_r', // SUMV / the tariff amount (KSG cost formula, else TARIF × ED_COL, else Σ USL TARIF × KOL_USL)
  // repeats (repeats.ts); the person is case.person_key (ENP, else the pseudonymous key)
  'prev_cases_365_n', // the person's cases in the 365 days before
  'days_since_discharge_d', // from the previous case's DATE_Z_2 to this DATE_Z_1
  'prev_same_block_f', // previous case: same DS1 ICD block
  'prev_same_mo_f', // previous case: same MO
  'prev_same_profil_f', // previous case: same PROFIL
  'stays24h_30_n', // 24h stays (USL_OK 1) ended in the 30 days before admission
  'stays24h_90_n',
  'stays24h_365_n',
  'readmit24h_30_same_block_f', // a 24h stay with the same DS1 block ended in the 30 days before (this one a 24h stay)
  'outpatient_same_ds_14_n', // outpatient cases (USL_OK 3) with the same DS1 in the 14 days before
  'transfer_in_f', // a 24h/day stay of the person ended on this admission day or the day before
  'age_y', // age in whole years at DATE_Z_1 (L-file DR)
  // oncology (oncology.ts); NaN where the section does not apply
  'ds_onk_f', // DS_ONK=1 in any SL (suspected malignancy)
  'onk_sl_f', // an ONK_SL section present
  'stad_f', // STAD present (ONK_SL cases)
  'tnm_f', // ONK_T, ONK_N and ONK_M all present
  'tnm_partial_f', // some but not all of ONK_T/N/M present (inconsistent)
  'b_diag_n', // B_DIAG entries
  'b_diag_histology_f', // a B_DIAG of DIAG_TIP 1 (histology)
  'b_diag_markers_f', // a B_DIAG of DIAG_TIP 2 (markers / IHC)
  'b_diag_no_result_n', // B_DIAG without DIAG_RSLT
  'cons_f', // a CONS (tumour board) present
  'cons_to_admission_d', // from DT_CONS to DATE_Z_1 (negative: the board came after admission)
  'napr_n', // NAPR entries of the case
  'napr_to_treatment_d', // first treatment: days from the suspicion referral's NAPR_DATE (earlier case, DS_ONK=1) to DATE_Z_1
  'onk_usl_n', // ONK_USL entries
  'lek_pr_n', // LEK_PR (drug schemes) entries
  'date_inj_n', // DATE_INJ over all LEK_PR
  'inj_gap_max_d', // the longest gap between consecutive injection dates of the case
  'cycle_gap_d', // from the person's previous drug-therapy injection to this case's first one
  'b_prot_n', // B_PROT entries
  'b_prot_refusal_f', // a refusal (N001 PROT 4, 5, 6)
  // organisation and doctor (history.ts): conclusions of cases ended before this case began
  'mo_reviews_n',
  'mo_defect_rate_shrunk',
  'doc_reviews_n',
  'doc_defect_rate_shrunk',
  'region_defect_rate', // the region's rate those are shrunk to (NaN: no reviews before)
  'mek_findings_n', // MEK findings of the case (finding by file + N_ZAP)
] as const;

/** Categorical features (null = missing): raw codes, encoded by the model version (vocabularies, target encodings). */
export const CATEGORICAL = [
  'ds1', // DS1 of the main (last) SL
  'ds1_cat', // its 3-character category (A00)
  'ds1_block', // its ICD-10 block (A00-A09)
  'ds1_chapter', // its ICD-10 chapter (I..XXII)
  'ds0_chapter',
  'c_zab', // C_ZAB (V027)
  'usl_ok',
  'vidpom',
  'for_pom',
  'profil',
  'profil_k',
  'prvs',
  'p_cel',
  'idsp',
  'rslt',
  'ishod',
  'n_ksg',
  'admit_weekday', // 1 Monday … 7 Sunday
  'discharge_weekday',
  'sex', // W of the L-file (1 male, 2 female)
  'ds1_t', // ONK_SL DS1_T (N018)
  'stad', // ONK_SL STAD (N002)
  'usl_tip', // the first ONK_USL USL_TIP (N013)
  'pr_cons', // the first CONS PR_CONS (N019)
  'code_mo',
  'iddokt', // the doctor (main SL IDDOKT)
] as const;

export type NumericFeature = (typeof NUMERIC)[number];
export type CategoricalFeature = (typeof CATEGORICAL)[number];

export const SPEC_VERSION = 'f1';

const SPEC: FeatureSpec = { version: SPEC_VERSION, numeric: NUMERIC, categorical: CATEGORICAL };

/** The spec that computeFeatures writes. */
export function currentSpec(): FeatureSpec {
  return SPEC;
}

/** Index of each feature name in its list. */
export const NUM_INDEX = Object.fromEntries(NUMERIC.map((n, i) => [n, i])) as Record<NumericFeature, number>;
export const CAT_INDEX = Object.fromEntries(CATEGORICAL.map((n, i) => [n, i])) as Record<CategoricalFeature, number>;

/** Partial features from one family; missing names stay NaN / null. */
export type NumValues = Partial<Record<NumericFeature, number>>;
export type CatValues = Partial<Record<CategoricalFeature, string | null>>;
