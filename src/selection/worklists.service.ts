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
function where(q: WorklistQuery, expert?: string): { sql: string; params: unknown[] } {
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

const LINE = `i.id::text, i.case_id::text, f.file_name AS file, c.n_zap, c.idcase, i.code_mo AS mo, i.smo, i.usl_ok, i.control, i.s_tip, i.arm,
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

export const EXPORT_COLUMNS = [
  'file',
  'n_zap',
  'idcase',
  'mo',
  'smo',
  'usl_ok',
  'control',
  's_tip',
  'arm',
  'propensity',
  'p_defect',
  'expected_amount',
  'rank',
  'reason_1',
  'reason_2',
  'reason_3',
  'reason_4',
  'expert',
] as const;

/** The export table: a header and one row per item (reasons as their texts). */
export async function worklistTable(deps: Deps, q: WorklistQuery): Promise<(string | number | null)[][]> {
  const w = where(q);
  const rows = await deps.db.sql.query<WorklistLine>(
    `SELECT ${LINE} FROM worklist_item i JOIN "case" c ON c.id = i.case_id JOIN register_file f ON f.id = c.register_file_id
      WHERE ${w.sql} ORDER BY i.smo, i.control, i.usl_ok, i.rank NULLS FIRST, i.id`,
    w.params,
  );
  return [
    [...EXPORT_COLUMNS],
    ...rows.map((r) => {
      const reasons = (r.reasons ?? []).map((x) => x.text);
      return [
        r.file,
        r.n_zap,
        r.idcase,
        r.mo,
        r.smo,
        r.usl_ok,
        r.control,
        r.s_tip,
        r.arm,
        r.propensity,
        r.p_defect,
        r.expected_amount,
        r.rank,
        reasons[0] ?? null,
        reasons[1] ?? null,
        reasons[2] ?? null,
        reasons[3] ?? null,
        r.expert,
      ];
    }),
  ];
}

/**
 * The XLSX header of each export column, in Russian for the coordinators who open it; the CSV keeps the documented
 * English names of EXPORT_COLUMNS (scripts read it). The values are the same in both.
 */
export const EXPORT_HEADERS_RU: Record<(typeof EXPORT_COLUMNS)[number], string> = {
  file: 'Файл',
  n_zap: 'N_ZAP',
  idcase: 'IDCASE',
  mo: 'МО',
  smo: 'СМО',
  usl_ok: 'Условия оказания (USL_OK)',
  control: 'Вид контроля',
  s_tip: 'S_TIP',
  arm: 'Способ отбора',
  propensity: 'Вероятность отбора',
  p_defect: 'Вероятность дефекта',
  expected_amount: 'Ожидаемая сумма, руб.',
  rank: 'Ранг',
  reason_1: 'Причина 1',
  reason_2: 'Причина 2',
  reason_3: 'Причина 3',
  reason_4: 'Причина 4',
  expert: 'Эксперт',
};

/** The file name of an export: `worklist-<period>[-<smo>][-<control>][-<arm>][-<state>].<format>`. */
export function worklistFileName(q: WorklistQuery, format: 'csv' | 'xlsx'): string {
  const parts = [q.period, q.smo, q.control, q.arm, q.state].filter((p): p is string => !!p).map((p) => p.replace(/[^\w.-]+/g, '_'));
  return `worklist-${parts.join('-')}.${format}`;
}

/**
 * Writes the export as CSV (UTF-8, the English header) or XLSX (the Russian header, numbers as numbers, the header
 * frozen and filterable).
 */
export async function exportWorklist(deps: Deps, q: WorklistQuery, format: 'csv' | 'xlsx'): Promise<{ body: Buffer; rows: number }> {
  const table = await worklistTable(deps, q);
  if (format === 'csv') {
    const { stringify } = await import('csv-stringify/sync');
    return { body: Buffer.from(stringify(table), 'utf8'), rows: table.length - 1 };
  }
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(`worklist ${q.period}`, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(EXPORT_COLUMNS.map((c) => EXPORT_HEADERS_RU[c]));
  const amount = EXPORT_COLUMNS.indexOf('expected_amount');
  for (const row of table.slice(1)) ws.addRow(row.map((v, i) => (i === amount && v !== null ? Number(v) : v)));
  ws.getRow(1).font = { bold: true };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: EXPORT_COLUMNS.length } };
  EXPORT_COLUMNS.forEach((c, i) => {
    ws.getColumn(i + 1).width = c === 'file' ? 24 : c.startsWith('reason_') ? 40 : 14;
  });
  ws.getColumn(amount + 1).numFmt = '#,##0.00';
  return { body: Buffer.from(await wb.xlsx.writeBuffer()), rows: table.length - 1 };
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
