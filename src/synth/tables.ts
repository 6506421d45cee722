/**
 * Illustrative clinical tables of the synthetic region: frequent ICD-10 codes per V002 profile,
 * a KSG table with cost weights (KOEF_Z) and typical lengths of stay, and outpatient visit
 * profiles. Codes are real classifier codes; the selection and the weights are illustrative,
 * not the federal KSG grouper.
 */

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
}

export const KSG_24H: KsgDef[] = [
  {
    code: "st27.004",
    profil: 97,
    prvs: 76,
    ds: ["I11.9", "I10", "I20.8"],
    koefZ: "0.87000",
    los: 8,
    lethality: 0.004,
    upcode: "st27.013",
  },
  {
    code: "st27.013",
    profil: 97,
    prvs: 76,
    ds: ["I21.0", "I21.1", "I21.4"],
    koefZ: "2.28000",
    los: 10,
    lethality: 0.06,
  },
  {
    code: "st27.009",
    profil: 97,
    prvs: 76,
    ds: ["J18.1", "J18.9", "J15.9"],
    koefZ: "1.10000",
    los: 9,
    lethality: 0.02,
    upcode: "st23.004",
  },
  {
    code: "st23.004",
    profil: 97,
    prvs: 76,
    ds: ["J18.0", "J96.0"],
    koefZ: "2.10000",
    los: 12,
    lethality: 0.07,
  },
  {
    code: "st15.015",
    profil: 53,
    prvs: 53,
    ds: ["I63.4", "I63.5", "I63.9"],
    koefZ: "2.82000",
    los: 12,
    lethality: 0.1,
  },
  {
    code: "st15.008",
    profil: 53,
    prvs: 53,
    ds: ["G40.9", "G43.0", "G45.9"],
    koefZ: "0.96000",
    los: 8,
    lethality: 0.002,
    upcode: "st15.015",
  },
  {
    code: "st29.007",
    profil: 100,
    prvs: 99,
    ds: ["S72.0", "S82.2", "S42.2"],
    koefZ: "1.52000",
    los: 11,
    lethality: 0.01,
  },
  {
    code: "st30.006",
    profil: 108,
    prvs: 108,
    ds: ["N20.0", "N20.1", "N13.2"],
    koefZ: "0.98000",
    los: 6,
    lethality: 0.001,
  },
  {
    code: "st12.012",
    profil: 12,
    prvs: 12,
    ds: ["K35.8", "K80.0", "K40.9"],
    koefZ: "1.24000",
    los: 7,
    lethality: 0.003,
  },
  {
    code: "st02.003",
    profil: 136,
    prvs: 19,
    ds: ["O80", "O82"],
    koefZ: "0.98000",
    los: 4,
    lethality: 0.0001,
  },
  {
    code: "st19.038",
    profil: 60,
    prvs: 41,
    ds: ["C50.1", "C34.1", "C18.7", "C61"],
    koefZ: "2.46000",
    los: 9,
    lethality: 0.03,
  },
];

export const KSG_DAY: KsgDef[] = [
  {
    code: "ds27.001",
    profil: 97,
    prvs: 76,
    ds: ["I11.9", "E11.9", "I67.8"],
    koefZ: "0.74000",
    los: 8,
    lethality: 0,
  },
  {
    code: "ds15.002",
    profil: 53,
    prvs: 53,
    ds: ["G54.1", "M51.1", "G62.9"],
    koefZ: "0.94000",
    los: 9,
    lethality: 0,
  },
  {
    code: "ds19.033",
    profil: 60,
    prvs: 41,
    ds: ["C50.1", "C34.1", "C18.7"],
    koefZ: "3.91000",
    los: 5,
    lethality: 0,
  },
];

/** Outpatient visit profiles: V002 profile, V021 specialty, frequent ICD-10 codes, visit tariff (rubles). */
export const OUTPATIENT: Array<{
  profil: number;
  prvs: number;
  ds: string[];
  tarif: string;
}> = [
  {
    profil: 97,
    prvs: 76,
    ds: ["I10", "I11.9", "E11.9", "J06.9", "M54.5", "K29.7"],
    tarif: "412.55",
  },
  { profil: 29, prvs: 49, ds: ["H10.0", "H52.1", "H40.1"], tarif: "389.10" },
  { profil: 16, prvs: 17, ds: ["L42", "L20.8", "L30.9"], tarif: "115.09" },
  { profil: 53, prvs: 53, ds: ["G43.0", "M54.2", "G47.0"], tarif: "455.00" },
  { profil: 136, prvs: 19, ds: ["Z34.0", "N76.0", "N95.1"], tarif: "501.30" },
];

export const AMBULANCE = {
  profil: 84,
  prvs: 2,
  ds: ["I10", "R07.4", "J18.9", "T14.1", "I21.0"],
  tarif: "3134.00",
};

/** F014 codes (Kod) of the defects the generator plants, with their 231н items. */
export const F014 = {
  duplicate: 222, // 1.10.2 duplicate in one register (MEK)
  overlap: 226, // 1.10.6 several cases at the same time in hospital (MEK)
  outpatientDuringStay: 225, // 1.10.5 outpatient care during a 24h stay (MEK)
  sumMismatch: 208, // 1.4.5 arithmetic error in the billed sum (MEK)
  outsidePeriod: 209, // 1.4.6 care date outside the reporting period (MEK)
  upcoding: 246, // 2.16.1 paid above the tariff warranted (KSG upcoding, MEE)
  padding: 245, // 2.15 care dates not matching the documentation (bed-day padding, MEE)
  readmission: 237, // 2.7 repeat hospitalisation masking a premature discharge (MEE)
  notProvided: 247, // 2.16.2 billed without documented services (MEE, invisible)
  unjustifiedAdmission: 266, // 3.8 hospitalisation without indications (EKMP)
  wrongTreatment: 257, // 3.2.3 diagnostics/treatment not per standards, worsened state (EKMP)
  prematureDischarge: 262, // 3.4 premature end of care (EKMP)
  oncoLate: 264, // 3.6 continuity of oncology care broken: late treatment after suspicion (EKMP)
  preventableDeath: 258, // 3.2.4 failures that led to death (EKMP)
} as const;
export type DefectKind = keyof typeof F014;

/** What kind of control finds a defect: MEK in the register, MEE/EKMP only by an expert. */
export const DEFECT_CONTROL: Record<DefectKind, "MEK" | "MEE" | "EKMP"> = {
  duplicate: "MEK",
  overlap: "MEK",
  outpatientDuringStay: "MEK",
  sumMismatch: "MEK",
  outsidePeriod: "MEK",
  upcoding: "MEE",
  padding: "MEE",
  readmission: "MEE",
  notProvided: "MEE",
  unjustifiedAdmission: "EKMP",
  wrongTreatment: "EKMP",
  prematureDischarge: "EKMP",
  oncoLate: "EKMP",
  preventableDeath: "EKMP",
};

/** K_NO (share of the tariff not paid) of the planted codes, from the F014 snapshot (data/nsi/F014.tsv). */
export const K_NO: Record<number, number> = {
  222: 1,
  226: 1,
  225: 1,
  208: 1,
  209: 1,
  246: 0.1,
  245: 1,
  237: 1,
  247: 1,
  266: 1,
  257: 0.9,
  262: 0.5,
  264: 0.8,
  258: 1,
};
