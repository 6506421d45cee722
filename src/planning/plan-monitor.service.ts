/** The plan-fact dashboards over the database: plan versions, their history, the summary and the execution grid. */
import type { SqlPort } from '../db/sql.port.js';
import { AppError } from '../errors.js';
import { loadFactCells } from './fact.repo.js';
import { executionGrid, monthsWithData, summarizeByMoCondition, type GridBy, type GridPeriod } from './plan-monitor.js';
import { plansRepo } from './plans.repo.js';

export function planMonitorService(sql: SqlPort) {
  const plans = plansRepo(sql);
  return {
    list: (year?: number) => plans.list(year),
    history: (id: string) => plans.history(id),
    /**
     * Plan-fact by MO and condition for months `from`…`through` of the plan's year; without them, the months
     * accepted registers have been loaded for (first to last), or the whole year when there are none.
     */
    async summary(id: string, q: { from?: number; through?: number }) {
      const plan = await plans.get(id);
      const facts = await loadFactCells(sql, plan.year);
      const loaded = monthsWithData(facts);
      const from = q.from ?? loaded[0] ?? 1;
      const through = q.through ?? loaded.at(-1) ?? 12;
      if (from > through) throw new AppError('BAD_INPUT', `from (month ${from}) is after through (month ${through})`);
      return {
        id: plan.id,
        year: plan.year,
        from,
        through,
        monthsWithData: loaded,
        ...summarizeByMoCondition(plan.lines, facts, from, through),
      };
    },
    /** Execution % of the plan tasks by profile or KSG × quarter or month. */
    async execution(id: string, by: GridBy, period: GridPeriod) {
      const plan = await plans.get(id);
      const facts = await loadFactCells(sql, plan.year);
      return {
        id: plan.id,
        year: plan.year,
        by,
        period,
        monthsWithData: monthsWithData(facts),
        ...executionGrid(plan.lines, facts, by, period),
      };
    },
  };
}
