/** The features on the embedded database (PGlite, the CLI's default): binary COPY of the arrays and reading them back. */
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { computeFeatures, readFeatures } from '../../src/features/features.service.js';
import { featureRecord } from '../../src/features/case-features.js';
import { insertCase, insertConclusion, insertFile, insertPerson } from './fixtures.js';

const db = await openDatabase({});
afterAll(() => db.close());

describe('features on PGlite', () => {
  it('computes, stores and reads back the features of a period', async () => {
    const f2 = await insertFile(db.sql, { year: 2025, month: 2 });
    const f3 = await insertFile(db.sql, { year: 2025, month: 3 });
    const first = await insertCase(db.sql, {
      file: f2,
      year: 2025,
      month: 2,
      person: 'E1',
      uslOk: 1,
      d1: '2025-02-01',
      d2: '2025-02-10',
      ds1: 'J18.9',
    });
    await insertConclusion(db.sql, first, true);
    const id = await insertCase(db.sql, {
      file: f3,
      year: 2025,
      month: 3,
      person: 'E1',
      uslOk: 1,
      d1: '2025-03-01',
      d2: '2025-03-04',
      ds1: 'J18.1',
    });
    await insertPerson(db.sql, f3, 'E1', 2, '1950-06-01');
    const r = await computeFeatures({ db }, { year: 2025, month: 3 });
    expect(r.cases).toBe(1);
    const rows = [];
    for await (const b of readFeatures(db.sql, { from: '2025-03', to: '2025-03' })) rows.push(...b);
    expect(rows.map((x) => [x.caseId, x.year, x.month, x.smo, x.codeMo, x.uslOk])).toEqual([[id, 2025, 3, 'S1', 'M1', 1]]);
    expect(featureRecord(rows[0])).toMatchObject({
      days_since_discharge_d: 19,
      stays24h_30_n: 1,
      readmit24h_30_same_block_f: 1,
      age_y: 74,
      sex: '2',
      mo_reviews_n: 1,
      region_defect_rate: 1,
      cons_f: NaN,
      ds1_block: 'J09-J18',
    });
  });
});
