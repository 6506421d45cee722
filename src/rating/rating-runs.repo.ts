import type { SqlPort } from '../db/sql.port.js';
import type { InputRow, RatingResult } from './engine.js';

export interface StoredRun {
  id: string;
  catalog: string;
  catalogVersion: string;
  inputs: { rows: InputRow[]; previous?: InputRow[]; source?: RunSource };
  outputs: RatingResult;
  createdAt: string;
}

/** Where a run's inputs came from: posted rows (no source), or the database for a year. */
export interface RunSource {
  kind: 'database';
  year: number;
  unit?: string;
  insured?: number;
}

/** A run in a list: what it rates, not its figures. */
export interface RunSummary {
  id: string;
  catalog: string;
  catalogVersion: string;
  source: RunSource | null;
  units: number;
  /** The first-ranked unit and its score. */
  top: { unit: string; score: number } | null;
  createdAt: string;
}

/** Rating runs: every computation is stored with its inputs and the catalogue hash. */
export function ratingRunsRepo(sql: SqlPort) {
  return {
    async insert(catalog: string, version: string, inputs: StoredRun['inputs'], outputs: RatingResult): Promise<string> {
      const r = await sql.query<{ id: string }>(
        'INSERT INTO rating_run (catalog, catalog_version, inputs, outputs) VALUES ($1, $2, $3, $4) RETURNING id::text',
        [catalog, version, JSON.stringify(inputs), JSON.stringify(outputs)],
      );
      return r[0].id;
    },
    /** The years registers with accepted cases were loaded for, latest first: what a run from the database can rate. */
    async dataYears(): Promise<number[]> {
      const r = await sql.query<{ year: number }>(
        'SELECT DISTINCT year FROM register_file WHERE year IS NOT NULL AND accepted > 0 ORDER BY year DESC',
      );
      return r.map((x) => x.year);
    },
    /** Runs newest first, optionally of one catalogue. */
    async list(catalog: string | undefined, limit: number): Promise<RunSummary[]> {
      const r = await sql.query<{
        id: string;
        catalog: string;
        catalog_version: string;
        source: RunSource | null;
        units: number;
        top: { unit: string; score: number } | null;
        created_at: Date;
      }>(
        `SELECT id::text, catalog, catalog_version, inputs->'source' AS source, jsonb_array_length(outputs->'units') AS units,
                outputs->'units'->0 AS top, created_at
           FROM rating_run WHERE $1::text IS NULL OR catalog = $1 ORDER BY id DESC LIMIT $2`,
        [catalog ?? null, limit],
      );
      return r.map((x) => ({
        id: x.id,
        catalog: x.catalog,
        catalogVersion: x.catalog_version,
        source: x.source ?? null,
        units: x.units,
        top: x.top ? { unit: x.top.unit, score: x.top.score } : null,
        createdAt: new Date(x.created_at).toISOString(),
      }));
    },
    async get(id: string): Promise<StoredRun | undefined> {
      const r = await sql.query<{
        id: string;
        catalog: string;
        catalog_version: string;
        inputs: StoredRun['inputs'];
        outputs: RatingResult;
        created_at: Date;
      }>('SELECT id::text, catalog, catalog_version, inputs, outputs, created_at FROM rating_run WHERE id = $1', [id]);
      const x = r[0];
      return (
        x && {
          id: x.id,
          catalog: x.catalog,
          catalogVersion: x.catalog_version,
          inputs: x.inputs,
          outputs: x.outputs,
          createdAt: new Date(x.created_at).toISOString(),
        }
      );
    },
  };
}
