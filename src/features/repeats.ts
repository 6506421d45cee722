/**
 * Repeat hospitalisations and visits of the same person (case.person_key: the ENP, else the policy or the MO's
 * patient id): the previous case, counts of 24h stays in 30/90/365 days, outpatient repeats of the same DS1 within 14
 * days, transfers; and the patient's age and sex from the L-file. Only cases dated before the case (casesBefore).
 */
import type { CaseInput, PastCase } from './case-input.js';
import type { CatValues, NumValues } from './feature-spec.js';
import { icdBlock } from './icd10-blocks.js';

/** How far back the history features look (days); the service loads at least this much. */
export const HISTORY_DAYS = 365;

/** `before`: the person's cases dated before `c`, the latest first (casesBefore). */
export function repeatFeatures(c: CaseInput, before: readonly PastCase[]): { num: NumValues; cat: CatValues } {
  const prev = before[0];
  const block = icdBlock(c.ds1);
  let n365 = 0;
  let s30 = 0;
  let s90 = 0;
  let s365 = 0;
  let readmit = 0;
  let outSame = 0;
  let transfer = 0;
  for (const p of before) {
    const gap = c.dateZ1 - p.dateZ2; // ≥ 0 for a case dated before
    if (gap > HISTORY_DAYS) continue;
    n365++;
    if (p.uslOk === 1) {
      s365++;
      if (gap <= 90) s90++;
      if (gap <= 30) {
        s30++;
        if (block && icdBlock(p.ds1) === block) readmit = 1;
      }
    }
    if (p.uslOk === 3 && gap <= 14 && c.ds1 && p.ds1 === c.ds1) outSame++;
    if ((p.uslOk === 1 || p.uslOk === 2) && gap <= 1) transfer = 1;
  }
  const recent = prev && c.dateZ1 - prev.dateZ2 <= HISTORY_DAYS ? prev : undefined;
  return {
    num: {
      prev_cases_365_n: n365,
      days_since_discharge_d: recent ? c.dateZ1 - recent.dateZ2 : NaN,
      prev_same_block_f: recent ? Number(block !== null && icdBlock(recent.ds1) === block) : NaN,
      prev_same_mo_f: recent ? Number(recent.codeMo === c.codeMo) : NaN,
      prev_same_profil_f: recent ? Number(recent.profil !== null && recent.profil === c.profil) : NaN,
      stays24h_30_n: s30,
      stays24h_90_n: s90,
      stays24h_365_n: s365,
      readmit24h_30_same_block_f: c.uslOk === 1 ? readmit : NaN,
      outpatient_same_ds_14_n: outSame,
      transfer_in_f: transfer,
      age_y: c.birth !== null ? ageYears(c.birth, c.dateZ1) : NaN,
    },
    cat: { sex: c.sex === 1 || c.sex === 2 ? String(c.sex) : null },
  };
}

/** Whole years from a birth day to a day (both days from 1970-01-01). */
export function ageYears(birth: number, on: number): number {
  const b = new Date(birth * 86_400_000);
  const d = new Date(on * 86_400_000);
  let y = d.getUTCFullYear() - b.getUTCFullYear();
  if (d.getUTCMonth() < b.getUTCMonth() || (d.getUTCMonth() === b.getUTCMonth() && d.getUTCDate() < b.getUTCDate())) y--;
  return y;
}
