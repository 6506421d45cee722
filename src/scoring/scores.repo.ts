/** `case_score` rows (migration 0330_model): written with COPY per version and period, read per case and period. */
import type { SqlPort } from '../db/sql.port.js';
import type { FeatureRow } from '../ml/feature-row.js';
import type { Reason } from './reasons.js';

export const SCORE_COLUMNS = [
  'case_id',
  'model_version',
  'year',
  'month',
  'smo',
  'code_mo',
  'usl_ok',
  'p_defect',
  'expected_amount_kop',
  'reasons',
] as const;

export interface ScoreRowOut {
  model_version: string;
  status: string;
  p_defect: number;
  expected_amount_kop: string;
  reasons: Reason[];
  scored_at: string;
}

export type ScoredFeatureRow = FeatureRow & { sumKop: number };

/** A case_feature row as the queries below select it: arrays as plain text and JSON. */
interface FeatureRowText {
  case_id: string;
  year: number;
  month: number;
  smo: string | null;
  code_mo: string;
  usl_ok: number | null;
  num: string;
  cat: string;
  sum_kop: string;
}

// arrays as plain text and JSON: parsed here several times faster than the driver's array parser
const SELECT_FEATURES = `SELECT f.case_id::text AS case_id, f.year, f.month, f.smo, f.code_mo, f.usl_ok, array_to_string(f.num, ',') AS num,
         array_to_json(f.cat)::text AS cat, round(c.sumv * 100)::bigint::text AS sum_kop
    FROM case_feature f JOIN "case" c ON c.id = f.case_id`;

const scoredRowOf = (r: FeatureRowText): ScoredFeatureRow => ({
  caseId: r.case_id,
  year: r.year,
  month: r.month,
  smo: r.smo,
  codeMo: r.code_mo,
  uslOk: r.usl_ok,
  num: Float32Array.from(r.num.split(','), Number),
  cat: JSON.parse(r.cat) as (string | null)[],
  sumKop: Number(r.sum_kop),
});

export function scoresRepo(sql: SqlPort) {
  return {
    async acceptedCases(year: number, month: number): Promise<number> {
      const r = await sql.query<{ n: string }>(
        `SELECT count(*) AS n FROM register_file f JOIN "case" c ON c.register_file_id = f.id WHERE f.year = $1 AND f.month = $2 AND c.status = 'accepted'`,
        [year, month],
      );
      return Number(r[0].n);
    },
    /** Features of a period's accepted cases with the case sum, in case id order after `after`. */
    async features(specVersion: string, year: number, month: number, after: string, limit: number): Promise<ScoredFeatureRow[]> {
      const rows = await sql.query<FeatureRowText>(
        `${SELECT_FEATURES}
          WHERE f.spec_version = $1 AND f.year = $2 AND f.month = $3 AND f.case_id > $4::bigint AND c.status = 'accepted'
          ORDER BY f.case_id LIMIT $5`,
        [specVersion, year, month, after, limit],
      );
      return rows.map(scoredRowOf);
    },
    /** Features of some cases (with the case sum), in case id order. */
    async featuresOf(specVersion: string, caseIds: readonly string[]): Promise<ScoredFeatureRow[]> {
      if (!caseIds.length) return [];
      const rows = await sql.query<FeatureRowText>(
        `${SELECT_FEATURES}
          WHERE f.spec_version = $1 AND f.case_id = ANY($2::bigint[])
          ORDER BY f.case_id`,
        [specVersion, caseIds],
      );
      return rows.map(scoredRowOf);
    },
    /** Stores the reasons of cases scored without them (the score itself stays as it was). */
    setReasons: (version: string, caseIds: readonly string[], reasons: readonly Reason[][]) =>
      sql.query(
        `UPDATE case_score s SET reasons = r.reasons
           FROM unnest($2::bigint[], $3::jsonb[]) AS r(case_id, reasons)
          WHERE s.model_version = $1 AND s.case_id = r.case_id AND s.reasons = '[]'::jsonb`,
        [version, caseIds, reasons.map((r) => JSON.stringify(r))],
      ),
    deletePeriod: (version: string, year: number, month: number) =>
      sql.query('DELETE FROM case_score WHERE model_version = $1 AND year = $2 AND month = $3', [version, year, month]),
    copy: (lines: string[]) => sql.copyIn('case_score', SCORE_COLUMNS, lines),
    /** Every version's score of a case (active first). */
    forCase: (caseId: string) =>
      sql.query<ScoreRowOut>(
        `SELECT s.model_version, m.status, s.p_defect, s.expected_amount_kop::text AS expected_amount_kop, s.reasons, s.scored_at::text AS scored_at
           FROM case_score s JOIN model_version m ON m.version = s.model_version
          WHERE s.case_id = $1::bigint ORDER BY (m.status = 'active') DESC, s.model_version`,
        [caseId],
      ),
    /** The export rows of a period and version, riskiest first. */
    exportRows: (version: string, year: number, month: number) =>
      sql.query<{
        file: string;
        n_zap: string;
        idcase: string;
        mo: string;
        smo: string | null;
        usl_ok: number | null;
        p_defect: number;
        expected_amount_kop: string;
        model_version: string;
        reasons: Reason[];
      }>(
        `SELECT rf.file_name AS file, c.n_zap, c.idcase, s.code_mo AS mo, s.smo, s.usl_ok, s.p_defect, s.expected_amount_kop::text AS expected_amount_kop,
                s.model_version, s.reasons
           FROM case_score s JOIN "case" c ON c.id = s.case_id JOIN register_file rf ON rf.id = c.register_file_id
          WHERE s.model_version = $1 AND s.year = $2 AND s.month = $3
          ORDER BY s.p_defect DESC, s.case_id`,
        [version, year, month],
      ),
  };
}
