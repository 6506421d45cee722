import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import type { Reason } from './rules-score.js';
import { parsePeriod } from './selection.service.js';
import { cachedCount, countGeneration, rememberCount } from './worklist-counts.js';
import { activeScope } from '../db/scope.js';

export interface WorklistQuery {
  period: string;
  smo?: string;
  control?: string;
  arm?: string;
  state?: string;
  page?: number;
  pageSize?: number;
  /** rank | score | propensity | expected_amount | case, `-` in front for descending. */
  sort?: string;
}

/** One line of a worklist as the coordinator sees it. */
export interface WorklistLine {
  id: string;
  case_id: string;
  file: string;
  n_zap: string;
  idcase: string;
  mo: string;
  smo: string;
  usl_ok: number | null;
  control: string;
  s_tip: number;
  arm: string;
  reason: string | null;
  propensity: number | null;
  score: number | null;
  p_defect: number | null;
  expected_amount: string | null;
  rank: number | null;
  reasons: Reason[];
  state: string;
  expert: string | null;
  unassigned_reason: string | null;
}

const SORTS: Record<string, string> = {
  rank: 'i.rank',
  score: 'i.score',
  propensity: 'i.propensity',
  expected_amount: 'i.expected_amount_kop',
  case: 'i.case_id',
};

/**
 * The filters of a worklist query, only those given: one statement text per combination, whose plan PostgreSQL
 * keeps for the connection (a `$n IS NULL OR …` filter would need a plan per set of values, made on every page).
 */
export function where(q: WorklistQuery, expert?: string): { sql: string; params: unknown[] } {
  const { year, month } = parsePeriod(q.period);
  const params: unknown[] = [year, month];
  let sql = 'i.year = $1 AND i.month = $2';
  for (const [column, value] of [
    ['expert_code', expert],
    ['smo', q.smo],
    ['control', q.control],
    ['arm', q.arm],
    ['state', q.state],
  ] as const) {
    if (value === undefined || value === null) continue;
    params.push(value);
    sql += ` AND i.${column} = $${params.length}`;
  }
  return { sql, params };
}

/** A worklist line's columns, over `worklist_item i`, `"case" c` and `register_file f`. */
export const LINE = `i.id::text, i.case_id::text, f.file_name AS file, c.n_zap, c.idcase, i.code_mo AS mo, i.smo, i.usl_ok, i.control, i.s_tip, i.arm,
  i.reason, i.propensity, i.score, i.p_defect, CASE WHEN i.expected_amount_kop IS NULL THEN NULL ELSE (i.expected_amount_kop / 100.0)::numeric(15, 2)::text END AS expected_amount,
  i.rank, i.reasons, i.state, i.expert_code AS expert, i.unassigned_reason`;

/**
 * A page of a period's worklist items, filtered and sorted (default: insurer, control, mandatory first, rank).
 * One statement, one round trip: the count, then the page's item ids with their sort keys (`k…`, from the index
 * worklist_item_page_idx alone: migration 0530), and only those items joined to their cases and files, as JSON in
 * the page's order; the keys are dropped before returning.
 */
export async function listWorklist(
  deps: Deps,
  q: WorklistQuery,
): Promise<{ total: number; page: number; pageSize: number; items: WorklistLine[]; latestPeriod?: string | null }> {
  // an insurer's user reads its own insurer's items: said in the query too (the policies would filter them anyway,
  // but only row by row over every insurer's items, where the filter is an index range)
  // and an expert's the items assigned to them (an index of their own), and a user who may see no row gets nothing
  const scope = activeScope()?.scope;
  const own = scope?.settings['omsx.scope'] === 'smo' ? scope.settings['omsx.smo'] || undefined : undefined;
  const expert = scope?.settings['omsx.expert'] || undefined;
  const w = where({ ...q, smo: q.smo ?? own }, expert);
  const page = Math.max(1, q.page ?? 1);
  const pageSize = Math.min(1000, Math.max(1, q.pageSize ?? 50));
  if (scope?.settings['omsx.scope'] === 'none') return { total: 0, page, pageSize, items: [], latestPeriod: null };
  let keys = `i.smo AS k_smo, i.control AS k_control, i.rank AS k`;
  let order = `i.smo, i.control, i.rank NULLS FIRST, i.id`;
  let again = `p.k_smo, p.k_control, p.k NULLS FIRST, p.k_id`;
  if (q.sort) {
    const desc = q.sort.startsWith('-');
    const col = SORTS[desc ? q.sort.slice(1) : q.sort];
    if (!col)
      throw new AppError('BAD_INPUT', `sort must be one of ${Object.keys(SORTS).join(', ')} (with - for descending), got "${q.sort}"`);
    keys = `${col} AS k`;
    order = `${col} ${desc ? 'DESC' : 'ASC'} NULLS LAST, i.id`;
    again = `p.k ${desc ? 'DESC' : 'ASC'} NULLS LAST, p.k_id`;
  }
  // a request's total is reused for a few seconds (worklist-counts.ts); the CLI, outside any scope, counts every time
  // what a total depends on: the role and the row-level settings, not who asks (the users of an insurer share it)
  const { 'omsx.user': _user, ...rowSettings } = scope?.settings ?? {};
  const key = scope ? JSON.stringify([scope.role, rowSettings, w.sql, w.params]) : null;
  const ttl = deps.config.worklistCountSeconds * 1000;
  const known = key ? cachedCount(deps.db, key, ttl) : undefined;
  const before = countGeneration();
  // 1. the total and the page's item ids, from worklist_item alone (its indexes; a plan cheap to make per page)
  const [r] = await deps.db.sql.query<{ total: number | null; ids: string[] }>(
    `SELECT ${known === undefined ? `(SELECT count(*)::int FROM worklist_item i WHERE ${w.sql})` : 'NULL::int'} AS total,
            (SELECT coalesce(array_agg(p.k_id::text ORDER BY ${again}), '{}') FROM (
               SELECT i.id AS k_id, ${keys} FROM worklist_item i WHERE ${w.sql}
                ORDER BY ${order} LIMIT $${w.params.length + 1} OFFSET $${w.params.length + 2}) p) AS ids`,
    // the page as parameters: a statement text per filters and sort, not per page (each connection keeps its texts)
    [...w.params, pageSize, (page - 1) * pageSize],
  );
  // 2. those items with their cases and files: one statement whatever the page, whose plan PostgreSQL keeps for the
  // connection (planning the joins under the row-level policies took 2–3 ms, running them 0.5 ms)
  const lines = r.ids.length
    ? await deps.db.sql.query<WorklistLine>(
        `SELECT ${LINE} FROM worklist_item i JOIN "case" c ON c.id = i.case_id JOIN register_file f ON f.id = c.register_file_id
          WHERE i.id = ANY($1::bigint[])`,
        [r.ids],
      )
    : [];
  const at = new Map(r.ids.map((id, k) => [id, k]));
  const items = lines.sort((a, b) => at.get(a.id)! - at.get(b.id)!);
  const total = known ?? r.total ?? 0;
  if (key && known === undefined) rememberCount(deps.db, key, ttl, total, before);
  if (total > 0) return { total, page, pageSize, items };
  // nothing in this period: the latest period that has items the caller may read, for the page to offer (a new
  // installation's default period, last month, is rarely the one its registers are of)
  const [latest] = await deps.db.sql.query<{ period: string }>(
    `SELECT lpad(year::text, 4, '0') || '-' || lpad(month::text, 2, '0') AS period FROM worklist_item ORDER BY year DESC, month DESC LIMIT 1`,
  );
  return { total, page, pageSize, items, latestPeriod: latest?.period ?? null };
}

/**
 * Gives an item to an expert by hand (assign or reassign): the expert must do the item's control, not be employed by
 * the treating MO, and have room this month. Refused for an item in review or concluded.
 */
export async function assignItem(deps: Deps, id: string, expertCode: string): Promise<WorklistLine> {
  return deps.db.sql.transaction(async (tx) => {
    const [it] = await tx.query<{
      state: string;
      control: string;
      code_mo: string;
      year: number;
      month: number;
      expert_code: string | null;
    }>(`SELECT state, control, code_mo, year, month, expert_code FROM worklist_item WHERE id = $1::bigint FOR UPDATE`, [id]);
    if (!it) throw new AppError('NOT_FOUND', `worklist item ${id} not found`);
    if (it.state === 'in_review' || it.state === 'concluded')
      throw new AppError('CONFLICT', `worklist item ${id} is ${it.state}: it cannot be reassigned`);
    const [e] = await tx.query<{ code: string; code_mo: string | null; controls: string[]; capacity: number; active: boolean }>(
      `SELECT code, code_mo, controls, capacity, active FROM expert WHERE code = $1`,
      [expertCode],
    );
    if (!e || !e.active) throw new AppError('NOT_FOUND', `expert ${expertCode} not found`);
    if (!e.controls.includes(it.control)) throw new AppError('CONFLICT', `expert ${expertCode} does not do ${it.control}`);
    if (e.code_mo && e.code_mo === it.code_mo)
      throw new AppError('CONFLICT', `expert ${expertCode} is employed by the treating MO ${it.code_mo}`);
    const [{ n }] = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM worklist_item WHERE expert_code = $1 AND year = $2 AND month = $3 AND id <> $4::bigint`,
      [expertCode, it.year, it.month, id],
    );
    if (n >= e.capacity) throw new AppError('CONFLICT', `expert ${expertCode} is at capacity (${e.capacity}) for the month`);
    await tx.query(
      `UPDATE worklist_item SET expert_code = $2, state = 'assigned', unassigned_reason = NULL, updated_at = now() WHERE id = $1::bigint`,
      [id, expertCode],
    );
    return (await itemLine(tx, id))!;
  });
}

/** Marks an assigned item as taken into review (assigned → in_review). */
export async function startReview(deps: Deps, id: string): Promise<WorklistLine> {
  const r = await deps.db.sql.query<{ id: string }>(
    `UPDATE worklist_item SET state = 'in_review', updated_at = now() WHERE id = $1::bigint AND state = 'assigned' RETURNING id::text`,
    [id],
  );
  if (r.length === 0) {
    const cur = await itemLine(deps.db.sql, id);
    if (!cur) throw new AppError('NOT_FOUND', `worklist item ${id} not found`);
    throw new AppError('CONFLICT', `worklist item ${id} is ${cur.state}: only an assigned item goes into review`);
  }
  return (await itemLine(deps.db.sql, id))!;
}

async function itemLine(sql: Deps['db']['sql'], id: string): Promise<WorklistLine | undefined> {
  const [r] = await sql.query<WorklistLine>(
    `SELECT ${LINE} FROM worklist_item i JOIN "case" c ON c.id = i.case_id JOIN register_file f ON f.id = c.register_file_id WHERE i.id = $1::bigint`,
    [id],
  );
  return r;
}
