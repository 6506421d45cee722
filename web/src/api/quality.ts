// The agreement report (GET /api/agreement): the agreement page reads it as is, the quality-control page with its grouping.

export interface AgreementGroup {
  key: Record<string, string | number | null>;
  conclusions: number;
  reviewed: number;
  confirmed: number;
  hit_rate: number | null;
  hit_rate_ci: [number, number] | null;
  recovered: number;
  non_payment: number;
  fine: number;
  lift: number | null;
}

export interface AgreementReport {
  from: string | null;
  to: string | null;
  arms: AgreementGroup[];
  groups: AgreementGroup[];
  total: AgreementGroup;
}

/** The agreement report with the grouping it was computed for (`by`), as the quality-control page reads it. */
export interface AgreementReportBy extends AgreementReport {
  by: string[];
}
