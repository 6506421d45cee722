/**
 * The past expertise an insurer already did, which gives the labels: a planned random sample,
 * 231н triggers (deaths, oncology drug therapy) and a legacy rule (large sums), reviewed by experts
 * who find a true defect with sensitivity 0.85 and raise a false one with probability 0.03; a few
 * cases are reviewed twice.
 */
import { formatKopecks, toKopecks } from '../tariffs/money.js';
import type { Rng } from './rng.js';
import type { GenCase } from './episodes.js';
import { DEFECT_CONTROL, F014, K_NO } from './tables.js';

export interface Conclusion {
  case: GenCase;
  control: 'MEE' | 'EKMP';
  sTip: number;
  reason: 'random' | 'trigger:death' | 'trigger:oncology' | 'legacy:sum';
  /** The probability that the policy which picked the case picks it (1 for a death, 0.04 for a plain random pick). */
  propensity: number;
  expert: string;
  review: 1 | 2;
  f014?: number;
  sSum: string;
}

export const SENSITIVITY = 0.85;
export const FALSE_POSITIVE = 0.03;

/**
 * Which policy takes the case, and the probability that it does (its propensity): a death is always reviewed; an
 * oncology case is sampled at 0.3; a large sum at 0.5 unless oncology took the case; the rest at 0.04 (half MEE,
 * half EKMP) unless a rule took it first.
 */
function select(
  c: GenCase,
  rng: Rng,
): { control: 'MEE' | 'EKMP'; sTip: number; reason: Conclusion['reason']; propensity: number } | undefined {
  const z = c.zap.Z_SL;
  if (z.RSLT === '105' || z.RSLT === '106') return { control: 'EKMP', sTip: 72, reason: 'trigger:death', propensity: 1 };
  let left = 1; // the probability that no rule before took the case
  if (c.kind === 'C') {
    if (rng.chance(0.3)) return { control: 'MEE', sTip: 54, reason: 'trigger:oncology', propensity: 0.3 };
    left *= 0.7;
  }
  if ((toKopecks(z.SUMV) ?? 0) > 100_000_00) {
    if (rng.chance(0.5)) return { control: 'MEE', sTip: 50, reason: 'legacy:sum', propensity: left * 0.5 };
    left *= 0.5;
  }
  if (rng.chance(0.04))
    return rng.chance(0.5)
      ? { control: 'MEE', sTip: 50, reason: 'random', propensity: left * 0.04 }
      : { control: 'EKMP', sTip: 70, reason: 'random', propensity: left * 0.04 };
  return undefined;
}

/** Reviews one month's cases; returns the conclusions (two per doubly reviewed case). */
export function reviewMonth(cases: GenCase[], rng: Rng, experts: string[]): Conclusion[] {
  const out: Conclusion[] = [];
  for (const c of cases) {
    const s = select(c, rng);
    if (!s) continue;
    const reviews = rng.chance(0.05) ? 2 : 1;
    for (let r = 1; r <= reviews; r++) {
      const visible = c.truth.defects.filter((d) => (s.control === 'EKMP' ? DEFECT_CONTROL[d] === 'EKMP' : DEFECT_CONTROL[d] !== 'EKMP'));
      const found = visible.filter(() => rng.chance(SENSITIVITY));
      let f014: number | undefined = found.length ? F014[found[0]] : undefined;
      if (f014 === undefined && !visible.length && rng.chance(FALSE_POSITIVE))
        f014 = s.control === 'EKMP' ? F014.wrongTreatment : F014.padding;
      const sumv = toKopecks(c.zap.Z_SL.SUMV) ?? 0;
      out.push({
        case: c,
        ...s,
        expert: rng.pick(experts),
        review: r as 1 | 2,
        f014,
        sSum: f014 ? formatKopecks(Math.round(sumv * (K_NO[f014] ?? 1))) : '0.00',
      });
    }
  }
  return out;
}
