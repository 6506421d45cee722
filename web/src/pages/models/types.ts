// The shapes of GET /api/models/:version and GET /api/models/:version/drift (src/api/routes/models.routes.ts).

export interface Interval {
  value: number | null;
  lo: number | null;
  hi: number | null;
}

export interface Metrics {
  roc_auc: Interval;
  pr_auc: Interval;
  brier: Interval;
  ece: Interval;
  precision_at_5pct: Interval;
  lift_at_5pct: Interval;
  prevalence: number | null;
  n: number;
  positives: number;
}

export interface ModelDetails {
  version: string;
  status: 'shadow' | 'active' | 'retired';
  kind: string;
  spec_version: string;
  created_at: string;
  promoted_at: string | null;
  threshold: number | null;
  window: { trainFrom: string; trainTo: string; validFrom: string; validTo: string };
  counts: { trainCases: number; validCases: number; trainPositives: number; validPositives: number };
  population: string;
  metrics: Metrics;
  calibration: {
    a: number;
    b: number;
    curve: { from: number; to: number; meanP: number | null; observed: number | null; weight: number }[];
  };
  comparison: { kind: string; bestEpoch: number; seconds: number; metrics: Metrics }[];
  winner: string;
  notes: string[];
  weights: { estimated: number; clipped: number; byArm: Record<string, number>; maxWeight: number };
  spec: { version: string; numeric: number; categorical: number };
  reference: { from: string; to: string; rows: number } | null;
  prCurve: {
    source: string;
    months?: string;
    population?: string;
    cases?: number;
    points: { threshold: number; recall: number; precision: number }[];
  };
  history: { status: string; changed_at: string; changed_by: string | null }[];
}

export interface DriftFeature {
  name: string;
  kind: 'numeric' | 'categorical';
  psi: number | null;
  flag: 'stable' | 'watch' | 'drift' | null;
  summary: {
    count: number;
    missing: number;
    missingShare: number;
    mean?: number | null;
    std?: number | null;
    min?: number | null;
    max?: number | null;
    distinct?: number;
    top?: { value: string; count: number; share: number }[];
  };
  bins: { bin: string; reference: number; current: number }[];
}

export interface DriftReport {
  period: string;
  specVersion: string;
  rows: number;
  model: { version: string; status: string } | null;
  reference: { source: string; from: string; to: string; rows: number } | null;
  features: DriftFeature[];
}
