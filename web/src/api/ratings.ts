// The ratings page: catalogues and stored rating runs (GET /api/ratings…).
import type { Got } from './schema.js';

type RatingList = Got<'/api/ratings'>;

/** A stored rating run in the list (GET /api/ratings). */
export type RatingRunSummary = RatingList['runs'][number];

/** A rating catalogue: its directions and indicators; `fromDatabase` when POST /api/ratings/from-db can fill it. */
export type RatingCatalog = RatingList['catalogs'][number];

/** A stored run (GET /api/ratings/:id). */
export type RatingRun = Got<'/api/ratings/{id}'>;

/** One rated unit of a run. */
export type RatingUnit = RatingRun['outputs']['units'][number];
