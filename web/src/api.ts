// The API client: same origin, the session cookie, and the CSRF token on state-changing requests.
// Every failure becomes an ApiError with a message in Russian a user can read (never a stack trace).

export interface User {
  login: string;
  role: string;
  smo: string | null;
  mo: string | null;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

let csrf: string | null = null;

/** Sets the CSRF token of the current session (from login or /api/auth/me). */
export function setCsrf(token: string | null): void {
  csrf = token;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Неверные данные запроса',
  401: 'Нужно войти в систему',
  403: 'Недостаточно прав для этого действия',
  404: 'Не найдено',
  409: 'Конфликт с текущим состоянием данных',
  413: 'Файл слишком большой',
  422: 'Данные отклонены',
  429: 'Слишком много попыток, повторите позже',
};

/** A readable message for a failed response: the status in Russian, then the server's own message. */
export function errorText(status: number, body: unknown): string {
  const head = STATUS_TEXT[status] ?? (status >= 500 ? 'Ошибка сервера' : `Ошибка ${status}`);
  const msg = body && typeof body === 'object' && 'message' in body ? String((body as { message: unknown }).message) : '';
  return msg && status < 500 ? `${head}: ${msg}` : head;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'Сервер недоступен: проверьте, что omsx serve запущен');
  }
  if (res.status === 204) return undefined as T;
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, errorText(res.status, data));
  return data as T;
}

export const qs = (params: Record<string, string | number | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};

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

export interface ModelRow {
  version: string;
  status: 'shadow' | 'active' | 'retired';
  kind: string;
  created_at: string;
  promoted_at: string | null;
  retired_at: string | null;
  train_from: string;
  train_to: string;
  threshold: number | null;
}

/** The CSRF token of the current session, for requests made without `api` (an upload with progress). */
export const csrfToken = (): string | null => csrf;

export interface PackageCounts {
  files: number;
  cases: number;
  accepted: number;
  rejected: number;
  findings: number;
}

export interface PackageFile {
  file: string;
  kind: string | null;
  status: string | null;
  cases: number;
  accepted: number;
  rejected: number;
  findings: number;
  error: string | null;
}

export interface RuleLine {
  control: string;
  rule: string;
  count: number;
  name: string;
}

/** A package in the list (GET /api/registers). */
export interface PackageLine {
  id: string;
  source: string;
  status: string;
  progress: number;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  mos: string[];
  periods: string[];
  counts: PackageCounts;
  files: PackageFile[];
  rules: RuleLine[];
  ruleCount: number;
}

export interface PackageList {
  total: number;
  page: number;
  pageSize: number;
  items: PackageLine[];
}

/** One package (GET /api/registers/:id). */
export interface PackageDetail {
  id: string;
  source: string;
  status: string;
  progress: number;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  counts: PackageCounts;
  files: PackageFile[];
  warnings: string[];
  rules: RuleLine[];
}

export interface ProtocolEntry {
  file: string;
  control?: string;
  rule: string;
  severity?: string;
  element?: string | null;
  n_zap?: string | null;
  idcase?: string | null;
  message: string;
  [k: string]: unknown;
}

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

/** An act a period has: GET /api/acts/list. */
export interface ActKey {
  mo: string;
  smo: string | null;
  control: string;
  cases: number;
}

export interface ActDefect {
  code: number;
  item: string | null;
  name: string | null;
}

/** The act of MEE / EKMP: GET /api/acts (money in kopecks). */
export interface Act {
  period: string;
  control: string;
  mo: { code: string; name: string | null };
  smo: string | null;
  accounts: { file: string; nschet: string | null; dschet: string | null }[];
  acts: { num: string | null; date: string | null }[];
  experts: string[];
  lines: {
    conclusion_id: string;
    case_id: string;
    account: string | null;
    n_zap: string;
    idcase: string;
    patient: string | null;
    date_1: string;
    date_2: string;
    sum_kop: number;
    defect: boolean;
    defects: ActDefect[];
    amount_kop: number;
    fine_kop: number;
    fine_pending: boolean;
    experts: string[];
    num_act: string | null;
    date_act: string | null;
  }[];
  defects: (ActDefect & { cases: number })[];
  totals: { cases: number; with_defects: number; sum_kop: number; amount_kop: number; fine_kop: number; fines_pending: number };
}

// The case card: the F014 table, the sanction preview, the patient's timeline.
export interface F014Entry {
  code: number;
  osn: string | null;
  text: string;
  short: string | null;
  k_no: number | null;
  k_sh: number | null;
  group: string | null;
  section: 'MEK' | 'MEE' | 'EKMP' | null;
  from: string | null;
  to: string | null;
}

export interface SanctionPreview {
  case_id: string;
  priced_case_id: string;
  control: string;
  s_tip: number;
  case_sum_kop: number;
  norm_kop: number | null;
  year: number;
  codes: Array<{ code: number; osn: string | null; k_no: number | null; k_sh: number | null }>;
  amount_kop: number;
  fine_kop: number;
  fine_pending: boolean;
}

export interface TimelineCase {
  id: string;
  idcase: string;
  file_name: string;
  code_mo: string;
  smo: string | null;
  year: number;
  month: number;
  usl_ok: number | null;
  date_z_1: string | null;
  date_z_2: string | null;
  ds1: string | null;
  sumv: string | null;
  status: string;
  findings: number;
  current: boolean;
  conclusions: Array<{ id: string; control: string; s_tip: number; defect: boolean; f014: number[]; amount_kop: number; fine_kop: number }>;
}

export interface Timeline {
  patient: string | null;
  cases: TimelineCase[];
}

/** The agreement report with the grouping it was computed for (`by`), as the quality-control page reads it. */
export interface AgreementReportBy extends AgreementReport {
  by: string[];
}

/** A stored rating run in the list (GET /api/ratings). */
export interface RatingRunSummary {
  id: string;
  catalog: string;
  catalogVersion: string;
  source: { kind: 'database'; year: number; unit?: string; insured?: number } | null;
  units: number;
  top: { unit: string; score: number } | null;
  createdAt: string;
}

/** A rating catalogue: its directions and indicators; `fromDatabase` when POST /api/ratings/from-db can fill it. */
export interface RatingCatalog {
  id: string;
  title: string;
  fromDatabase: boolean;
  groups: { id: string; title: string; weight: number }[];
  indicators: { code: string; group: string; title: string; unit: string | null; sign: string; weight: number }[];
}

/** One rated unit of a run. */
export interface RatingUnit {
  unit: string;
  rank: number;
  score: number;
  level: number;
  dynamics?: number;
  integral?: number;
  directions: Record<string, number>;
  indicators: Record<string, { value: number | null; score: number }>;
}

/** A stored run (GET /api/ratings/:id). */
export interface RatingRun {
  id: string;
  catalog: string;
  catalogVersion: string;
  inputs: { source?: RatingRunSummary['source'] };
  outputs: { catalog: string; warnings: string[]; units: RatingUnit[] };
  createdAt: string;
}
