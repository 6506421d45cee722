import type { SqlPort } from '../../src/db/sql.port.js';
import { MODEL_DDL, insertConclusions, insertModelVersion, type TestConclusion } from '../helpers/selection-tables.js';

/*
 * The hand-built period (2025-01 … 2025-02; one more case in 2025-03 that the filter leaves out):
 *  random  (π 0.1): cases 1–10, defects on 1, 2, 3; SMO S1 for 1–5, S2 for 6–10 (6–10 in February); experts E1 (1–5), E2 (6–10)
 *  trigger (π 1):   cases 11–18, defects on 11–16; S1 for 11–14, S2 for 15–18; expert E2
 *                   second MEE conclusions: 11 (E3, defect), 12 (E3, none), 13 (E3, defect), 17 (E3, none), 14 (E2 again, none)
 *  model   (π 1):   cases 21–25, defects on 21–24; expert E1 (21 also E4)
 *  unknown (π ?):   case 31, no defect, no expert
 * F014: 1 → 246 (2.16), 2 → 257 (3.2), 3 → 246 + 258 (2.16, 3.2), 11–16 → 245 (2.15), 21–24 → 257 (3.2).
 * Money (kopecks): 1, 2, 3 → 10 000, 20 000, 30 000 + fine 5 000; 11–16 → 100 000 each; 21–24 → 40 000 + fine 1 000.
 */
export function conclusions(): TestConclusion[] {
  const rows: TestConclusion[] = [];
  const money: Record<number, [number, number]> = { 1: [10_000, 0], 2: [20_000, 0], 3: [30_000, 5_000] };
  const codes: Record<number, number[]> = { 1: [246], 2: [257], 3: [246, 258] };
  for (let c = 1; c <= 10; c++) {
    const d = c <= 3;
    rows.push({
      caseId: c,
      arm: 'random',
      propensity: 0.1,
      defect: d,
      f014: codes[c],
      amountKop: money[c]?.[0],
      fineKop: money[c]?.[1],
      experts: [c <= 5 ? 'E1' : 'E2'],
      smo: c <= 5 ? 'S1' : 'S2',
      month: c <= 5 ? 1 : 2,
    });
  }
  for (let c = 11; c <= 18; c++) {
    const d = c <= 16;
    rows.push({
      caseId: c,
      arm: 'trigger',
      propensity: 1,
      defect: d,
      f014: d ? [245] : [],
      amountKop: d ? 100_000 : 0,
      experts: ['E2'],
      smo: c <= 14 ? 'S1' : 'S2',
    });
  }
  for (let c = 21; c <= 25; c++) {
    const d = c <= 24;
    rows.push({
      caseId: c,
      arm: 'model',
      propensity: 1,
      defect: d,
      f014: d ? [257] : [],
      amountKop: d ? 40_000 : 0,
      fineKop: d ? 1_000 : 0,
      experts: c === 21 ? ['E1', 'E4'] : ['E1'],
      control: 'EKMP',
    });
  }
  rows.push({ caseId: 31, arm: 'unknown', defect: false, experts: [] });
  const second = (caseId: number, defect: boolean, expert: string, smo: string): TestConclusion => ({
    caseId,
    arm: 'trigger',
    propensity: 1,
    defect,
    f014: defect ? [245] : [],
    experts: [expert],
    smo,
  });
  rows.push(second(11, true, 'E3', 'S1'), second(12, false, 'E3', 'S1'), second(13, true, 'E3', 'S1'));
  rows.push(second(17, false, 'E3', 'S2'), second(14, false, 'E2', 'S1'));
  rows.push({ caseId: 41, arm: 'random', propensity: 0.1, defect: true, f014: [246], amountKop: 99_999, month: 3 });
  return rows;
}

/**
 * Scores (real): m1 (active, threshold 0.5) for every case, its score_hist as the scorer writes it, one histogram of
 * 2 bins per scored period: the training window 2024-11…2024-12 sums to 60 below 0.5 and 40 above (2025-01, scored
 * later, is outside it); m2 (shadow, no threshold, no histogram) for cases 1–10.
 */
const M1: Record<number, number> = {
  ...{ 1: 0.95, 2: 0.65, 3: 0.45, 4: 0.75, 5: 0.25, 6: 0.45, 7: 0.15, 8: 0.35, 9: 0.05, 10: 0.55 },
  ...{ 11: 0.8, 12: 0.8, 13: 0.3, 14: 0.3, 15: 0.6, 16: 0.2, 17: 0.7, 18: 0.1 },
  ...{ 21: 0.9, 22: 0.9, 23: 0.9, 24: 0.9, 25: 0.9, 31: 0.9, 41: 0.9 },
};

/**
 * Writes the period above into `sql`'s (migrated) schema: the conclusions, and unless `scores` is false the model
 * tables (created as the contract lists them when 0330_model is not there) with m1 and m2. Without scores the model
 * tables are dropped, as before the risk model existed.
 */
export async function seedAgreementPeriod(sql: SqlPort, scores = true): Promise<void> {
  await sql.exec(scores ? MODEL_DDL : 'DROP TABLE IF EXISTS case_score, model_version CASCADE');
  await insertConclusions(sql, conclusions());
  if (!scores) return;
  await insertModelVersion(sql, {
    version: 'm1',
    status: 'active',
    threshold: 0.5,
    trainFrom: '2024-11',
    trainTo: '2024-12',
    scoreHist: { '2024-11': [35, 15], '2024-12': [25, 25], '2025-01': [1, 99] },
  });
  await insertModelVersion(sql, { version: 'm2', status: 'shadow' });
  await sql.query(
    `INSERT INTO case_score (case_id, model_version, year, month, code_mo, p_defect, expected_amount_kop)
     SELECT id, 'm1', 2025, CASE WHEN id = 41 THEN 3 WHEN id BETWEEN 6 AND 10 THEN 2 ELSE 1 END, '100001', p, 0
     FROM unnest($1::bigint[], $2::real[]) AS t(id, p)
     UNION ALL SELECT id, 'm2', 2025, 1, '100001', CASE WHEN id <= 3 THEN 0.8 ELSE 0.2 END, 0 FROM generate_series(1, 10) id`,
    [Object.keys(M1).map(Number), Object.values(M1)],
  );
}
