import type { SqlPort } from '../db/sql.port.js';
import type { Control } from './config.js';
import type { Reason } from './rules-score.js';

/** The arms an item is selected by (a conclusion's arm may also be legacy or unknown: review/conclusion.ts). */
export const ITEM_ARMS = ['trigger', 'model', 'random', 'manual'] as const;
export type Arm = (typeof ITEM_ARMS)[number];
export type ItemState = 'selected' | 'assigned' | 'in_review' | 'concluded';

/** One worklist row to write. */
export interface WorklistRow {
  year: number;
  month: number;
  smo: string;
  control: Control;
  uslOk: number;
  quota: number;
  cases: number;
  seed: number;
  modelVersion: string | null;
  ranking: 'model' | 'rules';
  randomRate: number | null;
}

/** One item to write (its worklist found by smo/control/usl_ok). */
export interface ItemRow {
  caseId: string;
  control: Control;
  sTip: number;
  arm: Arm;
  reason: string;
  propensity: number;
  score: number | null;
  pDefect: number | null;
  expectedAmountKop: number | null;
  modelVersion: string | null;
  rank: number | null;
  reasons: Reason[];
  year: number;
  month: number;
  smo: string;
  codeMo: string;
  uslOk: number;
}

/** An item kept from an earlier run (assigned, in review or concluded). */
export interface KeptItem {
  caseId: string;
  control: Control;
  arm: Arm;
  smo: string;
  uslOk: number;
  /**
   * An expert holds it (assigned, in review, or concluded by them), so it takes their capacity. A concluded item
   * nobody was given (its conclusion known before it was created, or arrived before it was assigned) does not.
   */
  holdsExpert: boolean;
}

export function worklistsRepo(sql: SqlPort) {
  return {
    /**
     * Creates the trigger of migration 0340 on \`conclusion\` when the table exists and the trigger does not (a database
     * that got 0340 before 0310_conclusion: migrations apply in name order, so only one migrated between the branches).
     */
    async ensureConclusionTrigger(): Promise<void> {
      await sql.exec(`DO $$
        BEGIN
          IF to_regclass('conclusion') IS NOT NULL AND NOT EXISTS (
               SELECT 1 FROM pg_trigger WHERE tgname = 'conclusion_closes_worklist_item' AND tgrelid = to_regclass('conclusion')) THEN
            CREATE TRIGGER conclusion_closes_worklist_item BEFORE INSERT ON conclusion
              FOR EACH ROW EXECUTE FUNCTION worklist_item_on_conclusion();
          END IF;
        END
        $$;`);
    },
    /** Items of the period that a re-run must keep: already assigned, in review or concluded. */
    async kept(year: number, month: number): Promise<KeptItem[]> {
      return sql.query<KeptItem>(
        `SELECT i.case_id::text AS "caseId", i.control, i.arm, w.smo, w.usl_ok AS "uslOk", i.expert_code IS NOT NULL AS "holdsExpert"
           FROM worklist_item i JOIN worklist w ON w.id = i.worklist_id
          WHERE i.year = $1 AND i.month = $2 AND i.state <> 'selected'`,
        [year, month],
      );
    },
    /**
     * Of the cases given, those (`case/control`) that have a conclusion of the control already, by the rule the
     * triggers of migration 0750 close an item by (`conclusion_closes_item`): an item of theirs is created concluded.
     */
    async concludedKeys(caseIds: readonly string[]): Promise<Set<string>> {
      if (caseIds.length === 0) return new Set();
      const rows = await sql.query<{ key: string }>(
        `SELECT i.case_id::text || '/' || ctl.control AS key
           FROM unnest($1::bigint[]) AS i(case_id) CROSS JOIN unnest(ARRAY['MEE', 'EKMP']) AS ctl(control)
          WHERE EXISTS (SELECT 1 FROM conclusion c WHERE conclusion_closes_item(c.case_id, c.control, i.case_id, ctl.control))`,
        [[...new Set(caseIds)]],
      );
      return new Set(rows.map((r) => r.key));
    },
    /**
     * Closes the period's open items (of an insurer, for the controls given) whose case has a conclusion of their
     * control that did not close them: items an earlier run created (or gave to an expert) before migration 0750. They
     * become concluded and leave their expert, as they would be created now; returns how many.
     */
    async closeKnown(year: number, month: number, smo: string | null, controls: readonly Control[]): Promise<number> {
      const [r] = await sql.query<{ n: number }>(
        `WITH closed AS (
           UPDATE worklist_item i SET state = 'concluded', expert_code = NULL, unassigned_reason = NULL, updated_at = now()
            WHERE i.year = $1 AND i.month = $2 AND ($3::text IS NULL OR i.smo = $3) AND i.control = ANY($4::text[])
              AND i.state <> 'concluded'
              AND EXISTS (SELECT 1 FROM conclusion c WHERE conclusion_closes_item(c.case_id, c.control, i.case_id, i.control))
            RETURNING i.case_id, i.control, i.arm, i.reason, i.propensity),
         labelled AS (
           UPDATE conclusion c SET arm = k.arm, reason = coalesce(k.reason, c.reason), propensity = k.propensity
             FROM closed k WHERE conclusion_closes_item(c.case_id, c.control, k.case_id, k.control) AND c.arm = 'unknown'
           RETURNING c.id)
         SELECT count(*)::int AS n FROM closed`,
        [year, month, smo, controls],
      );
      return r.n;
    },
    /** Removes the not-yet-assigned items of an insurer's lists of the period (for the controls given). */
    async deleteSelected(year: number, month: number, smo: string, controls: readonly Control[]): Promise<void> {
      await sql.query(
        `DELETE FROM worklist_item WHERE year = $1 AND month = $2 AND smo = $3 AND control = ANY($4::text[]) AND state = 'selected'`,
        [year, month, smo, controls],
      );
    },
    /** Creates or updates the lists; returns their ids by `control/usl_ok`. */
    async upsertWorklists(rows: readonly WorklistRow[]): Promise<Map<string, string>> {
      if (rows.length === 0) return new Map();
      const got = await sql.query<{ id: string; control: string; usl_ok: number }>(
        `INSERT INTO worklist (year, month, smo, control, usl_ok, quota, cases, seed, model_version, ranking, random_rate, created_at)
         SELECT r.year, r.month, r.smo, r.control, r.usl_ok, r.quota, r.cases, r.seed, r.model_version, r.ranking, r.random_rate, now()
           FROM json_to_recordset($1::json) AS r(year int, month int, smo text, control text, usl_ok int, quota int, cases int, seed bigint,
                                                model_version text, ranking text, random_rate double precision)
         ON CONFLICT (year, month, smo, control, usl_ok) DO UPDATE SET quota = EXCLUDED.quota, cases = EXCLUDED.cases, seed = EXCLUDED.seed,
           model_version = EXCLUDED.model_version, ranking = EXCLUDED.ranking, random_rate = EXCLUDED.random_rate, created_at = now()
         RETURNING id::text, control, usl_ok`,
        [
          JSON.stringify(
            rows.map((r) => ({
              year: r.year,
              month: r.month,
              smo: r.smo,
              control: r.control,
              usl_ok: r.uslOk,
              quota: r.quota,
              cases: r.cases,
              seed: r.seed,
              model_version: r.modelVersion,
              ranking: r.ranking,
              random_rate: r.randomRate,
            })),
          ),
        ],
      );
      return new Map(got.map((g) => [`${g.control}/${g.usl_ok}`, g.id]));
    },
    async insertItems(items: readonly ItemRow[], worklistIds: ReadonlyMap<string, string>): Promise<void> {
      const CHUNK = 20_000;
      for (let i = 0; i < items.length; i += CHUNK) {
        const part = items.slice(i, i + CHUNK).map((it) => ({
          worklist_id: worklistIds.get(`${it.control}/${it.uslOk}`),
          case_id: it.caseId,
          control: it.control,
          s_tip: it.sTip,
          arm: it.arm,
          reason: it.reason,
          propensity: it.propensity,
          score: it.score,
          p_defect: it.pDefect,
          expected_amount_kop: it.expectedAmountKop,
          model_version: it.modelVersion,
          rank: it.rank,
          reasons: it.reasons,
          year: it.year,
          month: it.month,
          smo: it.smo,
          code_mo: it.codeMo,
          usl_ok: it.uslOk,
        }));
        await sql.query(
          `INSERT INTO worklist_item (worklist_id, case_id, control, s_tip, arm, reason, propensity, score, p_defect, expected_amount_kop,
                                      model_version, rank, reasons, year, month, smo, code_mo, usl_ok)
           SELECT r.worklist_id, r.case_id, r.control, r.s_tip, r.arm, r.reason, r.propensity, r.score, r.p_defect, r.expected_amount_kop,
                  r.model_version, r.rank, coalesce(r.reasons, '[]'::jsonb), r.year, r.month, r.smo, r.code_mo, r.usl_ok
             FROM json_to_recordset($1::json) AS r(worklist_id bigint, case_id bigint, control text, s_tip int, arm text, reason text,
                  propensity double precision, score double precision, p_defect real, expected_amount_kop bigint, model_version text,
                  rank int, reasons jsonb, year int, month int, smo text, code_mo text, usl_ok int)`,
          [JSON.stringify(part)],
        );
      }
    },
  };
}
