/**
 * One care episode as a register record: the kind of care an MO gives (USL_OK mix), the diagnosis,
 * the KSG and its tariff (the shared KSG formula of src/tariffs), stay, result and outcome, referral,
 * and how each planted defect changes these fields.
 */
import type { Sl, Usl, Zap, ZSl } from '../registers/model.js';
import { ksgCaseCost } from '../tariffs/ksg.js';
import { formatKopecks } from '../tariffs/money.js';
import type { Rng } from './rng.js';
import type { Mo, Person, Region } from './region.js';
import { addOncology, addSuspicion } from './oncology.js';
import {
  AMBULANCE,
  KSG_24H,
  KSG_DAY,
  ONCO_SUSPICION,
  OUTPATIENT,
  VAGUE_DS,
  type DefectKind,
  type KsgDef,
  type VisitDef,
} from './tables.js';

/** The kind of care of one episode. */
export interface Care {
  uslOk: 1 | 2 | 3 | 4;
  ksg?: KsgDef;
  visit?: VisitDef;
  /** A polyclinic visit with a suspected malignancy (C-file, DS_ONK=1). */
  suspicion?: boolean;
}

/** What the case builder needs from the month plan. */
export interface BuildContext {
  region: Region;
  mo: Mo;
  year: number;
  month: number;
  rng: Rng;
  /** Format version written (5.x adds PR_PR/KOEF_PR for interrupted cases). */
  version: string;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
export const addDays = (d: string, n: number): string => new Date(Date.parse(d + 'T00:00:00Z') + n * 86_400_000).toISOString().slice(0, 10);
/** Base rate of the day hospital (rubles); the 24-hour base rate is the region's. */
export const DAY_BASE = '15029.49';

/** Full years of age on a date. */
export function ageAt(dr: string, date: string): number {
  const a = Number(date.slice(0, 4)) - Number(dr.slice(0, 4));
  return date.slice(5) < dr.slice(5) ? a - 1 : a;
}

/** True when the person fits the care (sex and age on the first day of the month). */
export function fits(care: Care, p: Person, monthStart: string): boolean {
  const def = care.ksg ?? care.visit;
  if (!def) return true;
  const age = ageAt(p.dr, monthStart);
  return (!def.sex || def.sex === p.w) && age >= (def.minAge ?? 0) && age <= (def.maxAge ?? 120);
}

export const isOncology = (care: Care): boolean => care.ksg?.onk !== undefined;

/** The care mix of an MO type (USL_OK 1 inpatient, 2 day hospital, 3 outpatient, 4 ambulance). */
export function chooseCare(type: Mo['type'], rng: Rng): Care {
  if (type === 'ambulance') return { uslOk: 4 };
  if (type === 'oncology') {
    const r = rng.next();
    if (r < 0.55) return { uslOk: 1, ksg: rng.pick(KSG_24H.filter((k) => k.onk)) };
    if (r < 0.9) return { uslOk: 2, ksg: rng.pick(KSG_DAY.filter((k) => k.onk)) };
    return { uslOk: 3, visit: OUTPATIENT[0] };
  }
  if (type === 'day-clinic')
    return rng.chance(0.85) ? { uslOk: 2, ksg: rng.pick(KSG_DAY.filter((k) => !k.onk)) } : { uslOk: 3, visit: rng.pick(OUTPATIENT) };
  if (type === 'hospital') {
    const r = rng.next();
    if (r < 0.6) return { uslOk: 1, ksg: rng.pick(KSG_24H.filter((k) => !k.onk)) };
    if (r < 0.7) return { uslOk: 2, ksg: rng.pick(KSG_DAY.filter((k) => !k.onk)) };
  }
  return { uslOk: 3, visit: rng.pick(OUTPATIENT), suspicion: type === 'polyclinic' && rng.chance(0.012) };
}

function dayInMonth(rng: Rng, y: number, m: number) {
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${y}-${pad(m)}-${pad(rng.int(1, last))}`;
}

/** RSLT (V009) and ISHOD (V012) of an episode. */
function outcome(rng: Rng, uslOk: number, dead: boolean, worse: boolean): [string, string] {
  if (uslOk === 1) {
    if (dead) return ['105', '104'];
    if (rng.chance(0.03)) return ['102', '103'];
    return ['101', worse ? '103' : rng.chance(0.15) ? '101' : '102'];
  }
  if (uslOk === 2) return rng.chance(0.03) ? ['202', '203'] : ['201', rng.chance(0.2) ? '201' : '202'];
  if (uslOk === 3) return rng.chance(0.1) ? ['314', '304'] : ['301', rng.chance(0.3) ? '301' : '304'];
  return rng.chance(0.25) ? ['402', '402'] : ['401', '401'];
}

/** A result code that V009 does not have, next to the real ones of the condition (the MEK "wrong code" defect). */
const WRONG_RSLT: Record<number, string> = { 1: '111', 2: '209', 3: '360', 4: '418' };

/** Builds one episode of the person with this doctor; defects change the fields. */
export function build(c: BuildContext, p: Person, snils: string, prvs: number, care: Care, id: string, defects: DefectKind[]): Zap {
  const { rng, year, month, mo, region } = c;
  const has = (d: DefectKind) => defects.includes(d);
  let d2 = dayInMonth(rng, year, month);
  if (has('outsidePeriod')) d2 = addDays(`${year}-${pad(month)}-01`, 32 + rng.int(0, 5)); // ends next month
  let ksg = care.ksg;
  let ds = ksg ? rng.pick(ksg.ds) : care.visit ? rng.pick(care.suspicion ? ONCO_SUSPICION : care.visit.ds) : rng.pick(AMBULANCE.ds);
  let los = ksg ? Math.max(1, Math.round(rng.normal(ksg.los, ksg.los / 4))) : 0;
  if (has('padding')) los += rng.int(5, 10);
  if (has('prematureDischarge') || has('unjustifiedAdmission')) los = Math.max(1, Math.round((ksg?.los ?? 4) / 3));
  if (has('unjustifiedAdmission')) ds = rng.pick(['I10', 'M54.5', 'J06.9']);
  if (has('wrongDiagnosis') && rng.chance(0.6)) {
    // the stated diagnosis has no ground (a symptom code; in oncology another site); the rest leave no trace
    ds = ksg?.onk ? rng.pick(ksg.ds) : rng.pick(VAGUE_DS);
    if (ksg) los = Math.max(1, los + rng.int(-3, 4));
  }
  if (has('upcoding') && ksg?.upcode) ksg = KSG_24H.find((k) => k.code === ksg!.upcode)!; // heavier KSG, lighter diagnosis kept
  const uslOk = care.uslOk;
  const d1 = uslOk === 3 || uslOk === 4 ? d2 : addDays(d2, -(uslOk === 2 ? Math.max(0, los - 1) : los));
  const age = ageAt(p.dr, d1);
  const dead = (ksg && rng.chance(ksg.lethality * (age >= 75 ? 2 : 1))) || has('preventableDeath');
  const [natural, ishod] = outcome(rng, uslOk, !!dead, has('wrongTreatment') && rng.chance(0.5));
  const rslt = has('wrongCode') ? WRONG_RSLT[uslOk] : natural;
  const profil = ksg?.profil ?? care.visit?.profil ?? AMBULANCE.profil;
  const det = profil === 68 && age < 18 ? '1' : '0';
  const podr = `${mo.code.slice(-3)}${pad(profil, 3)}`;
  const onco = isOncology(care);
  const oncoMo = region.oncoMo;
  const slk: Record<string, string | object> = {};
  let sum: string;
  if (ksg) {
    const base = uslOk === 2 ? DAY_BASE : region.baseRate;
    // KSLP for patients of 75 and over; an interrupted short stay is paid in part
    const itSl = age >= 75 && uslOk === 1 ? '0.20000' : undefined;
    const koefPr = los <= 3 && ksg.los > 6 && !ksg.onk && c.version.startsWith('5') ? '0.50000' : undefined;
    if (itSl) Object.assign(slk, { SL_K: '1', IT_SL: itSl, SL_KOEF: [{ IDSL: '1', Z_SL: itSl }] });
    if (koefPr) Object.assign(slk, { PR_PR: '1', KOEF_PR: koefPr });
    sum = formatKopecks(ksgCaseCost({ base, koefZ: ksg.koefZ, koefUp: '1.00000', koefU: mo.koefU, koefD: '1.00000', itSl, koefPr }));
  } else sum = care.visit ? care.visit.tarif : AMBULANCE.tarif;
  const billed = has('sumMismatch') ? formatKopecks(Math.round(Number(sum) * 100) + rng.int(50, 500) * 100) : sum;
  const usl: Usl = {
    IDSERV: id + '1',
    LPU: mo.code,
    PODR: podr,
    PROFIL: String(profil),
    DET: det,
    DATE_IN: d1,
    DATE_OUT: d2,
    DS: ds,
    CODE_USL: ksg ? 'A01.001' : care.visit ? 'B01.047.001' : 'B01.044.001',
    KOL_USL: '1.00',
    TARIF: ksg ? '0.00' : sum,
    SUMV_USL: ksg ? '0.00' : sum,
    PRVS: String(prvs),
    CODE_MD: snils,
  };
  // an arithmetic error: the case total differs from the sum of its parts (SUMV ≠ Σ SUM_M)
  const sl: Sl = {
    SL_ID: id,
    PODR: podr,
    PROFIL: String(profil),
    DET: det,
    NHISTORY: id,
    DATE_1: d1,
    DATE_2: d2,
    DS1: ds,
    PRVS: String(prvs),
    VERS_SPEC: 'V021',
    IDDOKT: snils,
    ED_COL: '1.00',
    TARIF: sum,
    SUM_M: sum,
    USL: [usl],
  };
  if (uslOk === 1 || uslOk === 2) Object.assign(sl, { PROFIL_K: '9', P_PER: '1', KD: String(los), C_ZAB: '1' });
  if (uslOk === 3) {
    const dn = p.chronic && !care.suspicion && rng.chance(0.3);
    Object.assign(sl, { P_CEL: dn ? '1.3' : '1.0', C_ZAB: p.chronic ? '3' : '1' });
    if (dn) sl.DN = rng.chance(0.85) ? '1' : '2';
    if (care.suspicion) addSuspicion(sl, d1, oncoMo);
  }
  if (uslOk === 4) Object.assign(sl, { C_ZAB: '1' });
  if (ksg) {
    sl.KSG_KPG = {
      N_KSG: ksg.code,
      VER_KSG: String(year),
      KSG_PG: '0',
      KOEF_Z: ksg.koefZ,
      KOEF_UP: '1.00000',
      BZTSZ: uslOk === 2 ? DAY_BASE : region.baseRate,
      KOEF_D: '1.00000',
      KOEF_U: mo.koefU,
      SL_K: '0',
      ...slk,
    };
  }
  let wait = rng.int(1, 10);
  if (onco && ksg?.onk)
    wait = addOncology(sl, rng, ksg.onk, d1, d2, oncoMo, { late: has('oncoLate'), child: age < 18, repeat: p.chronic }).waitDays;
  const emergency = uslOk === 1 && !onco && rng.chance(0.5);
  const z: ZSl = {
    IDCASE: id,
    USL_OK: String(uslOk),
    VIDPOM: uslOk === 4 ? '2' : uslOk === 3 ? (profil === 97 || profil === 68 ? '12' : '13') : '31',
    FOR_POM: uslOk === 4 ? (rng.chance(0.8) ? '1' : '2') : emergency ? '1' : uslOk === 3 && rng.chance(0.1) ? '2' : '3',
    LPU: mo.code,
    DATE_Z_1: d1,
    DATE_Z_2: d2,
    RSLT: rslt,
    ISHOD: ishod,
    SL: [sl],
    IDSP: ksg ? '33' : uslOk === 4 ? '24' : '29',
    SUMV: billed,
  };
  if (uslOk === 1 || uslOk === 2) z.KD_Z = String(los);
  if (uslOk === 1 && emergency) sl.P_PER = '2';
  if ((uslOk === 1 && !emergency) || uslOk === 2) Object.assign(z, { NPR_MO: rng.pick(region.referrers), NPR_DATE: addDays(d1, -wait) });
  return { N_ZAP: '', PR_NOV: '0', PACIENT: { ID_PAC: p.enp, VPOLIS: '3', NPOLIS: p.enp, SMO: p.smo, NOVOR: '0' }, Z_SL: z };
}
