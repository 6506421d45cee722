/**
 * Care episodes of one medical organisation in one month, as register records (the model the
 * reader produces), with planted defects and their truth. Defects change the fields the way they
 * would in life; some (services not provided, part of wrong treatment) leave no trace.
 */
import type { Sl, Usl, Zap, ZSl } from '../registers/model.js';
import { ksgCaseCost } from '../tariffs/ksg.js';
import { formatKopecks } from '../tariffs/money.js';
import { Rng } from './rng.js';
import { person, type Mo, type Person, type Region } from './region.js';
import { AMBULANCE, DEFECT_CONTROL, F014, KSG_24H, KSG_DAY, OUTPATIENT, type DefectKind, type KsgDef } from './tables.js';

export interface Truth {
  defects: DefectKind[];
  f014: number[];
  /** The generator's probability that this case carries a defect (before drawing). */
  p: number;
}

export interface GenCase {
  zap: Zap;
  kind: 'H' | 'C';
  person: Person;
  truth: Truth;
}

export interface MonthPlan {
  region: Region;
  mo: Mo;
  year: number;
  month: number;
  count: number;
  /** Expected share of cases with a defect (all mechanisms together). */
  defectRate: number;
  /** Size of the insured population the MO's patients come from. */
  population: number;
  rng: Rng;
  /** Region-wide calendar of every person's care, so that chance never creates overlaps or care after death. */
  calendar: Calendar;
  /** The population is split in two halves (by MO index parity), so both halves can be generated apart. */
  personHalf: 0 | 1;
}

/**
 * Who was where when, per person: flat quadruples [first day, last day, USL_OK·1000 + profile, died]
 * with days since the epoch (compact: a large region holds a million of them). Only planted defects break it.
 */
export type Calendar = Map<string, number[]>;

const dayNo = (d: string) => Date.parse(d + 'T00:00:00Z') / 86_400_000;

function conflicts(cal: Calendar, enp: string, d1s: string, d2s: string, uslOk: number, profil: string, dies: boolean): boolean {
  const e = cal.get(enp);
  if (!e) return false;
  const [d1, d2, code] = [dayNo(d1s), dayNo(d2s), uslOk * 1000 + Number(profil)];
  for (let i = 0; i < e.length; i += 4) {
    const [a1, a2, c, died] = [e[i], e[i + 1], e[i + 2], e[i + 3]];
    if (died || (dies && a1 >= d2)) return true;
    const u = Math.floor(c / 1000);
    const stay = u === 1 || u === 2 || uslOk === 1 || uslOk === 2;
    if (stay ? d1 <= a2 && a1 <= d2 : d1 === a1 && c === code) return true;
  }
  return false;
}

const SHARE: Record<DefectKind, number> = {
  duplicate: 0.05,
  overlap: 0.04,
  outpatientDuringStay: 0.04,
  sumMismatch: 0.04,
  outsidePeriod: 0.03,
  upcoding: 0.16,
  padding: 0.14,
  readmission: 0.08,
  notProvided: 0.08,
  unjustifiedAdmission: 0.07,
  wrongTreatment: 0.1,
  prematureDischarge: 0.07,
  oncoLate: 0.05,
  preventableDeath: 0.05,
};
const INPATIENT_ONLY = new Set<DefectKind>([
  'overlap',
  'outpatientDuringStay',
  'upcoding',
  'padding',
  'readmission',
  'unjustifiedAdmission',
  'prematureDischarge',
  'preventableDeath',
]);

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const addDays = (d: string, n: number) => new Date(Date.parse(d + 'T00:00:00Z') + n * 86_400_000).toISOString().slice(0, 10);
const DAY_BASE = '15029.49';

function dayInMonth(rng: Rng, y: number, m: number) {
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${y}-${pad(m)}-${pad(rng.int(1, last))}`;
}

/** Probability of each defect kind for a case of this MO and doctor. */
function defectProbs(plan: MonthPlan, doctorProp: number, inpatient: boolean, oncology: boolean): Map<DefectKind, number> {
  const mo = plan.mo;
  const out = new Map<DefectKind, number>();
  for (const k of Object.keys(SHARE) as DefectKind[]) {
    if (INPATIENT_ONLY.has(k) && !inpatient) continue;
    if (k === 'oncoLate' && !oncology) continue;
    if (k === 'unjustifiedAdmission' && oncology) continue;
    let p = plan.defectRate * SHARE[k] * doctorProp * (inpatient ? 1.6 : 0.7);
    if (k === 'upcoding') p *= mo.upcoding;
    if (k === 'padding') p *= mo.padding;
    if (k === 'prematureDischarge' || k === 'readmission') p *= mo.earlyDischarge;
    if (DEFECT_CONTROL[k] === 'MEK') p *= mo.sloppy;
    out.set(k, Math.min(0.5, p));
  }
  return out;
}

export function generateMoMonth(plan: MonthPlan): GenCase[] {
  const { mo, rng, year, month } = plan;
  const out: GenCase[] = [];
  const yymm = `${String(year).slice(2)}${pad(month)}`;
  let seq = 0;
  const nextId = () => `${yymm}${pad(++seq, 7)}`;
  for (let i = 0; i < plan.count; i++) {
    const doctor = rng.pick(mo.doctors);
    const care = chooseCare(mo.type, rng);
    const oncology = care.ksg?.code.startsWith('st19') || care.ksg?.code.startsWith('ds19') || false;
    const probs = defectProbs(plan, doctor.propensity, care.uslOk === 1, oncology);
    const pAny = 1 - [...probs.values()].reduce((q, p) => q * (1 - p), 1);
    let defects = [...probs].filter(([, p]) => rng.chance(p)).map(([k]) => k);
    // a case billed outside the period is refused by control; a second record built on it would hide behind it
    if (defects.includes('outsidePeriod'))
      defects = defects.filter((d) => d !== 'duplicate' && d !== 'overlap' && d !== 'outpatientDuringStay');
    const id = nextId();
    let g!: Zap;
    let pers!: Person;
    for (let attempt = 0; attempt < 8; attempt++) {
      // chronic patients come back: part of the visits go to a smaller, returning part of the population
      const pIndex = rng.chance(0.15) ? rng.int(0, Math.max(1, Math.floor(plan.population / 5))) : rng.int(0, plan.population - 1);
      pers = person(plan.region.seed, pIndex * 2 + plan.personHalf, plan.region.smos);
      g = build(plan, pers, doctor.snils, doctor.prvs, care, id, defects);
      if (!conflicts(plan.calendar, pers.enp, g.Z_SL.DATE_Z_1!, g.Z_SL.DATE_Z_2!, care.uslOk, g.Z_SL.SL[0].PROFIL!, g.Z_SL.RSLT === '105'))
        break;
    }
    note(plan.calendar, pers.enp, g);
    const truth: Truth = { defects, f014: [], p: pAny };
    out.push({ zap: g, kind: oncology ? 'C' : 'H', person: pers, truth });
    // defects that add records: a duplicate, an overlapping stay, a visit during the stay, a readmission
    const died = g.Z_SL.RSLT === '105';
    for (const d of [...defects]) {
      const extra =
        died && (d === 'readmission' || d === 'prematureDischarge') ? undefined : companion(plan, pers, doctor, care, d, g, nextId());
      if (!extra) {
        // a defect that needs a second record and could not get one (a one-day stay, month end) is not planted
        if (d === 'duplicate' || d === 'overlap' || d === 'outpatientDuringStay') defects.splice(defects.indexOf(d), 1);
        continue;
      }
      note(plan.calendar, pers.enp, extra);
      // a visit during the stay is general care (H-file) even when the stay is oncology
      out.push({
        zap: extra,
        kind: oncology && d !== 'outpatientDuringStay' ? 'C' : 'H',
        person: pers,
        truth: { defects: [], f014: [], p: 0 },
      });
    }
    truth.f014 = defects.map((d) => F014[d]);
  }
  return out;
}

function note(cal: Calendar, enp: string, z: Zap) {
  const zs = z.Z_SL;
  const e = cal.get(enp) ?? [];
  e.push(
    dayNo(zs.DATE_Z_1!),
    dayNo(zs.DATE_Z_2!),
    Number(zs.USL_OK) * 1000 + Number(zs.SL[0].PROFIL),
    zs.RSLT === '105' || zs.RSLT === '106' ? 1 : 0,
  );
  cal.set(enp, e);
}

interface Care {
  uslOk: 1 | 2 | 3 | 4;
  ksg?: KsgDef;
  visit?: (typeof OUTPATIENT)[number];
}

function chooseCare(type: Mo['type'], rng: Rng): Care {
  if (type === 'ambulance') return { uslOk: 4 };
  if (type === 'oncology')
    return rng.chance(0.6)
      ? { uslOk: 1, ksg: KSG_24H.find((k) => k.code.startsWith('st19'))! }
      : { uslOk: 2, ksg: KSG_DAY.find((k) => k.code.startsWith('ds19'))! };
  if (type === 'day-clinic')
    return {
      uslOk: 2,
      ksg: rng.pick(KSG_DAY.filter((k) => !k.code.startsWith('ds19'))),
    };
  if (type === 'hospital') {
    const r = rng.next();
    if (r < 0.6)
      return {
        uslOk: 1,
        ksg: rng.pick(KSG_24H.filter((k) => !k.code.startsWith('st19'))),
      };
    if (r < 0.7)
      return {
        uslOk: 2,
        ksg: rng.pick(KSG_DAY.filter((k) => !k.code.startsWith('ds19'))),
      };
  }
  return { uslOk: 3, visit: rng.pick(OUTPATIENT) };
}

function build(plan: MonthPlan, p: Person, snils: string, prvs: number, care: Care, id: string, defects: DefectKind[]): Zap {
  const { rng, year, month, mo, region } = plan;
  let d2 = dayInMonth(rng, year, month);
  if (defects.includes('outsidePeriod')) d2 = addDays(`${year}-${pad(month)}-01`, 32 + rng.int(0, 5)); // ends next month
  let ksg = care.ksg;
  let ds = ksg ? rng.pick(ksg.ds) : care.visit ? rng.pick(care.visit.ds) : rng.pick(AMBULANCE.ds);
  let los = ksg ? Math.max(1, Math.round(rng.normal(ksg.los, ksg.los / 4))) : 0;
  if (defects.includes('padding')) los += rng.int(5, 10);
  if (defects.includes('prematureDischarge') || defects.includes('unjustifiedAdmission'))
    los = Math.max(1, Math.round((ksg?.los ?? 4) / 3));
  if (defects.includes('unjustifiedAdmission')) ds = 'I10';
  if (defects.includes('upcoding') && ksg?.upcode) ksg = KSG_24H.find((k) => k.code === ksg!.upcode)!; // heavier KSG, lighter diagnosis kept
  const d1 = care.uslOk === 3 || care.uslOk === 4 ? d2 : addDays(d2, -(care.uslOk === 2 ? Math.max(0, los - 1) : los));
  const dead = (ksg && rng.chance(ksg.lethality)) || defects.includes('preventableDeath');
  const uslOk = care.uslOk;
  const rslt =
    uslOk === 1
      ? dead
        ? '105'
        : rng.chance(0.03)
          ? '102'
          : '101'
      : uslOk === 2
        ? rng.chance(0.03)
          ? '202'
          : '201'
        : uslOk === 3
          ? '301'
          : '401';
  const ishod =
    uslOk === 1
      ? dead
        ? '104'
        : rslt === '102'
          ? '103'
          : defects.includes('wrongTreatment') && rng.chance(0.5)
            ? '103'
            : '102'
      : uslOk === 2
        ? rslt === '202'
          ? '203'
          : '201'
        : uslOk === 3
          ? '304'
          : '401';
  let sum: string;
  if (ksg) {
    sum = formatKopecks(
      ksgCaseCost({
        base: uslOk === 2 ? DAY_BASE : region.baseRate,
        koefZ: ksg.koefZ,
        koefUp: '1.00000',
        koefU: mo.koefU,
        koefD: '1.00000',
      }),
    );
  } else sum = care.visit ? care.visit.tarif : AMBULANCE.tarif;
  const billed = defects.includes('sumMismatch') ? formatKopecks(Math.round(Number(sum) * 100) + rng.int(50, 500) * 100) : sum;
  const profil = ksg?.profil ?? care.visit?.profil ?? AMBULANCE.profil;
  const usl: Usl = {
    IDSERV: id + '1',
    LPU: mo.code,
    PODR: '1',
    PROFIL: String(profil),
    DET: '0',
    DATE_IN: d1,
    DATE_OUT: d2,
    DS: ds,
    CODE_USL: ksg ? 'A01.001' : care.visit ? 'B01.047.001' : 'B01.044.001',
    KOL_USL: '1.00',
    TARIF: ksg ? '0.00' : billed,
    SUMV_USL: ksg ? '0.00' : billed,
    PRVS: String(prvs),
    CODE_MD: snils,
  };
  const sl: Sl = {
    SL_ID: id,
    PODR: '1',
    PROFIL: String(profil),
    DET: '0',
    NHISTORY: id,
    DATE_1: d1,
    DATE_2: d2,
    DS1: ds,
    PRVS: String(prvs),
    VERS_SPEC: 'V021',
    IDDOKT: snils,
    ED_COL: '1.00',
    TARIF: billed,
    SUM_M: billed,
    USL: [usl],
  };
  // a KSG case billed above its tariff; a visit with an arithmetic error (SUMV ≠ Σ SUM_M)
  if (!ksg && billed !== sum) {
    Object.assign(sl, { TARIF: sum, SUM_M: sum });
    Object.assign(usl, { TARIF: sum, SUMV_USL: sum });
  }
  if (uslOk === 1 || uslOk === 2)
    Object.assign(sl, {
      PROFIL_K: '9',
      P_PER: '1',
      KD: String(los),
      C_ZAB: '1',
    });
  if (uslOk === 3) Object.assign(sl, { P_CEL: '1.0', C_ZAB: p.chronic ? '3' : '1' });
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
    };
  }
  const oncology = ksg?.code.startsWith('st19') || ksg?.code.startsWith('ds19');
  if (oncology) addOncology(sl, rng, d1, defects.includes('oncoLate'));
  const z: ZSl = {
    IDCASE: id,
    USL_OK: String(uslOk),
    VIDPOM: uslOk === 4 ? '2' : uslOk === 3 ? '13' : '31',
    FOR_POM: uslOk === 4 ? '1' : uslOk === 1 && !oncology && rng.chance(0.5) ? '1' : '3',
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
  if ((uslOk === 1 && z.FOR_POM === '3') || uslOk === 2)
    Object.assign(z, {
      NPR_MO: plan.region.mos[0].code,
      NPR_DATE: addDays(d1, -rng.int(1, 10)),
    });
  return {
    N_ZAP: '',
    PR_NOV: '0',
    PACIENT: {
      ID_PAC: p.enp,
      VPOLIS: '3',
      NPOLIS: p.enp,
      SMO: p.smo,
      NOVOR: '0',
    },
    Z_SL: orderZ(z),
  };
}

/** Z_SL keys in any order are written in document order by the writer; kept as is. */
const orderZ = (z: ZSl) => z;

function addOncology(sl: Sl, rng: Rng, d1: string, late: boolean) {
  sl.DS_ONK = '0';
  sl.C_ZAB = '2';
  // a referral issued during this case (for further diagnostics); a late pathway has no histology result
  sl.NAPR = [
    {
      NAPR_DATE: d1,
      NAPR_MO: '750002',
      NAPR_V: '3',
      MET_ISSL: '2',
      NAPR_USL: 'A06.09.007',
    },
  ];
  sl.CONS = [{ PR_CONS: '1', DT_CONS: d1 }];
  sl.ONK_SL = {
    DS1_T: '0',
    STAD: String(rng.int(1, 4) * 10),
    ONK_T: '20',
    ONK_N: '30',
    ONK_M: '40',
    B_DIAG: late
      ? undefined
      : [
          {
            DIAG_DATE: d1,
            DIAG_TIP: '1',
            DIAG_CODE: '1',
            DIAG_RSLT: '3',
            REC_RSLT: '1',
          },
        ],
    ONK_USL: [
      {
        USL_TIP: '2',
        LEK_TIP_L: '1',
        LEK_TIP_V: '1',
        LEK_PR: [{ REGNUM: '000001', CODE_SH: 'sh0001', DATE_INJ: [d1] }],
      },
    ],
  };
}

/** Extra records some defects bring: a duplicate, an overlapping stay, a visit during the stay, a readmission. */
function companion(
  plan: MonthPlan,
  p: Person,
  doc: { snils: string; prvs: number },
  care: Care,
  d: DefectKind,
  base: Zap,
  id: string,
): Zap | undefined {
  const b = base.Z_SL as ZSl & { DATE_Z_1: string; DATE_Z_2: string };
  const copy = (): Zap => {
    const z = structuredClone(base);
    Object.assign(z.Z_SL, { IDCASE: id });
    z.Z_SL.SL[0].SL_ID = id;
    z.Z_SL.SL[0].NHISTORY = id;
    z.Z_SL.SL[0].USL![0].IDSERV = id + '1';
    return z;
  };
  if (d === 'duplicate') return copy();
  if (d === 'overlap' && b.DATE_Z_1 < b.DATE_Z_2) {
    const z = copy();
    Object.assign(z.Z_SL, {
      DATE_Z_1: b.DATE_Z_1,
      DATE_Z_2: addDays(b.DATE_Z_2, 2),
    });
    Object.assign(z.Z_SL.SL[0], {
      DATE_1: z.Z_SL.DATE_Z_1,
      DATE_2: z.Z_SL.DATE_Z_2,
    });
    Object.assign(z.Z_SL.SL[0].USL![0], {
      DATE_IN: z.Z_SL.DATE_Z_1,
      DATE_OUT: z.Z_SL.DATE_Z_2,
    });
    return z;
  }
  if (d === 'outpatientDuringStay' && b.DATE_Z_1 < addDays(b.DATE_Z_2, -1)) {
    const v = build({ ...plan, rng: plan.rng }, p, doc.snils, doc.prvs, { uslOk: 3, visit: OUTPATIENT[0] }, id, []);
    const day = addDays(b.DATE_Z_1, 1);
    Object.assign(v.Z_SL, { DATE_Z_1: day, DATE_Z_2: day });
    Object.assign(v.Z_SL.SL[0], { DATE_1: day, DATE_2: day });
    Object.assign(v.Z_SL.SL[0].USL![0], { DATE_IN: day, DATE_OUT: day });
    return v;
  }
  if (d === 'readmission' || d === 'prematureDischarge') {
    const start = addDays(b.DATE_Z_2, plan.rng.int(1, 5));
    if (start.slice(0, 7) !== b.DATE_Z_2.slice(0, 7)) return undefined;
    const z = build(plan, p, doc.snils, doc.prvs, { ...care }, id, []);
    const los = Number(z.Z_SL.KD_Z ?? 1);
    let end = addDays(start, los);
    if (end.slice(0, 7) !== start.slice(0, 7))
      end = `${start.slice(0, 8)}${pad(new Date(Date.UTC(plan.year, plan.month, 0)).getUTCDate())}`;
    const kd = String(Math.max(1, Math.round((Date.parse(end) - Date.parse(start)) / 86_400_000)));
    Object.assign(z.Z_SL, { DATE_Z_1: start, DATE_Z_2: end, KD_Z: kd });
    Object.assign(z.Z_SL.SL[0], {
      DATE_1: start,
      DATE_2: end,
      KD: kd,
      DS1: b.SL[0].DS1,
    });
    Object.assign(z.Z_SL.SL[0].USL![0], {
      DATE_IN: start,
      DATE_OUT: end,
      DS: b.SL[0].DS1,
    });
    if (z.Z_SL.NPR_DATE && z.Z_SL.NPR_DATE > start) z.Z_SL.NPR_DATE = start;
    const sl = z.Z_SL.SL[0];
    if (sl.ONK_SL) addOncology(sl, plan.rng, start, false);
    return z;
  }
  return undefined;
}
