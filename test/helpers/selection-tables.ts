import type { SqlPort } from '../../src/db/sql.port.js';

/**
 * The selection loop's tables exactly as docs/selection-loop-contracts.md lists them, for tests of code that reads
 * them before their owners' migrations (0310_conclusion, 0330_model) are merged. `IF NOT EXISTS`: once a migration
 * created the real table, this changes nothing.
 */
export const CONCLUSION_DDL = `
CREATE TABLE IF NOT EXISTS conclusion (
  id bigserial PRIMARY KEY, case_id bigint NOT NULL, sl_id text, s_tip int NOT NULL, control text NOT NULL,
  defect boolean NOT NULL, f014 int[] NOT NULL, amount_kop bigint NOT NULL, fine_kop bigint NOT NULL,
  experts text[] NOT NULL, date_act date, num_act text, comment text, arm text NOT NULL, reason text,
  propensity double precision, source text NOT NULL, source_ref text, version int NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
  year int NOT NULL, month int NOT NULL, smo text, code_mo text NOT NULL, usl_ok int);
CREATE TABLE IF NOT EXISTS conclusion_version (
  conclusion_id bigint NOT NULL, version int NOT NULL, changed_at timestamptz NOT NULL DEFAULT now(), changed_by text,
  data jsonb NOT NULL, PRIMARY KEY (conclusion_id, version));`;

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

/** Inserts conclusions (version 1, source csv) in the order given (ids ascend with it). */
export async function insertConclusions(sql: SqlPort, rows: readonly TestConclusion[]): Promise<void> {
  const col = <T>(f: (r: TestConclusion) => T) => rows.map(f);
  await sql.query(
    `INSERT INTO conclusion (case_id, s_tip, control, defect, f014, amount_kop, fine_kop, experts, arm, propensity,
       source, version, year, month, smo, code_mo)
     SELECT case_id, s_tip, control, defect, ARRAY(SELECT jsonb_array_elements_text(f014)::int), amount_kop, fine_kop,
       ARRAY(SELECT jsonb_array_elements_text(experts)), arm, propensity, 'csv', 1, year, month, smo, code_mo
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
