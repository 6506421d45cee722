/**
 * Rating runs as the web app needs them: the stored runs with what they rate, the catalogues (and which of them
 * the database can fill), and a run computed from the registers and conclusions of a year.
 */
import { readdir } from 'node:fs/promises';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { CATALOG_DIR, loadCatalog } from './catalogs.loader.js';
import { computeRating, type InputRow, type RatingResult } from './engine.js';
import { moQualityIndicators, registerIndicators } from './indicators.repo.js';
import { smoQualityIndicators } from './smo-indicators.repo.js';
import { ratingRunsRepo, type RunSummary } from './rating-runs.repo.js';

/** Catalogues the database can fill, and what each fills: every indicator per MO / insurer, or k21, k22, k36 of one unit. */
export const FROM_DATABASE: Record<string, (deps: Pick<Deps, 'db'>, o: FromDatabase) => Promise<InputRow[]>> = {
  'mo-quality': (deps, o) => moQualityIndicators(deps.db.sql, o.year),
  'smo-quality': (deps, o) => smoQualityIndicators(deps.db.sql, o.year),
  'oms-region-2009': (deps, o) => registerIndicators(deps.db.sql, { unit: o.unit ?? 'region', year: o.year, insured: o.insured }),
};

export interface FromDatabase {
  catalog: string;
  year: number;
  /** oms-region-2009: the unit the region's indicators belong to (default `region`). */
  unit?: string;
  /** oms-region-2009: insured persons, the denominator of k21 (k21 missing without it). */
  insured?: number;
}

export interface CatalogSummary {
  id: string;
  title: string;
  fromDatabase: boolean;
  groups: { id: string; title: string; weight: number }[];
  indicators: { code: string; group: string; title: string; unit: string | null; sign: string; weight: number }[];
}

/** Every catalogue in data/catalogs/, by id. */
export async function listCatalogs(): Promise<CatalogSummary[]> {
  const ids = (await readdir(CATALOG_DIR))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
  return Promise.all(
    ids.map(async (id) => {
      const { catalog: c } = await loadCatalog(id);
      return {
        id,
        title: c.title,
        fromDatabase: id in FROM_DATABASE,
        groups: c.groups.map((g) => ({ id: g.id, title: g.title, weight: g.weight })),
        indicators: c.indicators.map((i) => ({
          code: i.code,
          group: i.group,
          title: i.title,
          unit: i.unit ?? null,
          sign: i.sign,
          weight: i.weight,
        })),
      };
    }),
  );
}

/** The stored runs, newest first (optionally of one catalogue). */
export async function listRuns(deps: Pick<Deps, 'db'>, q: { catalog?: string; limit?: number }): Promise<RunSummary[]> {
  return ratingRunsRepo(deps.db.sql).list(q.catalog, q.limit ?? 100);
}

/** The years with accepted cases, latest first (the years a rating from the database has data for). */
export async function ratingYears(deps: Pick<Deps, 'db'>): Promise<number[]> {
  return ratingRunsRepo(deps.db.sql).dataYears();
}

/** Computes a rating of `o.catalog` from the database for a year and stores the run (its inputs record the source). */
export async function computeFromDatabase(deps: Pick<Deps, 'db'>, o: FromDatabase): Promise<RatingResult & { id: string }> {
  const { catalog, hash } = await loadCatalog(o.catalog);
  const fill = FROM_DATABASE[catalog.id];
  if (!fill)
    throw new AppError(
      'BAD_INPUT',
      `catalogue "${catalog.id}" cannot be computed from the database (supported: ${Object.keys(FROM_DATABASE).join(', ')}); post its rows to /api/ratings`,
    );
  const rows = await fill(deps, o);
  if (!rows.length)
    throw new AppError('NOT_FOUND', `no data for catalogue "${catalog.id}" in ${o.year}: no accepted case or conclusion of that year`);
  const result = computeRating(catalog, rows);
  const source = {
    kind: 'database' as const,
    year: o.year,
    ...(o.unit ? { unit: o.unit } : {}),
    ...(o.insured ? { insured: o.insured } : {}),
  };
  const id = await ratingRunsRepo(deps.db.sql).insert(catalog.id, hash, { rows, source }, result);
  return { id, ...result };
}
