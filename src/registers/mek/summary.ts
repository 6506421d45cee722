/** The compact form of a case that cross-record MEK needs (kept per batch and loaded from history). */
import type { RegisterHeader, Zap } from '../model.js';
import { toKopecks } from '../../tariffs/money.js';

/** V009 results that mean death (stationary, day hospital, outpatient statement of death, ambulance). */
export const DEATH_RSLT = new Set([105, 106, 205, 206, 313, 405, 406]);

export interface CaseSummary {
  personKey: string;
  file: string;
  n_zap?: string;
  idcase?: string;
  lpu?: string;
  uslOk?: number;
  d1: string;
  d2: string;
  ds1?: string;
  profil?: number;
  prvs?: string;
  novor?: string;
  rslt?: number;
  sumvKop?: number;
  /** A corrected record (PR_NOV=1): it replaces an earlier one, so it is no repeat billing. */
  prNov?: boolean;
  /** True for cases already stored (history), false for the batch being checked. */
  stored?: boolean;
}

const num = (v: string | undefined) => (v && /^\d+$/.test(v) ? Number(v) : undefined);

export function summarize(zap: Zap, _header: RegisterHeader, fileName: string): CaseSummary {
  const z = zap.Z_SL;
  const sl = z?.SL?.[z.SL.length - 1];
  return {
    personKey: '',
    file: fileName,
    n_zap: zap.N_ZAP,
    idcase: z?.IDCASE,
    lpu: z?.LPU,
    uslOk: num(z?.USL_OK),
    d1: z?.DATE_Z_1 ?? '',
    d2: z?.DATE_Z_2 ?? '',
    ds1: sl?.DS1,
    profil: num(sl?.PROFIL),
    prvs: sl?.PRVS,
    novor: zap.PACIENT?.NOVOR,
    rslt: num(z?.RSLT),
    sumvKop: toKopecks(z?.SUMV),
    prNov: zap.PR_NOV === '1',
  };
}
