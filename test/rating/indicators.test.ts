import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../helpers/db.js';
import { moQualityIndicators, registerIndicators } from '../../src/rating/indicators.repo.js';

const db = await openTestDatabase('rind');

async function seed() {
  await db.sql.exec(`
    INSERT INTO package (id, source_name, sha256) VALUES (1, 't', 'x');
    INSERT INTO register_file (id, package_id, file_name, kind, version, sha256) VALUES (1, 1, 'HM1.XML', 'H', '5.1', 'h1');`);
  const c = (id: number, person: string, uslOk: number, d1: string, d2: string, ds1: string) =>
    `(${id}, 1, '${id}', '${id}', 0, 'H', '750001', 2025, 7, '${person}', 'P', '750001', ${uslOk}, '${d1}', '${d2}', 100, '${ds1}', '{}', '{}')`;
  await db.sql
    .exec(`INSERT INTO "case" (id, register_file_id, n_zap, idcase, pr_nov, file_kind, code_mo, year, month, person_key, id_pac, lpu, usl_ok, date_z_1, date_z_2, sumv, ds1, pacient, zsl) VALUES
    ${c(1, 'E1', 1, '2025-01-01', '2025-01-10', 'I21.0')},
    ${c(2, 'E1', 1, '2025-03-01', '2025-03-05', 'I21.4')},
    ${c(3, 'E2', 1, '2025-01-01', '2025-01-10', 'J18.1')},
    ${c(4, 'E2', 1, '2025-06-01', '2025-06-05', 'J18.1')},
    ${c(5, 'E3', 3, '2025-01-12', '2025-01-12', 'I21.0')},
    ${c(6, 'E3', 1, '2025-02-01', '2025-02-03', 'K35.8')}`);
  await db.sql.exec(`INSERT INTO sank (case_id, s_code, s_sum, s_tip, s_osn, data) VALUES
    (1, 'a', 500, 72, 258, '{}'), (3, 'b', 0, 70, NULL, '{}'), (4, 'c', 10, 51, 245, '{}'), (6, 'd', 100, 30, 257, '{}')`);
}

describe('rating indicators from our registers', () => {
  it('k21, k22, k36 as components (hand-computed)', async () => {
    await seed();
    const rows = await registerIndicators(db.sql, {
      unit: 'region',
      year: 2025,
      insured: 1000,
    });
    // EKMP: sanctions of cases 1 (72), 3 (70) and 6 (30, pre-231н code) = 3; with a violation: 1 and 6 = 2
    // 24h discharges: cases 1, 2, 3, 4, 6 = 5; readmitted within 90 days, same block: 1 → 2 (I21, 50 days) = 1; 3 → 4 is 142 days
    expect(rows).toEqual([
      { unit: 'region', indicator: 'k21', numerator: 3, denominator: 1000 },
      { unit: 'region', indicator: 'k22', numerator: 2, denominator: 3 },
      { unit: 'region', indicator: 'k36', numerator: 1, denominator: 5 },
    ]);
  });
  it('mo-quality indicators per MO (hand-computed on the same rows)', async () => {
    const rows = await moQualityIndicators(db.sql, 2025);
    const get = (ind: string) => rows.find((r) => r.unit === '750001' && r.indicator === ind);
    // MEE: case 4 (51, defect) → 1 of 1; EKMP: cases 1 (defect), 3 (none), 6 (legacy 30, defect) → 2 of 3
    expect(get('mee_defects')).toMatchObject({ numerator: 1, denominator: 1 });
    expect(get('ekmp_defects')).toMatchObject({ numerator: 2, denominator: 3 });
    // withheld 500 + 0 + 10 + 100 of billed 6 × 100
    expect(get('withheld')).toMatchObject({ numerator: 610, denominator: 600 });
    // readmissions: 1 → 2 is 50 days (within 90, not 30)
    expect(get('readm30')).toMatchObject({ numerator: 0, denominator: 5 });
    expect(get('readm90')).toMatchObject({ numerator: 1, denominator: 5 });
  });
  it('onco_complete: C-file cases whose ONK_SL has its histology/markers (B_DIAG), read from the JSON of the SL', async () => {
    await db.sql
      .exec(`INSERT INTO "case" (id, register_file_id, n_zap, idcase, pr_nov, file_kind, code_mo, year, month, person_key, id_pac, lpu,
        usl_ok, date_z_1, date_z_2, sumv, ds1, pacient, zsl) VALUES
      (7, 1, '7', '7', 0, 'C', '750002', 2025, 7, 'E7', 'P', '750002', 3, '2025-07-01', '2025-07-01', 100, 'C50.1', '{}', '{}'),
      (8, 1, '8', '8', 0, 'C', '750002', 2025, 7, 'E8', 'P', '750002', 3, '2025-07-01', '2025-07-01', 100, 'C50.1', '{}', '{}'),
      (9, 1, '9', '9', 0, 'C', '750002', 2025, 7, 'E9', 'P', '750002', 3, '2025-07-01', '2025-07-01', 100, 'C50.1', '{}', '{}');
      INSERT INTO sub_case (id, case_id, sl_id, date_1, date_2, sum_m, sl) VALUES
      (7, 7, '1', '2025-07-01', '2025-07-01', 100, '{"ONK_SL": {"DS1_T": "1", "B_DIAG": [{"DIAG_TIP": "1"}]}}'),
      (8, 8, '1', '2025-07-01', '2025-07-01', 100, '{"ONK_SL": {"DS1_T": "1"}}'),
      (9, 9, '1', '2025-07-01', '2025-07-01', 100, '{"DS1": "C50.1"}');`);
    const rows = await moQualityIndicators(db.sql, 2025);
    expect(rows.find((r) => r.unit === '750002' && r.indicator === 'onco_complete')).toMatchObject({ numerator: 1, denominator: 3 });
  });
});
