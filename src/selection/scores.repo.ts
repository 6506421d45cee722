import type { SqlPort } from '../db/sql.port.js';
import type { Reason } from './rules-score.js';

/** A case's stored risk score of the active model version. */
export interface CaseScore {
  p: number;
  amountKop: number;
}

/**
 * The active model version and its scores of a period (empty when the period is not scored), or null when there is
 * no active version (or no scoring tables).
 */
export async function loadActiveScores(
  sql: SqlPort,
  year: number,
  month: number,
): Promise<{ version: string; scores: Map<string, CaseScore> } | null> {
  const [t] = await sql.query<{ ok: boolean }>(
    `SELECT to_regclass('case_score') IS NOT NULL AND to_regclass('model_version') IS NOT NULL AS ok`,
  );
  if (!t.ok) return null;
  const [v] = await sql.query<{ version: string }>(
    `SELECT version FROM model_version WHERE status = 'active' ORDER BY promoted_at DESC NULLS LAST LIMIT 1`,
  );
  if (!v) return null;
  const rows = await sql.query<{ id: string; p: number; a: string | null }>(
    `SELECT case_id::text AS id, p_defect AS p, expected_amount_kop::text AS a FROM case_score WHERE model_version = $1 AND year = $2 AND month = $3`,
    [v.version, year, month],
  );
  return { version: v.version, scores: new Map(rows.map((r) => [r.id, { p: r.p, amountKop: r.a === null ? 0 : Number(r.a) }])) };
}

/** The stored reasons (feature contributions) of some cases' scores. */
export async function loadScoreReasons(sql: SqlPort, version: string, ids: readonly string[]): Promise<Map<string, Reason[]>> {
  if (ids.length === 0) return new Map();
  const rows = await sql.query<{ id: string; reasons: Reason[] | null }>(
    `SELECT case_id::text AS id, reasons FROM case_score WHERE model_version = $1 AND case_id = ANY($2::bigint[])`,
    [version, ids],
  );
  return new Map(rows.map((r) => [r.id, Array.isArray(r.reasons) ? r.reasons.slice(0, 4) : []]));
}
