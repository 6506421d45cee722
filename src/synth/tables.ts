/**
 * Illustrative clinical tables of the synthetic region: frequent ICD-10 codes per V002 profile,
 * a KSG table with cost weights (KOEF_Z) and typical lengths of stay, and outpatient visit
 * profiles. ICD-10, V002 and F014 codes are real classifier codes; KSG numbers follow the federal
 * st../ds.. pattern but the selection, weights, stays and lethality are illustrative, not the
 * federal grouper. V021 specialty codes are placeholders.
 */

/** Oncology treatment of a KSG (N013 USL_TIP): 1 surgery, 2 drug therapy, 3 radiation, 4 chemoradiation. */
export type OnkTreatment = 1 | 2 | 3 | 4;

/** An inpatient KSG: code, profile (V002), diagnoses, cost weight, mean stay (days), lethality. */
export interface KsgDef {
  code: string;
  profil: number;
  prvs: number;
  ds: string[];
  koefZ: string;
  los: number;
  lethality: number;
  /** A heavier KSG of the same profile that an upcoding MO bills instead. */
  upcode?: string;
  /** Patients this care is for: sex (V005) and age range. */
  sex?: 1 | 2;
  minAge?: number;
  maxAge?: number;
  /** Oncology KSG: the treatment it pays for. */
  onk?: OnkTreatment;
}

export const KSG_24H: KsgDef[] = [
  {
    code: 'st27.004',
    profil: 97,
    prvs: 76,
    ds: ['I11.9', 'I10', 'I20.8'],
    koefZ: '0.87000',
    los: 8,
    lethality: 0.004,
    upcode: 'st27.013',
    minAge: 30,
  },
  { code: 'st27.013', profil: 29, prvs: 23, ds: ['I21.0', 'I21.1', 'I21.4'], koefZ: '2.28000', los: 10, lethality: 0.06, minAge: 35 },
  {
    code: 'st27.009',
    profil: 97,
    prvs: 76,
    ds: ['J18.1', 'J18.9', 'J15.9'],
    koefZ: '1.10000',
    los: 9,
    lethality: 0.02,
    upcode: 'st23.004',
  },
  { code: 'st23.004', profil: 97, prvs: 76, ds: ['J18.0', 'J96.0'], koefZ: '2.10000', los: 12, lethality: 0.07 },
  { code: 'st15.015', profil: 53, prvs: 53, ds: ['I63.4', 'I63.5', 'I63.9'], koefZ: '2.82000', los: 12, lethality: 0.1, minAge: 40 },
  {
    code: 'st15.008',
    profil: 53,
    prvs: 53,
    ds: ['G40.9', 'G43.0', 'G45.9'],
    koefZ: '0.96000',
    los: 8,
    lethality: 0.002,
    upcode: 'st15.015',
  },
  { code: 'st29.007', profil: 100, prvs: 99, ds: ['S72.0', 'S82.2', 'S42.2'], koefZ: '1.52000', los: 11, lethality: 0.01 },
  { code: 'st30.006', profil: 108, prvs: 108, ds: ['N20.0', 'N20.1', 'N13.2'], koefZ: '0.98000', los: 6, lethality: 0.001, minAge: 18 },
  { code: 'st12.012', profil: 112, prvs: 112, ds: ['K35.8', 'K80.0', 'K40.9'], koefZ: '1.24000', los: 7, lethality: 0.003 },
  {
    code: 'st02.003',
    profil: 136,
    prvs: 19,
    ds: ['O80', 'O82'],
    koefZ: '0.98000',
    los: 4,
    lethality: 0.0001,
    sex: 2,
    minAge: 18,
    maxAge: 45,
  },
  {
    code: 'st19.038',
    profil: 60,
    prvs: 41,
    ds: ['C50.1', 'C34.1', 'C18.7', 'C61'],
    koefZ: '2.46000',
    los: 9,
    lethality: 0.03,
    minAge: 30,
    onk: 2,
  },
  {
    code: 'st19.007',
    profil: 60,
    prvs: 41,
    ds: ['C50.4', 'C18.2', 'C16.2', 'C64'],
    koefZ: '2.42000',
    los: 12,
    lethality: 0.02,
    minAge: 30,
    onk: 1,
  },
  {
    code: 'st19.075',
    profil: 60,
    prvs: 41,
    ds: ['C53.0', 'C61', 'C32.0', 'C20'],
    koefZ: '3.12000',
    los: 18,
    lethality: 0.01,
    minAge: 30,
    onk: 3,
  },
];

export const KSG_DAY: KsgDef[] = [
  { code: 'ds27.001', profil: 97, prvs: 76, ds: ['I11.9', 'E11.9', 'I67.8'], koefZ: '0.74000', los: 8, lethality: 0 },
  { code: 'ds15.002', profil: 53, prvs: 53, ds: ['G54.1', 'M51.1', 'G62.9'], koefZ: '0.94000', los: 9, lethality: 0 },
  { code: 'ds19.033', profil: 60, prvs: 41, ds: ['C50.1', 'C34.1', 'C18.7'], koefZ: '3.91000', los: 5, lethality: 0, minAge: 30, onk: 2 },
  { code: 'ds19.018', profil: 60, prvs: 41, ds: ['C53.0', 'C61', 'C44.3'], koefZ: '2.75000', los: 12, lethality: 0, minAge: 30, onk: 4 },
];

/** An outpatient visit profile: V002 profile, V021 specialty, frequent ICD-10 codes, visit tariff (rubles). */
export interface VisitDef {
  profil: number;
  prvs: number;
  ds: string[];
  tarif: string;
  sex?: 1 | 2;
  minAge?: number;
  maxAge?: number;
}

export const OUTPATIENT: VisitDef[] = [
  { profil: 97, prvs: 76, ds: ['I10', 'I11.9', 'E11.9', 'J06.9', 'M54.5', 'K29.7'], tarif: '412.55', minAge: 18 },
  { profil: 65, prvs: 49, ds: ['H10.0', 'H52.1', 'H40.1'], tarif: '389.10' },
  { profil: 16, prvs: 17, ds: ['L42', 'L20.8', 'L30.9'], tarif: '115.09' },
  { profil: 53, prvs: 53, ds: ['G43.0', 'M54.2', 'G47.0'], tarif: '455.00', minAge: 18 },
  { profil: 136, prvs: 19, ds: ['Z34.0', 'N76.0', 'N95.1'], tarif: '501.30', sex: 2, minAge: 16 },
  { profil: 68, prvs: 49, ds: ['J06.9', 'J20.9', 'A09.9', 'L20.8'], tarif: '398.70', maxAge: 17 },
];

/** Diagnoses of a suspected malignancy at a polyclinic visit (DS_ONK=1, referral to the oncologist). */
export const ONCO_SUSPICION = ['N63', 'R59.0', 'K92.2', 'R22.2', 'N87.1'];

export const AMBULANCE = { profil: 84, prvs: 2, ds: ['I10', 'R07.4', 'J18.9', 'T14.1', 'I21.0'], tarif: '3134.00' };

/** Symptom codes a wrongly stated (unsubstantiated) main diagnosis turns into. */
export const VAGUE_DS = ['R07.4', 'R10.4', 'R50.9', 'R53', 'R51'];

/** F014 codes (Kod) of the defects the generator plants, with their 231н items. */
export const F014 = {
  duplicate: 222, // 1.10.2 duplicate in one register (MEK)
  overlap: 226, // 1.10.6 several cases at the same time in hospital (MEK)
  outpatientDuringStay: 225, // 1.10.5 outpatient care during a 24h stay (MEK)
  sumMismatch: 208, // 1.4.5 arithmetic error in the billed sum (MEK)
  outsidePeriod: 209, // 1.4.6 care date outside the reporting period (MEK)
  wrongCode: 207, // 1.4.4 fields filled incorrectly: a result code of another care condition (MEK)
  upcoding: 246, // 2.16.1 paid above the tariff warranted (KSG upcoding, MEE)
  padding: 245, // 2.15 care dates not matching the documentation (bed-day padding, MEE)
  readmission: 237, // 2.7 repeat hospitalisation masking a premature discharge (MEE)
  notProvided: 247, // 2.16.2 billed without documented services (MEE, invisible)
  unjustifiedAdmission: 266, // 3.8 hospitalisation without indications (EKMP)
  wrongDiagnosis: 251, // 3.1.2 unsubstantiated diagnosis that changed the length of treatment (EKMP)
  wrongTreatment: 257, // 3.2.3 diagnostics/treatment not per standards, worsened state (EKMP)
  prematureDischarge: 262, // 3.4 premature end of care (EKMP)
  oncoLate: 264, // 3.6 continuity of oncology care broken: late treatment, no histology, no tumour board (EKMP)
  preventableDeath: 258, // 3.2.4 failures that led to death (EKMP)
} as const;
export type DefectKind = keyof typeof F014;

/** What kind of control finds a defect: MEK in the register, MEE/EKMP only by an expert. */
export const DEFECT_CONTROL: Record<DefectKind, 'MEK' | 'MEE' | 'EKMP'> = {
  duplicate: 'MEK',
  overlap: 'MEK',
  outpatientDuringStay: 'MEK',
  sumMismatch: 'MEK',
  outsidePeriod: 'MEK',
  wrongCode: 'MEK',
  upcoding: 'MEE',
  padding: 'MEE',
  readmission: 'MEE',
  notProvided: 'MEE',
  unjustifiedAdmission: 'EKMP',
  wrongDiagnosis: 'EKMP',
  wrongTreatment: 'EKMP',
  prematureDischarge: 'EKMP',
  oncoLate: 'EKMP',
  preventableDeath: 'EKMP',
};

/**
 * Share of each mechanism in the defect rate (sums to 1): `--defect-rate` × share × MO and doctor
 * propensities is a case's probability of that defect.
 */
export const DEFECT_SHARE: Record<DefectKind, number> = {
  duplicate: 0.05,
  overlap: 0.04,
  outpatientDuringStay: 0.04,
  sumMismatch: 0.04,
  outsidePeriod: 0.03,
  wrongCode: 0.03,
  upcoding: 0.13,
  padding: 0.12,
  readmission: 0.08,
  notProvided: 0.08,
  unjustifiedAdmission: 0.07,
  wrongDiagnosis: 0.05,
  wrongTreatment: 0.07,
  prematureDischarge: 0.07,
  oncoLate: 0.05,
  preventableDeath: 0.05,
};

/** K_NO (share of the tariff not paid) and K_SH (fine, share of the per-capita norm) of the planted codes, from data/nsi/F014.tsv. */
export const K_NO: Record<number, number> = {
  222: 1,
  226: 1,
  225: 1,
  208: 1,
  209: 1,
  207: 1,
  246: 0.1,
  245: 1,
  237: 1,
  247: 1,
  266: 1,
  251: 0.3,
  257: 0.9,
  262: 0.5,
  264: 0.8,
  258: 1,
};
export const K_SH: Record<number, number> = {
  222: 0,
  226: 0,
  225: 0,
  208: 0,
  209: 0,
  207: 0,
  246: 0.3,
  245: 0,
  237: 0.3,
  247: 1,
  266: 0.3,
  251: 0,
  257: 1,
  262: 0.3,
  264: 1,
  258: 3,
};
