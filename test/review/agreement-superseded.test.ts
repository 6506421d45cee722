/**
 * Agreement's model figures on a conclusion whose case a corrected register superseded: the synthetic region's
 * expertise arrives that way (the defective cases come back in the next month's corrected register with their SANK),
 * the conclusion stays on the case as first billed, and only the replacing case is scored. On a generated region
 * (seed 23, 4 months) the random arm showed 752 cases with 12 defects beside the arm table's 787 with 47, and `--by
 * model` put every such conclusion under no model. On PostgreSQL and on the embedded database (the CLI's default).
 */
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { computeAgreement } from '../../src/review/agreement.service.js';
import { openTestDatabase, openTestPglite } from '../helpers/db.js';
import { MODEL_DDL, insertConclusions, insertModelVersion } from '../helpers/selection-tables.js';

/** Random arm (π 0.5): 1 defect (superseded by 101), 2 none, 3 defect, 4 none; m1 scored 101, 2, 3, 4, not 1. */
async function seed(db: Database) {
  const sql = db.sql;
  await sql.exec(MODEL_DDL);
  await sql.query(
    `INSERT INTO "case" (id, register_file_id, n_zap, idcase, pr_nov, file_kind, code_mo, year, month, person_key, id_pac, lpu,
       date_z_1, date_z_2, sumv, status, superseded_by, pacient, zsl)
     SELECT id, 1, id::text, id::text, CASE WHEN id = 101 THEN 1 ELSE 0 END, 'H', '100001', 2025, 1, 'p' || id, 'p' || id, '100001',
       '2025-01-10', '2025-01-12', 1000, CASE WHEN id = 1 THEN 'superseded' ELSE 'accepted' END, CASE WHEN id = 1 THEN 101 END, '{}', '{}'
     FROM unnest(ARRAY[1, 2, 3, 4, 101]::bigint[]) id`,
  );
  await insertConclusions(
    sql,
    [1, 2, 3, 4].map((caseId) => ({
      caseId,
      arm: 'random',
      propensity: 0.5,
      defect: caseId % 2 === 1,
      f014: caseId % 2 === 1 ? [246] : [],
      experts: ['E1'],
    })),
  );
  await insertModelVersion(sql, { version: 'm1', status: 'active', threshold: 0.5 });
  await sql.query(
    `INSERT INTO case_score (case_id, model_version, year, month, code_mo, p_defect, expected_amount_kop)
     SELECT id, 'm1', 2025, 1, '100001', p, 0 FROM unnest(ARRAY[101, 2, 3, 4]::bigint[], ARRAY[0.9, 0.2, 0.8, 0.1]::real[]) t(id, p)`,
  );
}

const databases = { postgresql: await openTestDatabase('agreement_superseded'), pglite: await openTestPglite() };
for (const db of Object.values(databases)) await seed(db);

describe.each(Object.entries(databases))('agreement with a superseded reviewed case (%s)', (_, db) => {
  const groups = new Map([[246, '2.16']]);

  it("counts the conclusion on a superseded case with the replacing case's scores", async () => {
    const r = await computeAgreement(db.sql, {}, groups);
    const m1 = r.models!.find((m) => m.version === 'm1')!;
    expect([m1.random_cases, m1.random_defective]).toEqual([4, 2]);
    // flagged at 0.5: 101 (defect) and 3 (defect), so every defect is found and every flag is one
    expect(m1.roc_auc).toBe(1);
    expect(r.defective_cases!.sample).toBe(4);
  });

  it('groups such a conclusion under the model that scored the replacing case', async () => {
    const r = await computeAgreement(db.sql, { by: 'model' }, groups);
    expect(r.groups.map((g) => [g.key.model, g.reviewed, g.confirmed])).toEqual([['m1', 4, 2]]);
  });
});
