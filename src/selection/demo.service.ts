import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Deps } from '../deps.js';
import { importExperts } from './inputs.service.js';
import { selectPeriod, type SelectResult } from './selection.service.js';

/** The sample region's experts (data/selection/experts-sample.csv): 10 EKMP experts by specialty, 3 MEE. */
export const SAMPLE_EXPERTS = fileURLToPath(new URL('../../data/selection/experts-sample.csv', import.meta.url));

/**
 * The demo's worklists: imports the sample experts, then selects every period that has accepted cases (seed YYYYMM)
 * and assigns the items. Idempotent: a second run replaces only the items not yet assigned (none, after the first).
 */
export async function buildSampleWorklists(deps: Deps, opts: { experts?: string } = {}): Promise<SelectResult[]> {
  await importExperts(deps, await readFile(opts.experts ?? SAMPLE_EXPERTS, 'utf8'));
  const periods = await deps.db.sql.query<{ year: number; month: number }>(
    `SELECT DISTINCT f.year, f.month FROM register_file f WHERE f.year IS NOT NULL AND f.month IS NOT NULL
        AND EXISTS (SELECT 1 FROM "case" c WHERE c.register_file_id = f.id AND c.status = 'accepted') ORDER BY 1, 2`,
  );
  const out: SelectResult[] = [];
  for (const p of periods) out.push(await selectPeriod(deps, { year: p.year, month: p.month, assign: true }));
  return out;
}
