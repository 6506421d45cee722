import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../../src/db/database.js';
import type { Deps } from '../../src/deps.js';
import { ingestPackage } from '../../src/registers/ingest/ingest.service.js';
import { importExperts } from '../../src/selection/inputs.service.js';

export const SAMPLE_REGISTERS = 'data/sample/registers';
export const SAMPLE_EXPERTS_CSV = 'data/selection/experts-sample.csv';

/** The sample region as the selection tests start from it: its packages ingested in name order, its experts imported. */
export async function loadSampleForSelection(deps: Deps): Promise<void> {
  for (const f of readdirSync(SAMPLE_REGISTERS).sort()) await ingestPackage(deps, [join(SAMPLE_REGISTERS, f)], { workers: false });
  await importExperts(deps, readFileSync(SAMPLE_EXPERTS_CSV, 'utf8'));
}

/** A worklist item as the selection tests read it. */
export interface WorklistItemRow {
  id: string;
  case_id: string;
  control: string;
  arm: string;
  rank: number | null;
  propensity: number;
  state: string;
  expert_code: string | null;
  code_mo: string;
  smo: string;
  usl_ok: number;
  s_tip: number;
}

/** The items of a month of 2025, by case and control. */
export const worklistItems = (db: Database, month: number) =>
  db.sql.query<WorklistItemRow>(
    `SELECT id::text, case_id::text, control, arm, rank, propensity, state, expert_code, code_mo, smo, usl_ok, s_tip FROM worklist_item
      WHERE year = 2025 AND month = $1 ORDER BY case_id, control`,
    [month],
  );
