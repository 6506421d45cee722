import type { SqlPort } from '../db/sql.port.js';
import type { Control } from './config.js';
import type { Expert } from './experts.js';

/** Experts: upsert from an import, read the active ones, and their load in a month. */
export function expertsRepo(sql: SqlPort) {
  return {
    async upsert(experts: readonly Expert[]): Promise<void> {
      if (experts.length === 0) return;
      await sql.query(
        `INSERT INTO expert (code, name, specialties, code_mo, controls, capacity, active, updated_at)
         SELECT e.code, e.name, ARRAY(SELECT json_array_elements_text(e.specialties)), e.code_mo,
                ARRAY(SELECT json_array_elements_text(e.controls)), e.capacity, true, now()
           FROM json_to_recordset($1::json) AS e(code text, name text, specialties json, code_mo text, controls json, capacity int)
         ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, specialties = EXCLUDED.specialties, code_mo = EXCLUDED.code_mo,
           controls = EXCLUDED.controls, capacity = EXCLUDED.capacity, active = true, updated_at = now()`,
        [
          JSON.stringify(
            experts.map((e) => ({
              code: e.code,
              name: e.name,
              specialties: e.specialties,
              code_mo: e.codeMo,
              controls: e.controls,
              capacity: e.capacity,
            })),
          ),
        ],
      );
    },
    async active(): Promise<Expert[]> {
      const rows = await sql.query<{
        code: string;
        name: string;
        specialties: string[];
        code_mo: string | null;
        controls: string[];
        capacity: number;
      }>(`SELECT code, name, specialties, code_mo, controls, capacity FROM expert WHERE active ORDER BY code`);
      return rows.map((r) => ({
        code: r.code,
        name: r.name,
        specialties: r.specialties,
        codeMo: r.code_mo,
        controls: r.controls as Control[],
        capacity: r.capacity,
      }));
    },
    /** Items each expert holds in a period (any state). */
    async load(year: number, month: number): Promise<Map<string, number>> {
      const rows = await sql.query<{ code: string; n: number }>(
        `SELECT expert_code AS code, count(*)::int AS n FROM worklist_item WHERE year = $1 AND month = $2 AND expert_code IS NOT NULL GROUP BY 1`,
        [year, month],
      );
      return new Map(rows.map((r) => [r.code, r.n]));
    },
  };
}
