/**
 * Writing conclusions, whichever source brings them: look up the cases (the original of a corrected one), check and
 * compute the rows (conclusion-rows.ts), then insert what is new, add a version to what changed and count what is
 * the same (re-import is a no-op). Runs inside the caller's transaction.
 */
import type { SqlPort } from '../db/sql.port.js';
import type { Config } from '../config.js';
import { loadNsi } from '../nsi/nsi.loader.js';
import type { Nsi } from '../nsi/nsi.js';
import { contentOf, mergeContent, type ConclusionInput, type ConclusionRow } from './conclusion.js';
import { buildRow } from './conclusion-rows.js';
import { conclusionsRepo } from './conclusions.repo.js';

const nsiCache = new Map<string, Promise<Nsi>>();
/** The code tables (F006, F014 with K_NO/K_SH), loaded once per process. */
export function reviewNsi(config: Pick<Config, 'nsiDir'>): Promise<Nsi> {
  const key = config.nsiDir ?? '';
  if (!nsiCache.has(key)) nsiCache.set(key, loadNsi(config.nsiDir));
  return nsiCache.get(key)!;
}

export interface Prepared {
  /** One per input: its row, or undefined when it has an error. */
  rows: (ConclusionRow | undefined)[];
  errors: { index: number; message: string }[];
}

/** Checks the inputs and computes their rows; the case of each is replaced by the original of its correction chain. */
export async function prepareConclusions(
  sql: SqlPort,
  nsi: Nsi,
  inputs: readonly ConclusionInput[],
  requireNorm: boolean,
): Promise<Prepared> {
  const repo = conclusionsRepo(sql);
  const roots = await repo.roots(inputs.map((i) => i.caseId));
  const cases = await repo.cases([...new Set(roots.values())]);
  const norms = await repo.norms();
  const out: Prepared = { rows: [], errors: [] };
  const seen = new Map<string, number>();
  inputs.forEach((input, index) => {
    const b = buildRow({ ...input, caseId: roots.get(input.caseId) ?? input.caseId }, { nsi, cases, norms, requireNorm });
    if (!b.ok) {
      out.rows.push(undefined);
      out.errors.push({ index, message: b.message });
      return;
    }
    const before = seen.get(b.row.nat_key);
    if (before !== undefined) {
      out.rows.push(undefined);
      out.errors.push({ index, message: `the same conclusion (case, S_TIP, act) as item ${before + 1}` });
      return;
    }
    seen.set(b.row.nat_key, index);
    out.rows.push(b.row);
  });
  return out;
}

export interface SaveResult {
  imported: number;
  updated: number;
  unchanged: number;
  /** The stored id of each row, in order. */
  ids: string[];
}

const CHUNK = 20_000;

/** Writes checked rows: new ones inserted (version 1), changed ones versioned, the same ones counted unchanged. */
export async function saveConclusions(sql: SqlPort, rows: readonly ConclusionRow[], changedBy: string): Promise<SaveResult> {
  const repo = conclusionsRepo(sql);
  const res: SaveResult = { imported: 0, updated: 0, unchanged: 0, ids: [] };
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    const stored = await repo.byKeys(part.map((r) => r.nat_key));
    const fresh: ConclusionRow[] = [];
    const ids: (string | undefined)[] = [];
    const changed: Parameters<typeof repo.update>[0][number][] = [];
    for (const r of part) {
      const s = stored.get(r.nat_key);
      if (!s) {
        fresh.push(r);
        ids.push(undefined);
        continue;
      }
      ids.push(s.id);
      const merged = mergeContent(contentOf(s), contentOf(r));
      if (merged) changed.push({ id: s.id, content: merged, source: r.source, sourceRef: r.source_ref ?? s.source_ref });
      else res.unchanged++;
    }
    const newIds = await repo.insert(fresh, changedBy);
    let k = 0;
    for (const id of ids) res.ids.push(id ?? newIds[k++]);
    await repo.update(changed, changedBy);
    res.imported += fresh.length;
    res.updated += changed.length;
  }
  return res;
}
