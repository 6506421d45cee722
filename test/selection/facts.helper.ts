import { isoDays } from '../../src/calendar.js';
import type { CaseFacts } from '../../src/selection/facts.js';

let next = 1;
/** A hand-made case: dates as YYYY-MM-DD, everything else defaulted to a plain outpatient case of the period. */
export function mk(p: Partial<Omit<CaseFacts, 'date1' | 'date2'>> & { d1?: string; d2?: string } = {}): CaseFacts {
  const { d1 = '2025-08-10', d2 = d1, ...rest } = p;
  return {
    id: String(next++),
    person: 'E1',
    codeMo: '750001',
    smo: '75001',
    year: 2025,
    month: 8,
    uslOk: 3,
    fileKind: 'H',
    rslt: 301,
    ds1: 'J06.9',
    profil: 97,
    ksg: null,
    sumKop: 100_00,
    kdZ: null,
    pCel: '1.0',
    cZab: false,
    ds1Pr: false,
    pPer3: false,
    ds2: [],
    ds3: [],
    uslTip: [],
    prvs: '76',
    mek: 0,
    inPeriod: true,
    ...rest,
    date1: isoDays(d1)!,
    date2: isoDays(d2)!,
  };
}
