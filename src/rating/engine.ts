/**
 * The rating engine: inputs (finished values or numerator/denominator per unit and indicator) →
 * ten-point scores, direction scores ДУ_i, achieved level ДУ, and with a previous period the
 * dynamics index ИД (growth coefficients scored by the same rules) and ИО = 0.6·ИД + 0.4·ДУ.
 */
import { AppError } from '../errors.js';
import { validateCatalog, type Catalog } from './catalog.js';
import { rank, scoreIndicator } from './normalize.js';

export interface InputRow {
  unit: string;
  indicator: string;
  value?: number;
  numerator?: number;
  denominator?: number;
}

export interface UnitResult {
  unit: string;
  rank: number;
  /** ИО when a previous period is given, else ДУ. */
  score: number;
  level: number;
  dynamics?: number;
  integral?: number;
  directions: Record<string, number>;
  indicators: Record<
    string,
    {
      value: number | null;
      score: number;
      growth?: number | null;
      growthScore?: number;
    }
  >;
}

export interface RatingResult {
  catalog: string;
  version: string;
  warnings: string[];
  units: UnitResult[];
}

/** Values per indicator and unit; a zero denominator gives a missing value, not an error. */
export function resolveValues(catalog: Catalog, rows: readonly InputRow[], label = 'input'): Map<string, Map<string, number | undefined>> {
  const byCode = new Map(catalog.indicators.map((i) => [i.code, i]));
  const out = new Map<string, Map<string, number | undefined>>(catalog.indicators.map((i) => [i.code, new Map()]));
  const units = new Set(rows.map((r) => r.unit));
  rows.forEach((r, n) => {
    const def = byCode.get(r.indicator);
    if (!def)
      throw new AppError('BAD_INPUT', `${label} row ${n + 1}: indicator "${r.indicator}" is not in catalogue ${catalog.id}`, {
        row: n + 1,
      });
    if (!r.unit)
      throw new AppError('BAD_INPUT', `${label} row ${n + 1}: no unit`, {
        row: n + 1,
      });
    let v: number | undefined;
    if (r.value !== undefined) v = r.value;
    else if (r.numerator !== undefined) {
      if (r.denominator === undefined)
        throw new AppError('BAD_INPUT', `${label} row ${n + 1}: ${r.indicator} of ${r.unit} has a numerator but no denominator`, {
          row: n + 1,
        });
      v = r.denominator === 0 ? def.zeroDenominatorValue : (r.numerator / r.denominator) * (def.factor ?? 1) + (def.offset ?? 0);
    } // else: an empty value is a missing one (spec §3: scored 0 and left out of max/min), not an error
    if (v !== undefined && !Number.isFinite(v))
      throw new AppError('BAD_INPUT', `${label} row ${n + 1}: ${r.indicator} of ${r.unit} is not a number`, { row: n + 1 });
    out.get(def.code)!.set(r.unit, v);
  });
  for (const m of out.values()) for (const u of units) if (!m.has(u)) m.set(u, undefined);
  return out;
}

function aggregate(catalog: Catalog, scores: Map<string, Map<string, number>>, unit: string) {
  const directions: Record<string, number> = {};
  let level = 0;
  for (const g of catalog.groups) {
    const d = catalog.indicators.filter((i) => i.group === g.id).reduce((s, i) => s + i.weight * (scores.get(i.code)!.get(unit) ?? 0), 0);
    directions[g.id] = d;
    level += g.weight * d;
  }
  return { directions, level };
}

/** Computes a rating. Throws AppError('CATALOG_INVALID') for a catalogue with errors. */
export function computeRating(catalog: Catalog, rows: readonly InputRow[], previous?: readonly InputRow[]): RatingResult {
  const check = validateCatalog(catalog);
  if (check.errors.length)
    throw new AppError('CATALOG_INVALID', check.errors.join('; '), {
      errors: check.errors,
    });
  const cur = resolveValues(catalog, rows);
  const units = [...new Set(rows.map((r) => r.unit))].sort();
  const scores = new Map(catalog.indicators.map((i) => [i.code, scoreIndicator(cur.get(i.code)!, i.sign)]));
  let growthScores: Map<string, Map<string, number>> | undefined;
  let growth: Map<string, Map<string, number | undefined>> | undefined;
  if (previous) {
    const prev = resolveValues(catalog, previous, 'previous');
    growth = new Map(
      catalog.indicators.map((i) => {
        const m = new Map<string, number | undefined>();
        for (const u of units) {
          const a = cur.get(i.code)!.get(u);
          const b = prev.get(i.code)?.get(u);
          m.set(u, a === undefined || b === undefined || b === 0 ? undefined : (a / b) * 100);
        }
        return [i.code, m];
      }),
    );
    growthScores = new Map(catalog.indicators.map((i) => [i.code, scoreIndicator(growth!.get(i.code)!, i.sign)]));
  }
  const results = units.map((unit) => {
    const { directions, level } = aggregate(catalog, scores, unit);
    const dyn = growthScores ? aggregate(catalog, growthScores, unit).level : undefined;
    const integral = dyn !== undefined ? 0.6 * dyn + 0.4 * level : undefined;
    const indicators: UnitResult['indicators'] = {};
    for (const i of catalog.indicators) {
      const v = cur.get(i.code)!.get(unit);
      indicators[i.code] = {
        value: v ?? null,
        score: scores.get(i.code)!.get(unit)!,
      };
      if (growth)
        Object.assign(indicators[i.code], {
          growth: growth.get(i.code)!.get(unit) ?? null,
          growthScore: growthScores!.get(i.code)!.get(unit)!,
        });
    }
    return {
      unit,
      rank: 0,
      score: integral ?? level,
      level,
      dynamics: dyn,
      integral,
      directions,
      indicators,
    };
  });
  const ranks = rank(new Map(results.map((r) => [r.unit, r.score])));
  for (const r of results) r.rank = ranks.get(r.unit)!;
  results.sort((a, b) => a.rank - b.rank || a.unit.localeCompare(b.unit));
  return {
    catalog: catalog.id,
    version: catalog.version,
    warnings: check.warnings,
    units: results,
  };
}
