import type { SqlPort } from '../db/sql.port.js';
import type { InputRow, RatingResult } from './engine.js';

export interface StoredRun {
  id: string;
  catalog: string;
  catalogVersion: string;
  inputs: { rows: InputRow[]; previous?: InputRow[] };
  outputs: RatingResult;
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
