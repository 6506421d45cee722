import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../helpers/db.js';

const db = await openTestDatabase('concl_mig');

describe('migration 0310_conclusion', () => {
  it('creates the contract columns and keeps the history append-only', async () => {
    const cols = await db.sql.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'conclusion'`,
    );
    const names = new Set(cols.map((c) => c.column_name));
    for (const c of 'id case_id sl_id s_tip control defect f014 amount_kop fine_kop experts date_act num_act comment arm reason propensity source source_ref version created_at updated_at year month smo code_mo usl_ok'.split(
      ' ',
    ))
      expect(names.has(c), c).toBe(true);
    const [{ id }] = await db.sql.query<{ id: string }>(
      `INSERT INTO conclusion (case_id, s_tip, control, defect, amount_kop, fine_kop, source, nat_key, year, month, code_mo)
       VALUES (1, 50, 'MEE', false, 0, 0, 'api', 'k', 2025, 7, '750001') RETURNING id`,
    );
    await db.sql.query(`INSERT INTO conclusion_version (conclusion_id, version, changed_by, data) VALUES ($1, 1, 'test', '{}')`, [id]);
    await expect(db.sql.query(`UPDATE conclusion_version SET changed_by = 'x'`)).rejects.toThrow(/append-only/);
    await expect(db.sql.query(`DELETE FROM conclusion_version`)).rejects.toThrow(/append-only/);
  });
});
