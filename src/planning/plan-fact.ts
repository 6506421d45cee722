/**
 * Plan-fact monitoring (planning spec §5): execution % per MO and condition, year to date, and a
 * straight-line forecast to the year end; the deviations feed the mo-plan-execution rating.
 */
import type { FactRow } from './fact.repo.js';

export interface PlanLine {
  mo: string;
  uslOk: number;
  /** Annual planned cases. */
  volume: number;
}

export interface Execution {
  mo: string;
  uslOk: number;
  planYear: number;
  planToDate: number;
  factToDate: number;
  executionPct: number | null;
  forecastYear: number;
  /** |forecast/plan·100 − 100|: the mo-plan-execution indicator. */
  deviationPct: number | null;
}

export function planFact(plan: readonly PlanLine[], facts: readonly FactRow[], throughMonth: number): Execution[] {
  return plan.map((p) => {
    const fact = facts.filter((f) => f.mo === p.mo && f.uslOk === p.uslOk && f.month <= throughMonth).reduce((s, f) => s + f.cases, 0);
    const planToDate = (p.volume * throughMonth) / 12;
    const forecast = throughMonth > 0 ? (fact * 12) / throughMonth : 0;
    return {
      mo: p.mo,
      uslOk: p.uslOk,
      planYear: p.volume,
      planToDate,
      factToDate: fact,
      executionPct: planToDate > 0 ? (fact / planToDate) * 100 : null,
      forecastYear: forecast,
      deviationPct: p.volume > 0 ? Math.abs((forecast / p.volume) * 100 - 100) : null,
    };
  });
}
