/**
 * The overall table (rating spec §4): health index ИЗ (six "−" indicators, expert weights, equal
 * by default), per-capita financing corrected by the regional wage coefficient ПФ/k (scored "+"),
 * the OMS-system score (ИО or ДУ), and their mean (arithmetic, or weighted on request), with ranks.
 */
import { AppError } from '../errors.js';
import { rank, scoreIndicator } from './normalize.js';

export const HEALTH_INDICATORS = [
  'infant_mortality',
  'maternal_mortality',
  'working_age_disability',
  'cancer_stage4',
  'tb_advanced',
  'complaints_growth',
] as const;

export interface OverallInput {
  /** unit → the OMS-system score (ИО or ДУ, 0..10). */
  system: Map<string, number>;
  /** unit → health indicator → value (lower is better). */
  health: Map<string, Partial<Record<(typeof HEALTH_INDICATORS)[number], number>>>;
  /** unit → per-capita financing and the district coefficient. */
  financing: Map<string, { pf: number; k: number }>;
  healthWeights?: Partial<Record<(typeof HEALTH_INDICATORS)[number], number>>;
  /** Weights of [health, system, financing] for a weighted mean; arithmetic when absent. */
  meanWeights?: [number, number, number];
}

export interface OverallRow {
  unit: string;
  health: number;
  system: number;
  financing: number;
  mean: number;
  rank: number;
}

export function overallTable(o: OverallInput): OverallRow[] {
  const units = [...o.system.keys()].sort();
  const hw = HEALTH_INDICATORS.map((h) => o.healthWeights?.[h] ?? 1 / HEALTH_INDICATORS.length);
  if (Math.abs(hw.reduce((a, b) => a + b, 0) - 1) > 1e-9) throw new AppError('BAD_INPUT', 'health index weights must sum to 1');
  const health = new Map<string, number>(units.map((u) => [u, 0]));
  HEALTH_INDICATORS.forEach((h, j) => {
    const s = scoreIndicator(new Map(units.map((u) => [u, o.health.get(u)?.[h]])), '-');
    for (const u of units) health.set(u, health.get(u)! + hw[j] * s.get(u)!);
  });
  const fin = scoreIndicator(
    new Map(
      units.map((u) => {
        const f = o.financing.get(u);
        return [u, f && f.k > 0 ? f.pf / f.k : undefined];
      }),
    ),
    '+',
  );
  const w = o.meanWeights ?? [1 / 3, 1 / 3, 1 / 3];
  const rows = units.map((u) => {
    const [a, b, c] = [health.get(u)!, o.system.get(u)!, fin.get(u)!];
    return {
      unit: u,
      health: a,
      system: b,
      financing: c,
      mean: w[0] * a + w[1] * b + w[2] * c,
      rank: 0,
    };
  });
  const r = rank(new Map(rows.map((x) => [x.unit, x.mean])));
  for (const x of rows) x.rank = r.get(x.unit)!;
  return rows.sort((a, b) => a.rank - b.rank);
}
