// The registers pages: the packages, their files, the rules they broke and the protocol (GET /api/registers…).

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

/** What the list of packages and the package's page both show of a package. */
interface PackageHead {
  id: string;
  source: string;
  status: string;
  progress: number;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  counts: PackageCounts;
  files: PackageFile[];
  rules: RuleLine[];
}

/** A package in the list (GET /api/registers). */
export interface PackageLine extends PackageHead {
  mos: string[];
  periods: string[];
  ruleCount: number;
}

export interface PackageList {
  total: number;
  page: number;
  pageSize: number;
  items: PackageLine[];
}

/** One package (GET /api/registers/:id). */
export interface PackageDetail extends PackageHead {
  warnings: string[];
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
