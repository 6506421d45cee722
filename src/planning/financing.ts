/**
 * Financing of a medical organisation (planning spec §4): per capita for the attached population,
 * per unit of volume, and KSG cases with the same formula the register MEK check uses.
 */
import { AppError } from '../errors.js';
import { roundKopecks, toKopecks } from '../tariffs/money.js';
import { ksgCaseCost, type KsgInput } from '../tariffs/ksg.js';

export interface MoFinancingInput {
  /** Base per-capita norm, rubles per attached person per year. */
  perCapitaNorm: string;
  attached: number;
  sexAgeCoef: number;
  diffCoef: number;
  /** Share of the per-capita money paid as a performance bonus (0..1), reported apart. */
  bonusShare?: number;
  units?: Array<{ service: string; volume: number; tariff: string }>;
  ksgCases?: Array<KsgInput & { count: number }>;
}

export function moFinancing(i: MoFinancingInput) {
  const norm = toKopecks(i.perCapitaNorm);
  if (norm === undefined) throw new AppError('BAD_INPUT', `per-capita norm "${i.perCapitaNorm}" is not a money amount`);
  const perCapitaKop = roundKopecks(norm * i.attached * i.sexAgeCoef * i.diffCoef);
  const bonusKop = roundKopecks(perCapitaKop * (i.bonusShare ?? 0));
  const unitsKop = (i.units ?? []).reduce((s, u) => {
    const t = toKopecks(u.tariff);
    if (t === undefined) throw new AppError('BAD_INPUT', `tariff "${u.tariff}" of ${u.service} is not a money amount`);
    return s + t * u.volume;
  }, 0);
  const ksgKop = (i.ksgCases ?? []).reduce((s, k) => s + ksgCaseCost(k) * k.count, 0);
  return { perCapitaKop: perCapitaKop - bonusKop, bonusKop, unitsKop, ksgKop, totalKop: perCapitaKop + unitsKop + ksgKop };
}
