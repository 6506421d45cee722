/**
 * Features of hand-made cases on the real PostgreSQL: each family with hand-computed values, history windows at their
 * edges, oncology timing, no leakage (later cases and a case's own conclusion change nothing), idempotence, reading
 * back in batches, the CLI and the CSV export.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openTestDatabase, runCliCaptured, TEST_DATABASE_URL } from '../helpers/db.js';
import { tempDir } from '../helpers/registers.js';
import { computeFeatures, readFeatures } from '../../src/features/features.service.js';
import { featureRecord } from '../../src/features/case-features.js';
import type { FeatureRow } from '../../src/features/feature-spec.js';
import { insertCase, insertConclusion, insertFile, insertFinding, insertPerson } from './fixtures.js';

const db = await openTestDatabase('features');
const sql = db.sql;
const deps = { db, now: () => new Date() };

const ksg = (n: string, koefZ: string) => ({
  N_KSG: n,
  VER_KSG: '2025',
  KSG_PG: '0',
  KOEF_Z: koefZ,
  KOEF_UP: '1.0000',
  BZTSZ: '25000.00',
  KOEF_D: '1.000',
  KOEF_U: '1.000',
  SL_K: '0',
});

// ---- the region
const f1 = await insertFile(sql, { year: 2025, month: 1 });
const f2 = await insertFile(sql, { year: 2025, month: 2 });
const f2b = await insertFile(sql, { year: 2025, month: 2, codeMo: 'M2' });
const f3 = await insertFile(sql, { year: 2025, month: 3 });
const f3b = await insertFile(sql, { year: 2025, month: 3, codeMo: 'M2' });
const fOld = await insertFile(sql, { year: 2024, month: 3 });
const p1 = { year: 2025, month: 1 };
const p2 = { year: 2025, month: 2 };
const p3 = { year: 2025, month: 3 };

// person A: a 24h stay in January, two outpatient visits, then the case under test (a4)
const a1 = await insertCase(sql, {
  file: f1,
  ...p1,
  person: 'EA',
  uslOk: 1,
  d1: '2025-01-10',
  d2: '2025-01-20',
  kdZ: 10,
  ds1: 'I21.0',
  profil: 29,
  nKsg: 'st27.013',
  iddokt: 'D1',
  sl: [{ KSG_KPG: ksg('st27.013', '2.28000') }],
});
await insertCase(sql, { file: f2b, ...p2, codeMo: 'M2', person: 'EA', uslOk: 3, d1: '2025-02-25', d2: '2025-02-25', ds1: 'I10' });
const a3 = await insertCase(sql, { file: f3, ...p3, person: 'EA', uslOk: 3, d1: '2025-03-05', d2: '2025-03-05', ds1: 'I10' });
const a4 = await insertCase(sql, {
  file: f3,
  ...p3,
  person: 'EA',
  uslOk: 1,
  d1: '2025-03-10',
  d2: '2025-03-18',
  kdZ: 8,
  ds1: 'I21.4',
  profil: 29,
  nKsg: 'st27.013',
  iddokt: 'D1',
  sumv: '62700.00',
  sl: [{ DS2: ['E11.9', 'I10', 'E78.0'], DS3: ['Z95.1'], C_ZAB: '1', PRVS: '23', KSG_KPG: ksg('st27.013', '2.28000') }],
});
await insertPerson(sql, f3, 'EA', 1, '1960-03-11');
await insertFinding(sql, f3, a4, 'MEK');
await insertFinding(sql, f3, a4, 'MEK');
await insertFinding(sql, f3, a4, 'FLK');
// the KSG reference of March: 24h stays that ended in the 12 months before it (a1 and these)
const e1 = await insertCase(sql, {
  file: f2,
  ...p2,
  person: 'EE',
  uslOk: 1,
  d1: '2025-02-01',
  d2: '2025-02-07',
  kdZ: 6,
  ds1: 'I21.1',
  nKsg: 'st27.013',
  iddokt: 'D2',
  sl: [{ KSG_KPG: ksg('st27.013', '2.28000') }],
});
const e2 = await insertCase(sql, {
  file: f2,
  ...p2,
  person: 'EF',
  uslOk: 1,
  d1: '2025-02-03',
  d2: '2025-02-07',
  kdZ: 4,
  ds1: 'I21.9',
  nKsg: 'st27.099',
  sl: [{ KSG_KPG: ksg('st27.099', '1.20000') }],
});
await insertCase(sql, {
  file: f2,
  ...p2,
  person: 'EG',
  uslOk: 1,
  d1: '2025-02-10',
  d2: '2025-02-22',
  kdZ: 12,
  ds1: 'I21.0',
  nKsg: 'st27.013',
  sl: [{ KSG_KPG: ksg('st27.013', '2.28000') }],
});
const x1 = await insertCase(sql, {
  file: f2b,
  ...p2,
  codeMo: 'M2',
  person: 'EX',
  uslOk: 3,
  d1: '2025-02-01',
  d2: '2025-02-01',
  ds1: 'J06.9',
});
await insertConclusion(sql, a1, true, '2025-02-10'); // act before a4 began
await insertConclusion(sql, e1, false);
await insertConclusion(sql, x1, false);
await insertConclusion(sql, e2, true, '2025-03-11'); // a case ended before a4, but the act came after a4 began

// person B: the 365-day edge (b1 ended 365 days before b2 began, b0 366)
await insertCase(sql, { file: fOld, year: 2024, month: 3, person: 'EB', uslOk: 1, d1: '2024-03-01', d2: '2024-03-09', ds1: 'J18.9' });
await insertCase(sql, { file: fOld, year: 2024, month: 3, person: 'EB', uslOk: 1, d1: '2024-03-02', d2: '2024-03-10', ds1: 'J18.9' });
const b2 = await insertCase(sql, { file: f3, ...p3, person: 'EB', uslOk: 1, d1: '2025-03-10', d2: '2025-03-12', ds1: 'J18.1' });

// person C: the 30-day edge (c1 ended 30 days before c2 began, c0 31)
await insertCase(sql, { file: f2, ...p2, person: 'EC', uslOk: 1, d1: '2025-02-01', d2: '2025-02-07', ds1: 'I63.9' });
await insertCase(sql, { file: f2, ...p2, person: 'EC', uslOk: 1, d1: '2025-02-02', d2: '2025-02-08', ds1: 'I63.5' });
const c2 = await insertCase(sql, { file: f3, ...p3, person: 'EC', uslOk: 1, d1: '2025-03-10', d2: '2025-03-20', ds1: 'I63.4' });

// person D: a transfer from M2 to M1 on the same day
const d1 = await insertCase(sql, {
  file: f3b,
  ...p3,
  codeMo: 'M2',
  person: 'ED',
  uslOk: 1,
  d1: '2025-03-01',
  d2: '2025-03-10',
  ds1: 'I21.0',
});
const d2 = await insertCase(sql, { file: f3, ...p3, person: 'ED', uslOk: 1, d1: '2025-03-10', d2: '2025-03-15', ds1: 'I21.0' });

// person O: suspicion → referral (o1), first drug therapy (o2), the next cycle (o3)
const o1 = await insertCase(sql, {
  file: f1,
  ...p1,
  person: 'EO',
  uslOk: 3,
  d1: '2025-01-15',
  d2: '2025-01-15',
  ds1: 'N63',
  dsOnk: 1,
  sl: [{ DS_ONK: '1', NAPR: [{ NAPR_DATE: '2025-01-15', NAPR_V: '1' }] }],
});
const o2 = await insertCase(sql, {
  file: f2,
  ...p2,
  fileKind: 'C',
  person: 'EO',
  uslOk: 2,
  d1: '2025-02-03',
  d2: '2025-02-05',
  ds1: 'C50.1',
  sl: [
    {
      CONS: [{ PR_CONS: '2', DT_CONS: '2025-01-30' }],
      ONK_SL: {
        DS1_T: '0',
        STAD: '2',
        ONK_T: '20',
        ONK_N: '10',
        B_DIAG: [{ DIAG_DATE: '2025-01-25', DIAG_TIP: '1', DIAG_CODE: '1', DIAG_RSLT: '1' }],
        B_PROT: [{ PROT: '5', D_PROT: '2025-02-01' }],
        ONK_USL: [{ USL_TIP: '2', LEK_PR: [{ REGNUM: 'r1', CODE_SH: 'sh1', DATE_INJ: ['2025-02-03', '2025-02-05'] }] }],
      },
    },
  ],
});
const o3 = await insertCase(sql, {
  file: f3,
  ...p3,
  fileKind: 'C',
  person: 'EO',
  uslOk: 2,
  d1: '2025-03-03',
  d2: '2025-03-05',
  ds1: 'C50.1',
  sl: [
    {
      CONS: [{ PR_CONS: '3', DT_CONS: '2025-02-28' }],
      NAPR: [{ NAPR_DATE: '2025-03-05', NAPR_V: '3' }],
      ONK_SL: {
        DS1_T: '1',
        STAD: '2',
        ONK_T: '20',
        ONK_N: '10',
        ONK_M: '0',
        B_DIAG: [
          { DIAG_DATE: '2025-02-25', DIAG_TIP: '1', DIAG_CODE: '1', DIAG_RSLT: '1' },
          { DIAG_DATE: '2025-02-25', DIAG_TIP: '2', DIAG_CODE: '3' },
        ],
        ONK_USL: [
          {
            USL_TIP: '2',
            LEK_PR: [
              { REGNUM: 'r1', CODE_SH: 'sh1', DATE_INJ: ['2025-03-03'] },
              { REGNUM: 'r2', CODE_SH: 'sh1', DATE_INJ: ['2025-03-05', '2025-03-03'] },
            ],
          },
        ],
      },
    },
  ],
});

async function features(period: { year: number; month: number }): Promise<Map<string, Record<string, number | string | null>>> {
  const out = new Map<string, Record<string, number | string | null>>();
  for await (const batch of readFeatures(sql, { from: period, to: period })) for (const r of batch) out.set(r.caseId, featureRecord(r));
  return out;
}

const r3 = await computeFeatures(deps, p3);
await computeFeatures(deps, p2);
await computeFeatures(deps, p1);
const march = await features(p3);
const feb = await features(p2);
const jan = await features(p1);
const f = (id: string) => march.get(id) ?? {};

describe('features of hand-made cases', () => {
  it('stores one row per accepted case of the period', () => {
    expect(r3.cases).toBe(7);
    expect(march.size).toBe(7);
    expect(feb.size).toBe(8);
  });

  it('diagnosis: DS1 with its category, block and chapter, DS2/DS3, change against the previous case', () => {
    expect(f(a4)).toMatchObject({
      ds1: 'I21.4',
      ds1_cat: 'I21',
      ds1_block: 'I20-I25',
      ds1_chapter: 'IX',
      c_zab: '1',
      ds2_n: 3,
      ds2_chapters_n: 2,
      ds3_n: 1,
      ds0_f: 0,
      ds1_changed_f: 1,
      ds1_block_changed_f: 1,
      ds0_chapter: null,
    });
    expect(f(c2)).toMatchObject({ ds1_changed_f: 0, ds1_block_changed_f: 0 }); // I63.5 → I63.4
    expect(f(d1).ds1_changed_f).toBeNaN(); // no previous case
  });

  it('care: KSG weight against the lightest of the category, stay against the KSG median, tariff, weekdays, codes', () => {
    const x = f(a4);
    expect(x.ksg_koef_z).toBeCloseTo(2.28, 5);
    expect(x.ksg_weight_vs_lightest_r).toBeCloseTo(2.28 / 1.2, 5); // I21.9 billed st27.099 at 1.2 in February
    expect(x.los_vs_ksg_median_r).toBeCloseTo(8 / 10, 6); // st27.013 stays 10, 6, 12 before March
    expect(x.sum_vs_tariff_r).toBeCloseTo(62700 / 57000, 5); // 25000 × 2.28
    expect(x).toMatchObject({ kd_z: 8, kslp: 0, koef_up: 1, sumv_rub: 62700, sl_n: 1, usl_n: 0 });
    expect(x).toMatchObject({
      usl_ok: '1',
      vidpom: '31',
      for_pom: '3',
      profil: '29',
      prvs: '23',
      idsp: '33',
      rslt: '101',
      ishod: '101',
      n_ksg: 'st27.013',
      admit_weekday: '1',
      discharge_weekday: '2',
      code_mo: 'M1',
      iddokt: 'D1',
    });
    expect(f(b2).los_vs_ksg_median_r).toBeNaN(); // no KSG
  });

  it('repeats: previous case, counts in windows, outpatient repeats, age and sex from the L-file', () => {
    expect(f(a4)).toMatchObject({
      prev_cases_365_n: 3,
      days_since_discharge_d: 5,
      prev_same_block_f: 0,
      prev_same_mo_f: 1,
      prev_same_profil_f: 0,
      stays24h_30_n: 0,
      stays24h_90_n: 1,
      stays24h_365_n: 1,
      readmit24h_30_same_block_f: 0,
      outpatient_same_ds_14_n: 0,
      transfer_in_f: 0,
      age_y: 64,
      sex: '1', // born 1960-03-11: 64 the day before the 65th birthday
    });
    expect(f(a3)).toMatchObject({ outpatient_same_ds_14_n: 1, days_since_discharge_d: 8, prev_same_mo_f: 0 });
    expect(f(a3).readmit24h_30_same_block_f).toBeNaN(); // not a 24h stay
    expect(f(a3).age_y).toBe(64); // the L-file of a3's register file
    expect(f(d1).age_y).toBeNaN(); // no L-file row
    expect(f(d1).sex).toBeNull();
  });

  it('history windows at their edges: 365 days counts, 366 does not; 30 days counts, 31 does not', () => {
    expect(f(b2)).toMatchObject({
      prev_cases_365_n: 1,
      stays24h_365_n: 1,
      stays24h_90_n: 0,
      days_since_discharge_d: 365,
      prev_same_block_f: 1,
    });
    expect(f(c2)).toMatchObject({ stays24h_30_n: 1, stays24h_90_n: 2, readmit24h_30_same_block_f: 1, days_since_discharge_d: 30 });
  });

  it('a transfer: the earlier stay ending on the admission day counts, the later one not', () => {
    expect(f(d2)).toMatchObject({ transfer_in_f: 1, days_since_discharge_d: 0, prev_same_mo_f: 0, prev_cases_365_n: 1 });
    expect(f(d1)).toMatchObject({ transfer_in_f: 0, prev_cases_365_n: 0 });
    expect(f(d1).days_since_discharge_d).toBeNaN();
  });

  it('oncology: sections, suspicion → first treatment, cycle gaps, refusals', () => {
    expect(jan.get(o1)).toMatchObject({ ds_onk_f: 1, onk_sl_f: 0, napr_n: 1 });
    expect(jan.get(o1)?.stad_f).toBeNaN();
    expect(feb.get(o2)).toMatchObject({
      onk_sl_f: 1,
      stad_f: 1,
      tnm_f: 0,
      tnm_partial_f: 1,
      b_diag_n: 1,
      b_diag_histology_f: 1,
      b_diag_markers_f: 0,
      cons_f: 1,
      cons_to_admission_d: 4,
      napr_to_treatment_d: 19,
      onk_usl_n: 1,
      lek_pr_n: 1,
      date_inj_n: 2,
      inj_gap_max_d: 2,
      b_prot_n: 1,
      b_prot_refusal_f: 1,
      ds1_t: '0',
      stad: '2',
      usl_tip: '2',
      pr_cons: '2',
    });
    expect(feb.get(o2)?.cycle_gap_d).toBeNaN(); // the first cycle
    expect(f(o3)).toMatchObject({
      ds_onk_f: 0,
      onk_sl_f: 1,
      tnm_f: 1,
      tnm_partial_f: 0,
      b_diag_n: 2,
      b_diag_histology_f: 1,
      b_diag_markers_f: 1,
      b_diag_no_result_n: 1,
      cons_f: 1,
      cons_to_admission_d: 3,
      napr_n: 1,
      lek_pr_n: 2,
      date_inj_n: 2,
      inj_gap_max_d: 2,
      cycle_gap_d: 26,
      b_prot_n: 0,
      b_prot_refusal_f: 0,
      ds1_t: '1',
      pr_cons: '3',
    });
    expect(f(o3).napr_to_treatment_d).toBeNaN(); // not the first treatment since the suspicion
    expect(f(a4).cons_f).toBeNaN();
  });

  it('organisation and doctor: conclusions of cases ended before, shrunk to the region, MEK findings of the case', () => {
    const region = 1 / 3; // a1 defect, e1 and x1 none; e2's act came after a4 began
    expect(f(a4).region_defect_rate).toBeCloseTo(region, 6);
    expect(f(a4)).toMatchObject({ mo_reviews_n: 2, doc_reviews_n: 1, mek_findings_n: 2 });
    expect(f(a4).mo_defect_rate_shrunk).toBeCloseTo((1 + 20 * region) / (2 + 20), 6);
    expect(f(a4).doc_defect_rate_shrunk).toBeCloseTo((1 + 20 * region) / (1 + 20), 6);
    expect(jan.get(a1)?.region_defect_rate).toBeNaN(); // nothing reviewed before January
    expect(f(b2).doc_reviews_n).toBeNaN(); // no IDDOKT
  });
});

describe('no leakage, idempotence, reading back', () => {
  it('features of a case do not change when later cases or its own conclusion arrive', async () => {
    const f3c = await insertFile(sql, { year: 2025, month: 3 });
    // a later stay of A with a lighter KSG for I21 and a far longer stay; a same-day visit that did not end before a4
    const a5 = await insertCase(sql, {
      file: f3c,
      ...p3,
      person: 'EA',
      uslOk: 1,
      d1: '2025-03-20',
      d2: '2025-03-25',
      kdZ: 30,
      ds1: 'I21.4',
      nKsg: 'st27.013',
      iddokt: 'D1',
      sl: [{ KSG_KPG: ksg('st27.013', '0.50000') }],
    });
    await insertCase(sql, { file: f3c, ...p3, person: 'EA', uslOk: 3, d1: '2025-03-10', d2: '2025-03-10', ds1: 'I21.4' });
    const y1 = await insertCase(sql, {
      file: f3c,
      ...p3,
      person: 'EY',
      uslOk: 3,
      d1: '2025-03-11',
      d2: '2025-03-12',
      ds1: 'I10',
      iddokt: 'D1',
    });
    await insertConclusion(sql, a4, true); // its own
    await insertConclusion(sql, a5, true);
    await insertConclusion(sql, y1, true);
    await insertConclusion(sql, o3, true, '2025-04-15'); // a case ended before a4, its act after
    await insertConclusion(sql, d1, true); // ended on d2's admission day: after d2 began? no — but not before it either
    await insertCase(sql, { file: f3c, ...p3, person: 'EO', uslOk: 2, d1: '2025-03-20', d2: '2025-03-21', ds1: 'C50.1', fileKind: 'C' });
    const again = await computeFeatures(deps, p3);
    expect(again.cases).toBe(11);
    const after = await features(p3);
    expect(after.size).toBe(11);
    for (const [id, before] of march) expect(after.get(id), `case ${id}`).toEqual(before);
  });

  it('recomputing a period replaces its rows (one per case and spec version)', async () => {
    await computeFeatures(deps, p3);
    const [n] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM case_feature WHERE year = 2025 AND month = 3`);
    expect(n.n).toBe(11);
  });

  it('readFeatures yields batches in case id order over a range of periods', async () => {
    const ids: string[] = [];
    let batches = 0;
    for await (const b of readFeatures(sql, { from: '2025-02', to: '2025-03', batchSize: 5 })) {
      batches++;
      expect(b.length).toBeLessThanOrEqual(5);
      for (const r of b as FeatureRow[]) ids.push(r.caseId);
    }
    expect(ids.length).toBe(19);
    expect(batches).toBe(4);
    expect([...ids].sort((x, y) => Number(x) - Number(y))).toEqual(ids);
  });

  it('omsx features and features export (CSV without personal data)', async () => {
    const env = { DATABASE_URL: TEST_DATABASE_URL, OMSX_DB_SCHEMA: db.schema };
    const run = await runCliCaptured(['features', '--period', '2025-03', '--json'], env);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({ year: 2025, month: 3, specVersion: 'f1', cases: 11 });
    const out = join(tempDir(), 'f.csv');
    const exp = await runCliCaptured(['features', 'export', '--period', '2025-03', '--out', out], env);
    expect(exp.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines.length).toBe(12);
    const head = lines[0].split(',');
    expect(head.slice(0, 6)).toEqual(['case_id', 'year', 'month', 'smo', 'code_mo', 'usl_ok']);
    const row = lines.find((l) => l.startsWith(`${a4},`))?.split(',') ?? [];
    expect(row[head.indexOf('ds1')]).toBe('I21.4');
    expect(row[head.indexOf('age_y')]).toBe('64');
    expect(row[head.indexOf('cons_f')]).toBe('');
    expect(readFileSync(out, 'utf8')).not.toMatch(/EA|EB|EO/); // no person keys
    const bad = await runCliCaptured(['features', '--period', '2025-13'], env);
    expect(bad.code).toBe(2);
  });

  it('refuses a spec version stored with other feature lists', async () => {
    await sql.query(`UPDATE feature_spec SET numeric = numeric[1:3] WHERE version = 'f1'`);
    await expect(computeFeatures(deps, p3)).rejects.toThrow(/new version/);
    const [n] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM case_feature WHERE year = 2025 AND month = 3`);
    expect(n.n).toBe(11); // the period's rows are kept (the transaction rolled back)
  });
});
