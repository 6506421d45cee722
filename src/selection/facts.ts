/**
 * What selection knows of a case: the register columns and a few SL fields (P_CEL, C_ZAB, DS1_PR, P_PER, DS2, DS3,
 * ONK_USL/USL_TIP, PRVS), read by selection.repo.ts. Dates are days since 1970-01-01.
 */
export interface CaseFacts {
  id: string;
  /** The person across registers: ENP (or policy), else name + birth date, else the MO's own id. */
  person: string;
  codeMo: string;
  smo: string;
  year: number;
  month: number;
  uslOk: number | null;
  fileKind: string;
  date1: number;
  date2: number;
  rslt: number | null;
  ds1: string | null;
  profil: number | null;
  ksg: string | null;
  sumKop: number;
  kdZ: number | null;
  /** Z_SL/P_CEL (3.2+) or the first SL's. */
  pCel: string | null;
  /** Some SL has C_ZAB = 2 (newly found chronic disease). */
  cZab: boolean;
  /** Some SL has DS1_PR = 1 (diagnosis established for the first time). */
  ds1Pr: boolean;
  /** Some SL has P_PER = 3 (transfer from another MO). */
  pPer3: boolean;
  ds2: string[];
  ds3: string[];
  uslTip: number[];
  /** The main (last) SL's PRVS (V021); loadCaseFacts leaves it null (assignment reads it on its own). */
  prvs: string | null;
  /** MEK errors found on the case at ingestion. */
  mek: number;
  /** The case belongs to the period being selected (others are the history triggers look back on). */
  inPeriod: boolean;
}

/** The 3-character ICD-10 category: `I21.0` → `I21`. */
export const icd3 = (code: string | null | undefined): string => (code ?? '').slice(0, 3).toUpperCase();

/** A code on a list of 3-character codes, ranges (`E10-E14`) or prefixes (`C`, `E10`, `U07.1`). */
export function onIcdList(code: string | null | undefined, list: readonly string[]): boolean {
  if (!code) return false;
  const c = code.toUpperCase();
  const c3 = c.slice(0, 3);
  for (const item of list) {
    const dash = item.indexOf('-');
    if (dash > 0) {
      if (c3 >= item.slice(0, dash).toUpperCase() && c3 <= item.slice(dash + 1).toUpperCase()) return true;
    } else if (c.startsWith(item.toUpperCase())) return true;
  }
  return false;
}

/** ICD-10 chapters by their first category (A00 … U85). */
const CHAPTERS: readonly [string, number][] = [
  ['A00', 1],
  ['C00', 2],
  ['D50', 3],
  ['E00', 4],
  ['F00', 5],
  ['G00', 6],
  ['H00', 7],
  ['H60', 8],
  ['I00', 9],
  ['J00', 10],
  ['K00', 11],
  ['L00', 12],
  ['M00', 13],
  ['N00', 14],
  ['O00', 15],
  ['P00', 16],
  ['Q00', 17],
  ['R00', 18],
  ['S00', 19],
  ['V01', 20],
  ['Z00', 21],
  ['U00', 22],
];

/** The ICD-10 chapter (1–22) of a code, or 0 when it is not one. */
export function icdChapter(code: string | null | undefined): number {
  const c3 = icd3(code);
  if (!/^[A-Z]\d\d$/.test(c3)) return 0;
  if (c3[0] === 'U') return 22;
  let ch = 0;
  for (const [first, n] of CHAPTERS) if (n !== 22 && c3 >= first) ch = n;
  return ch;
}

/** One mandatory selection of a case: its F006 code and why, in Russian. */
export interface TriggerHit {
  caseId: string;
  f006: number;
  reason: string;
}
