// The worklist's lines (GET /api/worklists/…): the worklist page and the case card read them.

export interface Reason {
  feature: string;
  text: string;
}

export interface WorklistLine {
  id: string;
  case_id: string;
  file: string;
  n_zap: string;
  idcase: string;
  mo: string;
  smo: string;
  usl_ok: number | null;
  control: string;
  s_tip: number;
  arm: string;
  reason: string | null;
  propensity: number | null;
  score: number | null;
  p_defect: number | null;
  expected_amount: string | null;
  rank: number | null;
  reasons: Reason[];
  state: string;
  expert: string | null;
  unassigned_reason: string | null;
}

export interface WorklistPage {
  total: number;
  page: number;
  pageSize: number;
  items: WorklistLine[];
}
