/**
 * Programme cost by care condition (planning spec §1) and the TFOMS balance (§2). Money in
 * integer kopecks; volume = insured × volume norm, rounded half-up to whole units.
 */
import { AppError } from '../errors.js';
import { roundKopecks, toKopecks } from '../tariffs/money.js';

export interface Norm {
  /** Care condition, e.g. ambulance, outpatient-visit, outpatient-episode, day-hospital, hospital, hospital-oncology. */
  condition: string;
  /** Units per insured per year. */
  volumeNorm: number;
  /** Cost of one unit, rubles as text (N(15,2)). */
  unitCost: string;
}

export interface ConditionCost {
  condition: string;
  volume: number;
  unitCostKop: number;
  costKop: number;
}

export function programmeCost(norms: readonly Norm[], insured: number) {
  if (!Number.isSafeInteger(insured) || insured <= 0)
    throw new AppError('BAD_INPUT', `insured must be a positive whole number, got ${insured}`);
  const lines: ConditionCost[] = norms.map((n, i) => {
    const unit = toKopecks(n.unitCost);
    if (unit === undefined)
      throw new AppError('BAD_INPUT', `norm row ${i + 1} (${n.condition}): unit cost "${n.unitCost}" is not a money amount`);
    if (!(n.volumeNorm >= 0)) throw new AppError('BAD_INPUT', `norm row ${i + 1} (${n.condition}): volume norm ${n.volumeNorm}`);
    const volume = Math.round(insured * n.volumeNorm);
    return { condition: n.condition, volume, unitCostKop: unit, costKop: volume * unit };
  });
  const totalKop = lines.reduce((s, l) => s + l.costKop, 0);
  return { insured, lines, totalKop, perCapitaKop: roundKopecks(totalKop / insured) };
}

export interface BalanceInput {
  revenue: Record<string, string>;
  expense: Record<string, string>;
}

/** Revenue and expense items (rubles) → totals and the balance; flags a programme the revenue does not cover. */
export function balance(b: BalanceInput) {
  const sum = (o: Record<string, string>, side: string) =>
    Object.entries(o).reduce((s, [k, v]) => {
      const x = toKopecks(v);
      if (x === undefined) throw new AppError('BAD_INPUT', `${side} item "${k}": "${v}" is not a money amount`);
      return s + x;
    }, 0);
  const revenueKop = sum(b.revenue, 'revenue');
  const expenseKop = sum(b.expense, 'expense');
  return { revenueKop, expenseKop, balanceKop: revenueKop - expenseKop, covered: revenueKop >= expenseKop };
}
