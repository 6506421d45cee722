/**
 * `omsx conclusions import FILE.csv`: one transaction; a file with any invalid line (a malformed value, an unknown
 * code, a case not found) stores nothing and reports every such line.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Deps } from '../deps.js';
import type { ConclusionInput } from './conclusion.js';
import { parseConclusionsCsv } from './conclusions-csv.js';
import { conclusionsRepo, normalizeFileName } from './conclusions.repo.js';
import { prepareConclusions, reviewNsi, saveConclusions } from './conclusions.service.js';

export interface ImportResult {
  rows: number;
  imported: number;
  /** Conclusions already stored whose content this file changed (a new version each). */
  updated: number;
  unchanged: number;
  /** Lines whose case is not in the database (errors, or `skipped` with `skipUnmatched`). */
  unmatched: number;
  errors: { line: number; message: string }[];
  /** With `skipUnmatched`: the lines left out because their case is not stored. */
  skipped?: { line: number; message: string }[];
}

export interface ImportOptions {
  /** Import the lines whose case is found and list the others in `skipped` instead of refusing the file. */
  skipUnmatched?: boolean;
  changedBy?: string;
}

export async function importConclusionsCsv(deps: Deps, path: string, o: ImportOptions = {}): Promise<ImportResult> {
  const text = await readFile(path, 'utf8');
  return importConclusionsText(deps, text, basename(path), o);
}

export async function importConclusionsText(deps: Deps, text: string, name: string, o: ImportOptions = {}): Promise<ImportResult> {
  const changedBy = o.changedBy ?? `csv:${name}`;
  const parsed = parseConclusionsCsv(text, name);
  const nsi = await reviewNsi(deps.config);
  const res: ImportResult = { rows: parsed.count, imported: 0, updated: 0, unchanged: 0, unmatched: 0, errors: [...parsed.errors] };
  if (o.skipUnmatched) res.skipped = [];
  await deps.db.sql.transaction(async (tx) => {
    const found = await conclusionsRepo(tx).casesByReference(parsed.rows.map((r) => r.ref));
    const matched: { line: number; input: ConclusionInput }[] = [];
    for (const r of parsed.rows) {
      const id = found.get(`${normalizeFileName(r.ref.file)}|${r.ref.by}:${r.ref.value}`);
      if (id) matched.push({ line: r.line, input: { ...r.input, caseId: id } });
      else {
        res.unmatched++;
        (res.skipped ?? res.errors).push({
          line: r.line,
          message: `case not found: file ${r.ref.file}, ${r.ref.by.toUpperCase()} ${r.ref.value}`,
        });
      }
    }
    const prepared = await prepareConclusions(
      tx,
      nsi,
      matched.map((m) => m.input),
      true,
    );
    for (const e of prepared.errors)
      res.errors.push({
        line: matched[e.index].line,
        message: e.message.replace(/as item (\d+)/, (_, n) => `as line ${matched[Number(n) - 1].line}`),
      });
    if (res.errors.length) return;
    const saved = await saveConclusions(
      tx,
      prepared.rows.map((r) => r!),
      changedBy,
    );
    res.imported = saved.imported;
    res.updated = saved.updated;
    res.unchanged = saved.unchanged;
  });
  res.errors.sort((a, b) => a.line - b.line);
  return res;
}
