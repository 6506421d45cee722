/** The list of register packages a user may see (row-level security decides which), with counts and findings by rule. */
import type { Deps } from '../deps.js';
import type { SqlPort } from '../db/sql.port.js';
import { AppError } from '../errors.js';
import { hidePaths } from '../access/redact.js';
import { packageListRepo, type PackageFilter } from './store/package-list.repo.js';
import {
  baseName,
  fileSummary,
  packageCounts,
  ruleCounts,
  storedFiles,
  type FileSummary,
  type PackageCounts,
  type RuleCount,
} from './package-summary.js';

/** Findings under one rule, with the rule's description. */
export interface RuleLine extends RuleCount {
  name: string;
}

export interface PackageLine {
  id: string;
  source: string;
  status: string;
  progress: number;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  mos: string[];
  periods: string[];
  counts: PackageCounts;
  files: FileSummary[];
  /** The most frequent rules (at most `TOP_RULES`). */
  rules: RuleLine[];
  /** How many different rules the package's findings have. */
  ruleCount: number;
}

export interface PackageListQuery {
  status?: string;
  /** `YYYY-MM`: packages with a register file of this period. */
  period?: string;
  mo?: string;
  page?: number;
  pageSize?: number;
}

export const TOP_RULES = 5;

/** Rule descriptions come from the FLK/MEK catalogues, loaded on first use (the API need not load them to start). */
async function named(rules: RuleCount[]): Promise<RuleLine[]> {
  if (!rules.length) return [];
  const { ruleName } = await import('./rule-names.js');
  return rules.map((r) => ({ ...r, name: ruleName(r.control, r.rule) }));
}

function filterOf(q: PackageListQuery): PackageFilter {
  const f: PackageFilter = { status: q.status || undefined, mo: q.mo || undefined };
  if (q.period) {
    const m = /^(\d{4})-(\d{2})$/.exec(q.period);
    const month = m ? Number(m[2]) : 0;
    if (!m || month < 1 || month > 12) throw new AppError('BAD_INPUT', `period ${q.period}: expected YYYY-MM`);
    f.year = Number(m[1]);
    f.month = month;
  }
  return f;
}

/** A page of packages, newest first. */
export async function listPackages(deps: Deps, q: PackageListQuery) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const repo = packageListRepo(deps.db.sql);
  const filter = filterOf(q);
  const total = await repo.count(filter);
  const rows = await repo.page(filter, pageSize, (page - 1) * pageSize);
  const ids = rows.map((r) => r.id);
  const origins = ids.length ? await repo.origins(ids) : new Map<string, { mos: string[]; periods: string[] }>();
  const stored = ids.length ? await repo.rules(ids) : [];
  const items: PackageLine[] = [];
  for (const r of rows) {
    const files = storedFiles(r.stats);
    const summaries = files.map((f) => hideFilePaths(fileSummary(f)));
    const rules = ruleCounts(
      stored.filter((s) => s.package_id === r.id).map((s) => ({ control: s.control, rule: s.rule, count: s.n })),
      files,
    );
    items.push({
      id: r.id,
      source: baseName(hidePaths(r.source_name)),
      status: r.status,
      progress: r.progress,
      error: r.error && hidePaths(r.error),
      createdAt: new Date(r.created_at).toISOString(),
      finishedAt: r.finished_at && new Date(r.finished_at).toISOString(),
      mos: origins.get(r.id)?.mos ?? [],
      periods: origins.get(r.id)?.periods ?? [],
      counts: packageCounts(summaries),
      files: summaries,
      rules: await named(rules.slice(0, TOP_RULES)),
      ruleCount: rules.length,
    });
  }
  return { total, page, pageSize, items };
}

/** Every rule of one package's findings (stored, and the reasons of files rejected whole), most frequent first. */
export async function packageRules(sql: SqlPort, id: string, stats: Record<string, unknown>): Promise<RuleLine[]> {
  const stored = await packageListRepo(sql).rules([id]);
  return named(
    ruleCounts(
      stored.map((s) => ({ control: s.control, rule: s.rule, count: s.n })),
      storedFiles(stats),
    ),
  );
}

const hideFilePaths = (f: FileSummary): FileSummary => ({ ...f, file: hidePaths(f.file), error: f.error && hidePaths(f.error) });
