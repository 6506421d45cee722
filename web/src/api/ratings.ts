// The ratings page: catalogues and stored rating runs (GET /api/ratings…).
import type { Got } from './schema.js';

type RatingList = Got<'/api/ratings'>;

/** A stored rating run in the list (GET /api/ratings). */
export type RatingRunSummary = RatingList['runs'][number];

/** A rating catalogue: its directions and indicators; `fromDatabase` when POST /api/ratings/from-db can fill it. */
export type RatingCatalog = RatingList['catalogs'][number];

// GET /api/ratings/:id has no response schema (a run's outputs are the rating engine's): typed by hand below.

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
