// The ratings page: catalogues and stored rating runs (GET /api/ratings…).

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
