/**
 * What the feature families compute from: one case as the service reads it (plain data, dates as days from
 * 1970-01-01), the person's earlier cases, and the region's reference figures. Pure types and small helpers.
 */
import type { Sl } from '../registers/model.js';
import { isoDays } from '../calendar.js';

/** An accepted case of the period being computed. */
export interface CaseInput {
  id: string;
  year: number;
  month: number;
  /** PACIENT/SMO, else the account's payer (PLAT). */
  smo: string | null;
  codeMo: string;
  fileKind: string;
  personKey: string;
  uslOk: number | null;
  vidpom: number | null;
  forPom: number | null;
  idsp: number | null;
  rslt: number | null;
  ishod: number | null;
  /** Of the main (last) SL, as stored on `case`. */
  profil: number | null;
  ds1: string | null;
  nKsg: string | null;
  iddokt: string | null;
  /** Z_SL P_CEL. */
  pCel: string | null;
  dateZ1: number;
  dateZ2: number;
  kdZ: number | null;
  /** SUMV in kopecks. */
  sumvKop: number;
  /** Every SL of the case (sub_case.sl), in register order. */
  sl: Sl[];
  /** From the L-file: W and DR (days), null when unknown. */
  sex: number | null;
  birth: number | null;
  /** MEK findings of the case's record. */
  mekFindings: number;
}

/** An oncology summary of a case, for the pathway features of later cases (oncology.ts onkSummary). */
export interface OnkSummary {
  /** The latest NAPR_DATE of an SL with DS_ONK=1 (a suspicion referral), days. */
  suspicionNapr: number | null;
  /** An ONK_USL (treatment) in the case. */
  treated: boolean;
  /** The latest injection date of its drug therapy, days. */
  lastInj: number | null;
}

/** An accepted case of the same person, from any period (the service loads a window around the period). */
export interface PastCase {
  id: string;
  dateZ1: number;
  dateZ2: number;
  uslOk: number | null;
  ds1: string | null;
  codeMo: string;
  profil: number | null;
  onk: OnkSummary | null;
}

/**
 * True when `p` is dated before `c`: it ended before `c` began, or (a transfer) ended on the day `c` began having
 * begun earlier. Later cases, and the case itself, never are.
 */
export function isBefore(p: PastCase, c: { id: string; dateZ1: number }): boolean {
  if (p.id === c.id) return false;
  return p.dateZ2 < c.dateZ1 || (p.dateZ2 === c.dateZ1 && p.dateZ1 < c.dateZ1);
}

/** The person's cases dated before `c`, the latest first (by end, then start, then id). */
export function casesBefore(c: { id: string; dateZ1: number }, all: readonly PastCase[]): PastCase[] {
  return all
    .filter((p) => isBefore(p, c))
    .sort((a, b) => b.dateZ2 - a.dateZ2 || b.dateZ1 - a.dateZ1 || (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
}

/** The length of stay: KD_Z, else the days between the dates (a day hospital counts both ends). */
export function stayDays(c: { uslOk: number | null; kdZ: number | null; dateZ1: number; dateZ2: number }): number {
  if (c.kdZ !== null) return c.kdZ;
  return c.uslOk === 2 ? c.dateZ2 - c.dateZ1 + 1 : Math.max(c.dateZ2 - c.dateZ1, 1);
}

/** The main SL: the last one (final diagnosis and department), as `case` columns take it. */
export function mainSl(c: CaseInput): Sl | undefined {
  return c.sl[c.sl.length - 1];
}

/** A register number text as a number, NaN when absent or not a number. */
export function num(v: string | undefined | null): number {
  if (v === undefined || v === null || v === '') return NaN;
  const n = Number(v);
  return Number.isFinite(n) ? n : NaN;
}

/** A register date text as days from 1970-01-01, null when absent or not a date. */
export function days(v: string | undefined | null): number | null {
  return v ? (isoDays(v) ?? null) : null;
}

/** An array-or-single register element as an array. */
export function list<T>(v: T | T[] | undefined | null): T[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/** A nullable number/string code as a categorical value. */
export const code = (v: number | string | null | undefined): string | null =>
  v === null || v === undefined || v === '' ? null : String(v);
