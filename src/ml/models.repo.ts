/** `model_version` rows (migration 0330_model). */
import type { SqlPort } from '../db/sql.port.js';
import type { ModelCard } from './card.js';

export type ModelStatus = 'shadow' | 'active' | 'retired';

export interface ModelVersionRow {
  version: string;
  status: ModelStatus;
  spec_version: string;
  kind: string;
  created_at: string;
  promoted_at: string | null;
  retired_at: string | null;
  train_from: string;
  train_to: string;
  threshold: number | null;
  onnx_sha256: string;
}
const COLUMNS = `version, status, spec_version, kind, created_at::text, promoted_at::text, retired_at::text, train_from, train_to, threshold, onnx_sha256`;

export function modelsRepo(sql: SqlPort) {
  return {
    list: () => sql.query<ModelVersionRow>(`SELECT ${COLUMNS} FROM model_version ORDER BY created_at DESC, version`),
    get: async (version: string) =>
      (await sql.query<ModelVersionRow>(`SELECT ${COLUMNS} FROM model_version WHERE version = $1`, [version]))[0],
    card: async (version: string) =>
      (await sql.query<{ card: ModelCard }>('SELECT card FROM model_version WHERE version = $1', [version]))[0]?.card,
    /** Versions that score: the active one and every shadow. */
    scoring: () =>
      sql.query<ModelVersionRow>(`SELECT ${COLUMNS} FROM model_version WHERE status IN ('active', 'shadow') ORDER BY status, version`),
    insert: (card: ModelCard, status: ModelStatus) =>
      sql.query(
        `INSERT INTO model_version (version, status, spec_version, kind, created_at, promoted_at, train_from, train_to, threshold, card, onnx_sha256, score_hist)
         VALUES ($1, $2, $3, $4, $5, CASE WHEN $2 = 'active' THEN now() END, $6, $7, $8, $9::jsonb, $10, ($9::jsonb)->'scoreHist')`,
        [
          card.version,
          status,
          card.spec.version,
          card.kind,
          card.createdAt,
          card.window.trainFrom,
          card.window.trainTo,
          card.threshold,
          JSON.stringify(card),
          card.onnx.sha256,
        ],
      ),
    setStatus: (version: string, status: ModelStatus) =>
      sql.query(
        `UPDATE model_version SET status = $2,
           promoted_at = CASE WHEN $2 = 'active' THEN now() ELSE promoted_at END,
           retired_at = CASE WHEN $2 = 'retired' THEN now() ELSE retired_at END
         WHERE version = $1`,
        [version, status],
      ),
    /** Returns the active version to shadow; the versions it changed. */
    demoteActive: async () =>
      (await sql.query<{ version: string }>(`UPDATE model_version SET status = 'shadow' WHERE status = 'active' RETURNING version`)).map(
        (r) => r.version,
      ),
    /** Records a change of status (migration 0640_model_status_event). */
    addEvent: (version: string, status: ModelStatus, by: string | null = null) =>
      sql.query(`INSERT INTO model_status_event (version, status, changed_by) VALUES ($1, $2, $3)`, [version, status, by]),
    /** A version's status history, oldest first. */
    history: (version: string) =>
      sql.query<{ status: ModelStatus; changed_at: string; changed_by: string | null }>(
        `SELECT status, changed_at::text, changed_by FROM model_status_event WHERE version = $1 ORDER BY changed_at, id`,
        [version],
      ),
    mergeScoreHist: (version: string, period: string, hist: number[]) =>
      sql.query(
        `UPDATE model_version SET score_hist = coalesce(score_hist, '{}'::jsonb) || jsonb_build_object($2::text, $3::jsonb) WHERE version = $1`,
        [version, period, JSON.stringify(hist)],
      ),
  };
}
