/**
 * Care episodes of one medical organisation in one month, as register records (the model the
 * reader produces), with planted defects and their truth. Defects change the fields the way they
 * would in life; some (services not provided, part of wrong treatment) leave no trace.
 */
import type { Zap, ZSl } from '../registers/model.js';
import { Rng } from './rng.js';
import { person, type Mo, type Person, type Region } from './region.js';
import { addOncology } from './oncology.js';
import { addDays, ageAt, build, chooseCare, fits, isOncology, type Care } from './case-builder.js';
import { DEFECT_CONTROL, DEFECT_SHARE, F014, OUTPATIENT, type DefectKind } from './tables.js';

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
  /** Format version written. */
  version: string;
  /** Calibration of the defect rate (see {@link rateScale}). */
  rateScale: number;
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

/** Probability of each defect kind for a case of this MO and doctor (`rate` already calibrated). */
function defectProbs(mo: Mo, rate: number, doctorProp: number, inpatient: boolean, oncology: boolean, cap = 0.5): Map<DefectKind, number> {
  const out = new Map<DefectKind, number>();
  for (const k of Object.keys(DEFECT_SHARE) as DefectKind[]) {
    if (INPATIENT_ONLY.has(k) && !inpatient) continue;
    if (k === 'oncoLate' && !oncology) continue;
    if (k === 'unjustifiedAdmission' && oncology) continue;
    let p = rate * DEFECT_SHARE[k] * doctorProp * (inpatient ? 1.6 : 0.7);
    if (k === 'upcoding') p *= mo.upcoding;
    if (k === 'padding') p *= mo.padding;
    if (k === 'prematureDischarge' || k === 'readmission') p *= mo.earlyDischarge;
    if (k === 'oncoLate') p *= 3; // oncology cases are few: the mechanism's share is concentrated on them
    if (DEFECT_CONTROL[k] === 'MEK') p *= mo.sloppy;
    out.set(k, Math.min(cap, p));
  }
  return out;
}

/**
 * The factor that turns `--defect-rate` into per-mechanism probabilities so that the region's expected
 * share of defective cases equals the setting: solved over a fixed-seed sample of each MO's care mix with
 * its mean doctor propensity and habits (deterministic; does not touch the generation streams).
 */
export function rateScale(region: Region, weights: number[], rate: number): number {
  if (!(rate > 0)) return 0;
  const samples = region.mos.map((mo, i) => {
    const rng = new Rng(0xca11 + i);
    const doc = mo.doctors.reduce((s, d) => s + d.propensity, 0) / mo.doctors.length;
    return Array.from({ length: 300 }, () => {
      const care = chooseCare(mo.type, rng);
      return [...defectProbs(mo, 1, doc, care.uslOk === 1, isOncology(care), Infinity).values()];
    });
  });
  const den = weights.reduce((x, y) => x + y, 0);
  const expected = (scale: number) =>
    samples.reduce((acc, cases, i) => {
      const e = cases.reduce((sum, ps) => sum + 1 - ps.reduce((q, p) => q * (1 - Math.min(0.5, p * scale)), 1), 0) / cases.length;
      return acc + (weights[i] * e) / den;
    }, 0);
  // expected() grows with the scale: bisection
  let lo = 0;
  let hi = 1;
  while (expected(hi) < rate && hi < 1e6) hi *= 2;
  for (let it = 0; it < 40; it++) {
    const mid = (lo + hi) / 2;
    if (expected(mid) < rate) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** A person for this care: a returning (chronic) patient or anyone, walking on until sex and age fit. */
function choosePerson(plan: MonthPlan, care: Care, monthStart: string): Person {
  const { rng } = plan;
  // chronic patients come back: part of the visits go to a smaller, returning part of the population
  let idx = rng.chance(0.15) ? rng.int(0, Math.max(1, Math.floor(plan.population / 5))) : rng.int(0, plan.population - 1);
  let p = person(plan.region.seed, idx * 2 + plan.personHalf, plan.region.smos, Number(plan.region.mos[0].code));
  for (let k = 0; k < 400 && !fits(care, p, monthStart); k++) {
    idx = (idx + 1) % plan.population;
    p = person(plan.region.seed, idx * 2 + plan.personHalf, plan.region.smos, Number(plan.region.mos[0].code));
  }
  return p;
}

/** Generates the cases of one MO in one month, with the companion records some defects bring. */
export function generateMoMonth(plan: MonthPlan): GenCase[] {
  const { mo, rng, year, month } = plan;
  const out: GenCase[] = [];
  const yymm = `${String(year).slice(2)}${pad(month)}`;
  const monthStart = `${year}-${pad(month)}-01`;
  let seq = 0;
  const nextId = () => `${yymm}${pad(++seq, 7)}`;
  for (let i = 0; i < plan.count; i++) {
    const doctor = rng.pick(mo.doctors);
    const care = chooseCare(mo.type, rng);
    const oncology = isOncology(care);
    const probs = defectProbs(mo, plan.rateScale, doctor.propensity, care.uslOk === 1, oncology);
    const pAny = 1 - [...probs.values()].reduce((q, p) => q * (1 - p), 1);
    let defects = [...probs].filter(([, p]) => rng.chance(p)).map(([k]) => k);
    // a case billed outside the period or with a wrong code is refused by control; a second record built on it would hide behind it
    if (defects.includes('outsidePeriod') || defects.includes('wrongCode'))
      defects = defects.filter((d) => d !== 'duplicate' && d !== 'overlap' && d !== 'outpatientDuringStay');
    const id = nextId();
    let g!: Zap;
    let pers!: Person;
    for (let attempt = 0; attempt < 8; attempt++) {
      pers = choosePerson(plan, care, monthStart);
      g = build(plan, pers, doctor.snils, doctor.prvs, care, id, defects);
      const z = g.Z_SL;
      if (!conflicts(plan.calendar, pers.enp, z.DATE_Z_1!, z.DATE_Z_2!, care.uslOk, z.SL[0].PROFIL!, z.RSLT === '105')) break;
    }
    note(plan.calendar, pers.enp, g);
    const truth: Truth = { defects, f014: [], p: pAny };
    const kind = oncology || care.suspicion ? 'C' : 'H';
    out.push({ zap: g, kind, person: pers, truth });
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
      out.push({ zap: extra, kind: d === 'outpatientDuringStay' ? 'H' : kind, person: pers, truth: { defects: [], f014: [], p: 0 } });
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
    const v = build(plan, p, doc.snils, doc.prvs, { uslOk: 3, visit: OUTPATIENT[0] }, id, []);
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
    // 2.7: a short repeat stay (three days or less) within fourteen days; 3.5: a justified longer one
    const los = d === 'readmission' ? plan.rng.int(1, 3) : Number(z.Z_SL.KD_Z ?? 1);
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
    if (sl.ONK_SL && care.ksg?.onk) {
      addOncology(sl, plan.rng, care.ksg.onk, start, end, plan.region.oncoMo, {
        late: false,
        child: ageAt(p.dr, start) < 18,
        repeat: true,
      });
    }
    return z;
  }
  return undefined;
}
