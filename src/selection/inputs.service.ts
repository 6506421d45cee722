import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { parseExperts, type Expert } from './experts.js';
import { expertsRepo } from './experts.repo.js';
import { controlOf } from './triggers/index.js';

const BUNDLED_V021 = fileURLToPath(new URL('../../data/selection/V021.tsv', import.meta.url));

/** V021 codes: `$OMSX_NSI_DIR/V021.tsv` when there is one, else the illustrative list in data/selection (its README). */
export async function v021Codes(nsiDir?: string): Promise<Set<string>> {
  const own = nsiDir ? await readFile(join(nsiDir, 'V021.tsv'), 'utf8').catch(() => undefined) : undefined;
  const text = (own ?? (await readFile(BUNDLED_V021, 'utf8'))).replace(/^\uFEFF/, '');
  return new Set(
    text
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.split('\t')[0].trim())
      .filter(Boolean),
  );
}

/** The rows of a CSV file by lower-cased column; one that is not CSV is refused naming the file and the parser's line. */
function csvRows(text: string, name: string): Record<string, string>[] {
  try {
    return parse(text.replace(/^\uFEFF/, ''), {
      columns: (h: string[]) => h.map((x) => x.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
    }) as Record<string, string>[];
  } catch (e) {
    throw new AppError('BAD_INPUT', `${name} is not a readable CSV file: ${(e as Error).message}`);
  }
}

/** `omsx experts import`: reads `code,name,specialties,code_mo,controls,capacity`, validates all rows, then stores them (upsert). */
export async function importExperts(deps: Deps, text: string, name = 'the experts file'): Promise<Expert[]> {
  const experts = parseExperts(csvRows(text, name), await v021Codes(deps.config.nsiDir));
  await expertsRepo(deps.db.sql).upsert(experts);
  return experts;
}

/** A case named by an outside source: by id, by register file + N_ZAP, or by MO + IDCASE (+ period). */
export interface ManualInput {
  case_id?: string;
  file?: string;
  n_zap?: string;
  mo?: string;
  idcase?: string;
  period?: string;
  s_tip: number;
  reason: string;
  source_ref?: string;
}

/**
 * Stores manual selections (complaints, court orders, the death registry): each names a case and an unscheduled F006
 * code (51–59 MEE, 71–86 EKMP). All or nothing: a row that names no stored case, or a bad code, fails the whole list
 * with the row named. The same case and code again changes nothing.
 */
export async function addManual(
  deps: Deps,
  rows: readonly ManualInput[],
  source: 'api' | 'csv',
): Promise<{ added: number; cases: string[] }> {
  const sql = deps.db.sql;
  return sql.transaction(async (tx) => {
    const cases: string[] = [];
    let added = 0;
    for (const [i, r] of rows.entries()) {
      const where = `row ${i + 1}`;
      const s = Number(r.s_tip);
      if (!Number.isInteger(s) || !((s >= 51 && s <= 59) || (s >= 71 && s <= 86)))
        throw new AppError('BAD_INPUT', `${where}: s_tip must be an unscheduled F006 code (51–59, 71–86), got "${r.s_tip}"`, {
          row: i + 1,
        });
      if (!r.reason?.trim()) throw new AppError('BAD_INPUT', `${where}: reason is required`, { row: i + 1 });
      const found = await tx.query<{ id: string }>(
        r.case_id
          ? `SELECT id::text FROM "case" WHERE id = $1::bigint AND status = 'accepted'`
          : r.file
            ? `SELECT c.id::text FROM "case" c JOIN register_file f ON f.id = c.register_file_id WHERE f.file_name = $1 AND c.n_zap = $2 AND c.status = 'accepted'`
            : `SELECT c.id::text FROM "case" c WHERE c.code_mo = $1 AND c.idcase = $2 AND c.status = 'accepted'
                  AND ($3::text IS NULL OR to_char(make_date(c.year, c.month, 1), 'YYYY-MM') = $3)`,
        r.case_id ? [r.case_id] : r.file ? [r.file, r.n_zap ?? ''] : [r.mo ?? '', r.idcase ?? '', r.period ?? null],
      );
      if (found.length !== 1)
        throw new AppError(
          'BAD_INPUT',
          `${where}: ${found.length === 0 ? 'no accepted case' : `${found.length} cases`} for ${JSON.stringify(r)}`,
          { row: i + 1 },
        );
      const ins = await tx.query<{ id: string }>(
        `INSERT INTO manual_selection (case_id, s_tip, control, reason, source, source_ref, year, month, smo, code_mo, usl_ok)
         SELECT c.id, $2, $3, $4, $5, $6, c.year, c.month, coalesce(c.smo, c.plat, ''), c.code_mo, c.usl_ok FROM "case" c WHERE c.id = $1::bigint
         ON CONFLICT (case_id, s_tip) DO NOTHING RETURNING id::text`,
        [found[0].id, s, controlOf(s), r.reason.trim(), source, r.source_ref ?? null],
      );
      added += ins.length;
      cases.push(found[0].id);
    }
    return { added, cases };
  });
}

/** `omsx triggers import FILE.csv`: columns case_id | file,n_zap | mo,idcase[,period]; s_tip, reason[, source_ref]. */
export async function importManualCsv(deps: Deps, text: string, name = 'the case list') {
  const rows = csvRows(text, name).map((r) => ({ ...r, s_tip: Number(r.s_tip) }) as unknown as ManualInput);
  return addManual(deps, rows, 'csv');
}
