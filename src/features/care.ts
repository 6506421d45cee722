/**
 * Profile and care features: the care codes, the KSG's weight against the lightest KSG billed for the same diagnosis
 * category, the stay against the KSG's regional median, weekdays, KSLP/KOEF_UP, the sum against the tariff, SL and
 * service counts. The region's figures come from a reference window before the period (CareReference), so the
 * features of a case do not move when later cases arrive.
 */
import type { CaseInput } from './case-input.js';
import { code, list, mainSl, num, stayDays } from './case-input.js';
import type { CatValues, NumValues } from './feature-spec.js';
import { icdCategory } from './icd10-blocks.js';
import { ksgCaseCost } from '../tariffs/ksg.js';
import { toKopecks } from '../tariffs/money.js';
import type { Sl } from '../registers/model.js';

/** The region's KSG figures of the reference window (the service's query, care.repo). */
export interface CareReference {
  /** Median stay (stayDays) of each KSG. */
  ksgMedianStay: ReadonlyMap<string, number>;
  /** The lightest KOEF_Z billed for a DS1 category, keyed `${USL_OK}|${category}`. */
  lightestKoefZ: ReadonlyMap<string, number>;
}

/** The key of CareReference.lightestKoefZ. */
export const lightestKey = (uslOk: number | null, ds1: string | null | undefined): string | null => {
  const cat = icdCategory(ds1);
  return cat ? `${uslOk ?? ''}|${cat}` : null;
};

/** ISO weekday (1 Monday … 7 Sunday) of a day number (1970-01-01 was a Thursday). */
export const weekday = (d: number): number => ((((d + 3) % 7) + 7) % 7) + 1;

export function careFeatures(c: CaseInput, ref: CareReference): { num: NumValues; cat: CatValues } {
  const sl = mainSl(c);
  const ksg = sl?.KSG_KPG;
  const koefZ = num(ksg?.KOEF_Z);
  let vsLightest = NaN;
  const key = lightestKey(c.uslOk, sl?.DS1);
  if (key && koefZ > 0) vsLightest = koefZ / Math.min(koefZ, ref.lightestKoefZ.get(key) ?? koefZ);
  const median = c.nKsg ? ref.ksgMedianStay.get(c.nKsg) : undefined;
  const stay = c.uslOk === 1 || c.uslOk === 2 ? stayDays(c) : NaN;
  const tariff = tariffKop(c.sl);
  let uslN = 0;
  for (const s of c.sl) uslN += list(s.USL).length;
  return {
    num: {
      sl_n: c.sl.length,
      usl_n: uslN,
      kd_z: stay,
      ksg_koef_z: koefZ,
      ksg_weight_vs_lightest_r: vsLightest,
      los_vs_ksg_median_r: median && median > 0 ? stay / median : NaN,
      kslp: ksg ? (ksg.SL_K === '1' ? num(ksg.IT_SL) : 0) : NaN,
      koef_up: num(ksg?.KOEF_UP),
      sumv_rub: c.sumvKop / 100,
      sum_vs_tariff_r: tariff > 0 ? c.sumvKop / tariff : NaN,
    },
    cat: {
      usl_ok: code(c.uslOk),
      vidpom: code(c.vidpom),
      for_pom: code(c.forPom),
      profil: code(c.profil),
      profil_k: code(sl?.PROFIL_K),
      prvs: code(sl?.PRVS),
      p_cel: code(c.pCel ?? sl?.P_CEL),
      idsp: code(c.idsp),
      rslt: code(c.rslt),
      ishod: code(c.ishod),
      n_ksg: code(c.nKsg),
      admit_weekday: String(weekday(c.dateZ1)),
      discharge_weekday: String(weekday(c.dateZ2)),
      code_mo: c.codeMo,
      iddokt: code(c.iddokt),
    },
  };
}

/**
 * The amount the tariffs give for the case, kopecks (0 when unknown): per SL the KSG cost formula, else TARIF × ED_COL,
 * else the services' TARIF × KOL_USL.
 */
export function tariffKop(sls: readonly Sl[]): number {
  let total = 0;
  for (const sl of sls) {
    const k = sl.KSG_KPG;
    if (k?.BZTSZ && k.KOEF_Z && k.KOEF_UP && k.KOEF_U && k.KOEF_D) {
      try {
        total += ksgCaseCost({
          base: k.BZTSZ,
          koefZ: k.KOEF_Z,
          koefUp: k.KOEF_UP,
          koefU: k.KOEF_U,
          koefD: k.KOEF_D,
          itSl: k.SL_K === '1' ? k.IT_SL : undefined,
          koefPr: k.KOEF_PR,
        });
        continue;
      } catch {
        // a coefficient that is not a decimal: fall back to the tariffs below
      }
    }
    const tarif = sl.TARIF ? toKopecks(sl.TARIF) : undefined;
    if (tarif !== undefined) {
      const units = num(sl.ED_COL);
      total += Math.round(tarif * (units > 0 ? units : 1));
      continue;
    }
    for (const u of list(sl.USL)) {
      const t = u.TARIF ? toKopecks(u.TARIF) : undefined;
      const kol = num(u.KOL_USL);
      if (t !== undefined) total += Math.round(t * (kol > 0 ? kol : 1));
    }
  }
  return total;
}
