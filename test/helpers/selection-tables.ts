import type { SqlPort } from '../../src/db/sql.port.js';

/**
 * The risk model's tables exactly as docs/selection-loop-contracts.md lists them, for tests of code that reads them
 * before their owner's migration (0330_model) is merged. `IF NOT EXISTS`: once the migration created the real
 * tables, this changes nothing (and the inserts below fill what the real tables require beyond the contract).
 */
export const MODEL_DDL = `
CREATE TABLE IF NOT EXISTS model_version (
  version text PRIMARY KEY, status text NOT NULL, spec_version text, kind text, created_at timestamptz NOT NULL DEFAULT now(),
  promoted_at timestamptz, retired_at timestamptz, train_from text, train_to text, threshold real, card jsonb, score_hist jsonb);
CREATE TABLE IF NOT EXISTS case_score (
  case_id bigint NOT NULL, model_version text NOT NULL, year int NOT NULL, month int NOT NULL, smo text, code_mo text,
  usl_ok int, p_defect real NOT NULL, expected_amount_kop bigint, reasons jsonb, scored_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, model_version));`;

/** A conclusion as a test writes it; what is left out takes a plain default. */
export interface TestConclusion {
  caseId: number;
  defect: boolean;
  arm: string;
  propensity?: number | null;
  f014?: number[];
  amountKop?: number;
  fineKop?: number;
  experts?: string[];
  control?: 'MEE' | 'EKMP';
  sTip?: number;
  year?: number;
  month?: number;
  smo?: string | null;
  codeMo?: string;
}

/** Inserts conclusions (version 1, source csv, natural key `test:<n>`) in the order given (ids ascend with it). */
export async function insertConclusions(sql: SqlPort, rows: readonly TestConclusion[]): Promise<void> {
  const col = <T>(f: (r: TestConclusion) => T) => rows.map(f);
  await sql.query(
    `INSERT INTO conclusion (case_id, s_tip, control, defect, f014, amount_kop, fine_kop, experts, arm, propensity,
       source, nat_key, version, year, month, smo, code_mo)
     SELECT case_id, s_tip, control, defect, ARRAY(SELECT jsonb_array_elements_text(f014)::int), amount_kop, fine_kop,
       ARRAY(SELECT jsonb_array_elements_text(experts)), arm, propensity, 'csv',
       'test:' || (SELECT count(*) FROM conclusion) + ord, 1, year, month, smo, code_mo
     FROM unnest($1::bigint[], $2::int[], $3::text[], $4::bool[], $5::jsonb[], $6::bigint[], $7::bigint[], $8::jsonb[],
       $9::text[], $10::float8[], $11::int[], $12::int[], $13::text[], $14::text[]) WITH ORDINALITY
       AS t(case_id, s_tip, control, defect, f014, amount_kop, fine_kop, experts, arm, propensity, year, month, smo, code_mo, ord)
     ORDER BY ord`,
    [
      col((r) => r.caseId),
      col((r) => r.sTip ?? (r.control === 'EKMP' ? 70 : 50)),
      col((r) => r.control ?? 'MEE'),
      col((r) => r.defect),
      col((r) => JSON.stringify(r.f014 ?? [])),
      col((r) => r.amountKop ?? 0),
      col((r) => r.fineKop ?? 0),
      col((r) => JSON.stringify(r.experts ?? [])),
      col((r) => r.arm),
      col((r) => r.propensity ?? null),
      col((r) => r.year ?? 2025),
      col((r) => r.month ?? 1),
      col((r) => (r.smo === undefined ? 'S1' : r.smo)),
      col((r) => r.codeMo ?? '100001'),
    ],
  );
}

/** A model version as a test needs it: the contract's columns, and placeholders for what the real table also requires. */
export async function insertModelVersion(
  sql: SqlPort,
  v: { version: string; status: string; threshold?: number | null; scoreHist?: unknown; trainFrom?: string; trainTo?: string },
): Promise<void> {
  const [own] = await sql.query<{ onnx: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name = 'model_version' AND column_name = 'onnx_sha256') AS onnx`,
  );
  await sql.query(
    `INSERT INTO model_version (version, status, spec_version, kind, train_from, train_to, threshold, card, score_hist${own.onnx ? ', onnx_sha256' : ''})
     VALUES ($1, $2, 'test', 'test', $3, $4, $5, '{}', $6::jsonb${own.onnx ? ", 'test'" : ''})`,
    [
      v.version,
      v.status,
      v.trainFrom ?? '2024-01',
      v.trainTo ?? '2024-12',
      v.threshold ?? null,
      v.scoreHist === undefined ? null : JSON.stringify(v.scoreHist),
    ],
  );
}
