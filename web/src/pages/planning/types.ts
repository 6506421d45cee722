// The planning API's answers the planning pages read (src/api/routes/plan-monitor.routes.ts, planning.routes.ts).

export interface PlanVersion {
  id: string;
  year: number;
  parentId: string | null;
  rootId: string;
  author: string;
  reason: string;
  totalVolume: number;
  totalKop: number;
  createdAt: string;
  lines: number;
  corrections: number;
  children: number;
}

export interface PlanCell {
  mo: string;
  uslOk: number;
  profile?: number;
  ksg?: string;
  volume: number;
  amountKop: number;
}

export interface PlanDetail {
  id: string;
  year: number;
  lines: PlanCell[];
}

export interface CellChange {
  mo: string;
  uslOk: number;
  profile?: number;
  ksg?: string;
  before: { volume: number; amountKop: number } | null;
  after: { volume: number; amountKop: number };
}

export interface HistoryEntry {
  id: string;
  parentId: string | null;
  author: string;
  reason: string;
  changes: CellChange[];
  totalVolume: number;
  totalKop: number;
  createdAt: string;
}

export interface Figures {
  planVolume: number;
  factVolume: number;
  deviationVolume: number;
  volumePct: number | null;
  planKop: number;
  factKop: number;
  deviationKop: number;
  kopPct: number | null;
}

export interface SummaryRow extends Figures {
  mo: string;
  uslOk: number | null;
  planned: boolean;
  planYearVolume: number;
  planYearKop: number;
}

export interface PlanSummary {
  id: string;
  year: number;
  from: number;
  through: number;
  monthsWithData: number[];
  rows: SummaryRow[];
  total: Figures & { planYearVolume: number; planYearKop: number };
  unplanned: { factVolume: number; factKop: number };
}

export interface GridRow {
  key: string | null;
  planYearVolume: number;
  planYearKop: number;
  cells: Array<Figures & { period: number; hasData: boolean }>;
}

export interface ExecutionGrid {
  by: 'profile' | 'ksg';
  period: 'quarter' | 'month';
  periods: number[];
  monthsWithData: number[];
  rows: GridRow[];
  unmatched: { cases: number; kop: number };
}
