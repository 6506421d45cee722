import type { Deps } from '../deps.js';
import type { SqlPort } from '../db/sql.port.js';
import { AppError } from '../errors.js';
import { worklistsChanged } from './worklist-counts.js';
import { CONTROLS, resolveConfig, type Control, type SelectionConfig } from './config.js';
import { assignExperts, type AssignItem } from './experts.js';
import { expertsRepo } from './experts.repo.js';
import { loadCaseFacts, periodIndex } from './facts.repo.js';
import type { CaseFacts } from './facts.js';
import { planSelection, type ManualEntry, type Ranking, type WorklistSummary } from './plan.js';
import { ruleScores } from './rules-score.js';
import { loadActiveScores, loadScoreReasons } from './scores.repo.js';
import { explainCases } from '../scoring/scores.service.js';
import { mekGrowthHits, moWithMekGrowth, runPersonTriggers, type MoMekStat } from './triggers/index.js';
import { worklistsRepo } from './worklists.repo.js';

export interface SelectOptions {
  year: number;
  month: number;
  smo?: string;
  control?: Control;
  /** Default: YYYYMM of the period. */
  seed?: number;
  config?: SelectionConfig;
  /** Register periods before this one whose cases the triggers look back on (default 1). */
  lookbackMonths?: number;
  /** Also give the new items to experts (assignPeriod). */
  assign?: boolean;
  /**
   * Rank by the register rules even though a model is active (the period is not scored yet). Without it, an active
   * model whose scores do not cover the period's cases is an error: a list silently ranked otherwise than the coordinator
   * believes is worse than none.
   */
  rules?: boolean;
}

export interface SelectResult {
  period: string;
  ranking: 'model' | 'rules';
  model_version: string | null;
  seed: number;
  capacity: Partial<Record<Control, number>>;
  triggers: Record<string, number>;
  worklists: WorklistSummary[];
  unassigned?: UnassignedItem[];
}

export interface UnassignedItem {
  item: string;
  case_id: string;
  control: string;
  reason: string;
}

export const periodText = (y: number, m: number) => `${y}-${String(m).padStart(2, '0')}`;

/** Parses `YYYY-MM`. */
export function parsePeriod(text: string): { year: number; month: number } {
  const m = /^(\d{4})-(\d{2})$/.exec(text);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new AppError('BAD_INPUT', `period must be YYYY-MM, got "${text}"`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

/** MEK statistics per MO of one period, from the facts (a case counts when it has a MEK error). */
function mekStatsOf(cases: readonly CaseFacts[], year: number, month: number): Map<string, MoMekStat> {
  const out = new Map<string, MoMekStat>();
  for (const c of cases) {
    if (c.year !== year || c.month !== month) continue;
    const s = out.get(c.codeMo) ?? out.set(c.codeMo, { cases: 0, mek: 0 }).get(c.codeMo)!;
    s.cases++;
    if (c.mek > 0) s.mek++;
  }
  return out;
}

async function loadManual(sql: SqlPort, year: number, month: number): Promise<ManualEntry[]> {
  return sql.query<ManualEntry>(
    `SELECT case_id::text AS "caseId", s_tip AS "sTip", reason FROM manual_selection WHERE year = $1 AND month = $2 ORDER BY id`,
    [year, month],
  );
}

/**
 * An active model must have scored every accepted case of the period before its lists are ranked by it; the error
 * names the first case without a score (its register file and IDCASE) and how to go on.
 */
async function requireScores(
  sql: SqlPort,
  active: { version: string; scores: Map<string, unknown> },
  cases: readonly CaseFacts[],
  year: number,
  month: number,
): Promise<void> {
  const inPeriod = cases.filter((c) => c.inPeriod);
  const missing = inPeriod.filter((c) => !active.scores.has(c.id));
  if (missing.length === 0) return;
  const period = periodText(year, month);
  const [first] = await sql.query<{ file_name: string; idcase: string | null }>(
    `SELECT rf.file_name, c.idcase::text FROM "case" c JOIN register_file rf ON rf.id = c.register_file_id WHERE c.id = $1::bigint`,
    [missing[0].id],
  );
  throw new AppError(
    'BAD_INPUT',
    `${period}: ${missing.length} of ${inPeriod.length} accepted cases have no score of the active model ${active.version} ` +
      `(first: ${first ? `file ${first.file_name}, IDCASE ${first.idcase ?? '?'}` : `case ${missing[0].id}`}); ` +
      `score the period first (omsx score --period ${period}) or rank by the register rules (omsx select --rules)`,
  );
}

/**
 * Selects a period: triggers over the persons' timelines, manual lists, then the planned arms per insurer × control ×
 * condition, ranked by the active model's scores when the period has them, else by the register rules. Writes one
 * transaction per insurer; items already assigned, in review or concluded stay, the rest is replaced.
 */
export async function selectPeriod(deps: Deps, opts: SelectOptions): Promise<SelectResult> {
  try {
    return await selectPeriodNow(deps, opts);
  } finally {
    // its lists are written (each insurer's in a transaction of its own, committed by now): totals counted afresh
    worklistsChanged();
  }
}

async function selectPeriodNow(deps: Deps, opts: SelectOptions): Promise<SelectResult> {
  const sql = deps.db.sql;
  const cfg = opts.config ?? resolveConfig();
  const { year, month } = opts;
  const seed = opts.seed ?? year * 100 + month;
  const cases = await loadCaseFacts(sql, year, month, opts.lookbackMonths ?? 1);
  if (!cases.some((c) => c.inPeriod)) throw new AppError('BAD_INPUT', `no accepted cases in ${periodText(year, month)}`);

  const hits = runPersonTriggers(cases, cfg.triggers);
  const p = periodIndex(year, month) - 1;
  const growth = moWithMekGrowth(
    mekStatsOf(cases, year, month),
    mekStatsOf(cases, Math.floor((p - 1) / 12), ((p - 1) % 12) + 1),
    cfg.triggers,
  );
  hits.push(...mekGrowthHits(cases, growth, cfg.triggers));

  const active = await loadActiveScores(sql, year, month);
  if (active && !opts.rules) await requireScores(sql, active, cases, year, month);
  const scores = active && !opts.rules ? active : null;
  const ranking: Ranking = scores
    ? { kind: 'model', version: scores.version, score: (id) => scores.scores.get(id) }
    : { kind: 'rules', rules: ruleScores(cases) };
  const experts = await expertsRepo(sql).active();
  const capacity = new Map<Control, number>();
  for (const e of experts) for (const c of e.controls) capacity.set(c, (capacity.get(c) ?? 0) + e.capacity);
  const repo = worklistsRepo(sql);
  await repo.ensureConclusionTrigger();
  const controls = opts.control ? [opts.control] : [...CONTROLS];
  // items an earlier run left open (or gave to an expert) although their case's conclusion was known: closed now
  await repo.closeKnown(year, month, opts.smo ?? null, controls);
  const kept = await repo.kept(year, month);
  const manual = await loadManual(sql, year, month);
  const plan = planSelection({
    year,
    month,
    seed,
    cases,
    hits,
    manual,
    kept,
    concluded: await repo.concludedKeys([...hits.map((h) => h.caseId), ...manual.map((m) => m.caseId)]),
    ranking,
    capacity,
    config: cfg,
    smo: opts.smo,
    control: opts.control,
  });
  if (scores) {
    const ranked = plan.items.filter((i) => i.arm === 'model' || i.arm === 'random');
    let reasons = await loadScoreReasons(
      sql,
      scores.version,
      ranked.map((i) => i.caseId),
    );
    // scoring explains the riskiest share of each batch; a random-arm (or capped) item below it is explained now
    const unexplained = ranked.filter((i) => !reasons.get(i.caseId)?.length).map((i) => i.caseId);
    if (unexplained.length) {
      await explainCases(deps, scores.version, unexplained);
      reasons = new Map([...reasons, ...(await loadScoreReasons(sql, scores.version, unexplained))]);
    }
    for (const it of ranked) it.reasons = reasons.get(it.caseId) ?? [];
  }
  const smos = [...new Set([...plan.worklists.map((w) => w.smo)])].sort();
  for (const smo of smos) {
    await sql.transaction(async (tx) => {
      const r = worklistsRepo(tx);
      await r.deleteSelected(year, month, smo, controls);
      const ids = await r.upsertWorklists(plan.worklists.filter((w) => w.smo === smo));
      await r.insertItems(
        plan.items.filter((i) => i.smo === smo),
        ids,
      );
    });
  }
  const triggers: Record<string, number> = {};
  for (const it of plan.items)
    if (it.arm === 'trigger') for (const r of it.reasons) triggers[r.feature.slice(8)] = (triggers[r.feature.slice(8)] ?? 0) + 1;
  const result: SelectResult = {
    period: periodText(year, month),
    ranking: ranking.kind,
    model_version: scores?.version ?? null,
    seed,
    capacity: Object.fromEntries(capacity),
    triggers,
    worklists: plan.summaries,
  };
  if (opts.assign) result.unassigned = (await assignPeriod(deps, { year, month, smo: opts.smo, control: opts.control })).unassigned;
  return result;
}

/**
 * Gives a period's unassigned items to experts (mandatory first, then by rank; see assignExperts), one transaction
 * per insurer. Items nobody can take stay `selected` with the reason stored and returned.
 */
export async function assignPeriod(
  deps: Deps,
  opts: { year: number; month: number; smo?: string; control?: Control; profileSpecialties?: Record<string, string[]> },
): Promise<{ assigned: number; unassigned: UnassignedItem[] }> {
  const sql = deps.db.sql;
  const experts = await expertsRepo(sql).active();
  const rows = await sql.query<{
    id: string;
    case_id: string;
    control: Control;
    code_mo: string;
    prvs: string | null;
    profil: number | null;
    smo: string;
  }>(
    `SELECT i.id::text, i.case_id::text, i.control, i.code_mo, i.smo, c.profil,
            (SELECT s.prvs FROM sub_case s WHERE s.case_id = i.case_id ORDER BY s.id DESC LIMIT 1) AS prvs
       FROM worklist_item i JOIN "case" c ON c.id = i.case_id
      WHERE i.year = $1 AND i.month = $2 AND i.state = 'selected' AND i.expert_code IS NULL
        AND ($3::text IS NULL OR i.smo = $3) AND ($4::text IS NULL OR i.control = $4)
      ORDER BY i.smo, (i.arm IN ('trigger', 'manual')) DESC, i.rank NULLS FIRST, i.id`,
    [opts.year, opts.month, opts.smo ?? null, opts.control ?? null],
  );
  let assigned = 0;
  const unassigned: UnassignedItem[] = [];
  for (const smo of [...new Set(rows.map((r) => r.smo))]) {
    await sql.transaction(async (tx) => {
      const load = await expertsRepo(tx).load(opts.year, opts.month);
      const items: AssignItem[] = rows
        .filter((r) => r.smo === smo)
        .map((r) => ({ id: r.id, control: r.control, codeMo: r.code_mo, prvs: r.prvs, profil: r.profil }));
      const a = assignExperts(items, experts, load, opts.profileSpecialties);
      const ids = [...a.assigned.keys()];
      await tx.query(
        `UPDATE worklist_item i SET expert_code = a.expert, state = 'assigned', unassigned_reason = NULL, updated_at = now()
           FROM unnest($1::bigint[], $2::text[]) AS a(id, expert) WHERE i.id = a.id`,
        [ids, ids.map((id) => a.assigned.get(id)!)],
      );
      await tx.query(
        `UPDATE worklist_item i SET unassigned_reason = a.reason FROM unnest($1::bigint[], $2::text[]) AS a(id, reason) WHERE i.id = a.id`,
        [a.unassigned.map((u) => u.id), a.unassigned.map((u) => u.reason)],
      );
      assigned += ids.length;
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const u of a.unassigned)
        unassigned.push({ item: u.id, case_id: byId.get(u.id)!.case_id, control: byId.get(u.id)!.control, reason: u.reason });
    });
  }
  return { assigned, unassigned };
}
