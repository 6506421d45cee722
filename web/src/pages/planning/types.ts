// The planning API's answers the planning pages read (src/api/routes/plan-monitor.routes.ts, planning.routes.ts).
import type { Got } from '../../api/schema.js';

export type PlanVersion = Got<'/api/plans'>['versions'][number];
export type PlanDetail = Got<'/api/plans/{id}'>;
export type PlanCell = PlanDetail['lines'][number];
export type HistoryEntry = Got<'/api/plans/{id}/history'>['versions'][number];
export type CellChange = HistoryEntry['changes'][number];
export type PlanSummary = Got<'/api/plans/{id}/summary'>;
export type SummaryRow = PlanSummary['rows'][number];
export type Figures = Omit<PlanSummary['total'], 'planYearVolume' | 'planYearKop'>;
export type ExecutionGrid = Got<'/api/plans/{id}/execution'>;
export type GridRow = ExecutionGrid['rows'][number];
