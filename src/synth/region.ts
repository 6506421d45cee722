/**
 * The synthetic region: insurers, medical organisations of different kinds with departments,
 * doctors and propensities to defects, and an insured population with an age/sex pyramid.
 */
import { Rng } from './rng.js';

export type MoType = 'polyclinic' | 'hospital' | 'day-clinic' | 'ambulance' | 'oncology';

export interface Doctor {
  snils: string;
  prvs: number;
  /** Multiplies the MO's defect rates for this doctor's cases. */
  propensity: number;
}

export interface Mo {
  code: string;
  name: string;
  type: MoType;
  /** KOEF_U: level coefficient of the MO. */
  koefU: string;
  /** Share of the region's cases. */
  weight: number;
  doctors: Doctor[];
  /** Defect propensities (multipliers of the base rates). */
  upcoding: number;
  padding: number;
  earlyDischarge: number;
  sloppy: number;
}

export interface Person {
  enp: string;
  w: 1 | 2;
  dr: string;
  smo: string;
  fam: string;
  im: string;
  ot: string;
  chronic: boolean;
}

export interface Region {
  seed: number;
  okato: string;
  smos: string[];
  mos: Mo[];
  /** Base rate of 24-hour inpatient care (BZTSZ, rubles). */
  baseRate: string;
  /** Codes of the polyclinics that refer patients to hospitals (NPR_MO). */
  referrers: string[];
  /** Code of the oncology dispensary (referrals with a suspected malignancy go there). */
  oncoMo: string;
}

const FAM = [
  'Иванов',
  'Смирнов',
  'Кузнецов',
  'Попов',
  'Васильев',
  'Петров',
  'Соколов',
  'Михайлов',
  'Новиков',
  'Фёдоров',
  'Морозов',
  'Волков',
];
const IM_M = ['Александр', 'Сергей', 'Дмитрий', 'Андрей', 'Алексей', 'Иван', 'Михаил', 'Николай'];
const IM_W = ['Елена', 'Ольга', 'Наталья', 'Татьяна', 'Ирина', 'Мария', 'Анна', 'Светлана'];
const OT_M = ['Александрович', 'Сергеевич', 'Иванович', 'Петрович', 'Николаевич'];
const OT_W = ['Александровна', 'Сергеевна', 'Ивановна', 'Петровна', 'Николаевна'];

function snils(rng: Rng): string {
  const d = () => String(rng.int(0, 999)).padStart(3, '0');
  return `${d()}-${d()}-${d()} ${String(rng.int(0, 99)).padStart(2, '0')}`;
}

const SPECIALTY: Record<MoType, number[]> = {
  polyclinic: [76, 49, 17, 53, 19],
  hospital: [76, 53, 99, 108, 12, 19],
  'day-clinic': [76, 53, 41],
  ambulance: [2],
  oncology: [41],
};

/** The committed sample region's MO codes start here (`data/sample`, scripts/make-sample.ts). */
export const SAMPLE_FIRST_MO = 750001;
/**
 * A generated region's MO codes start here by default: a range of their own, so that a synthetic region loaded beside
 * the sample is another set of organisations (with the sample's codes its files had the sample's names, and its
 * corrected registers superseded the sample's cases).
 */
export const SYNTH_FIRST_MO = 760001;

/** Builds the region's organisations (codes firstMo, firstMo + 1, …); the same seed always gives the same region. */
export function buildRegion(seed: number, nMos: number, nSmos: number, firstMo = SYNTH_FIRST_MO): Region {
  const rng = new Rng(seed);
  const smos = Array.from({ length: Math.max(1, Math.min(4, nSmos)) }, (_, i) => `7500${i + 1}`);
  const types: MoType[] = ['ambulance', 'oncology', 'day-clinic'];
  while (types.length < nMos) types.push(rng.chance(0.55) ? 'polyclinic' : 'hospital');
  const mos: Mo[] = types.slice(0, Math.max(nMos, 1)).map((type, i) => {
    const heavy = rng.chance(0.2); // one in five organisations has a pronounced habit
    return {
      code: String(firstMo + i),
      name: `${type} №${i + 1}`,
      type,
      koefU: type === 'hospital' ? rng.pick(['0.95000', '1.00000', '1.10000']) : '1.00000',
      weight: type === 'ambulance' ? 1.5 : type === 'polyclinic' ? 2 : type === 'hospital' ? 1.2 : 0.6,
      doctors: Array.from({ length: rng.int(4, 12) }, () => ({
        snils: snils(rng),
        prvs: rng.pick(SPECIALTY[type]),
        propensity: rng.chance(0.1) ? 3 : 0.5 + rng.next(),
      })),
      upcoding: heavy && rng.chance(0.5) ? 4 : 0.5 + rng.next(),
      padding: heavy && rng.chance(0.5) ? 4 : 0.5 + rng.next(),
      earlyDischarge: heavy && rng.chance(0.3) ? 4 : 0.5 + rng.next(),
      sloppy: 0.5 + rng.next() * (heavy ? 3 : 1),
    };
  });
  const referrers = mos.filter((m) => m.type === 'polyclinic').map((m) => m.code);
  const oncoMo = mos.find((m) => m.type === 'oncology')?.code ?? mos[0].code;
  return { seed, okato: '76000', smos, mos, baseRate: '25986.70', referrers: referrers.length ? referrers : [mos[0].code], oncoMo };
}

/**
 * A person of the population by index: deterministic from (seed, index), so a person can come back. The ENPs of a
 * region whose MO codes start at `firstMo` are its own too (the sample's, 7550000000000000 + index, unchanged): two
 * regions loaded together share no patients.
 */
export function person(seed: number, index: number, smos: string[], firstMo = SAMPLE_FIRST_MO): Person {
  const rng = new Rng((seed * 1000003 + index * 7919) >>> 0);
  const w: 1 | 2 = rng.chance(0.46) ? 1 : 2;
  const age = Math.min(95, Math.max(0, Math.round(rng.chance(0.18) ? rng.int(0, 17) : rng.normal(52, 17))));
  const year = 2025 - age;
  return {
    enp: String(7550000000000000 + (firstMo - SAMPLE_FIRST_MO) * 10_000_000 + index).slice(0, 16),
    w,
    dr: `${year}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
    smo: smos[index % smos.length],
    fam: rng.pick(FAM) + (w === 2 ? 'а' : ''),
    im: rng.pick(w === 1 ? IM_M : IM_W),
    ot: rng.pick(w === 1 ? OT_M : OT_W),
    chronic: rng.chance(0.3),
  };
}
