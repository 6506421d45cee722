// The personal-data access log (GET /api/audit).

export interface AuditLine {
  id: string;
  at: string;
  login: string;
  role: string;
  action: string;
  endpoint: string;
  persons: string[];
  case_ids: string[];
  reason: string | null;
  ip: string | null;
}

export interface AuditPage {
  total: number;
  page: number;
  pageSize: number;
  entries: AuditLine[];
}
