/**
 * What a package's stored summary (`package.stats`, written by package.repo `finish`) says, for lists and pages:
 * its files without their rejection reasons, the counts over them, and findings counted by rule. Pure.
 */
import type { Finding } from './contracts.js';

/** One file of a package as `package.stats.files` keeps it. */
export interface StoredFile {
  file: string;
  kind?: string;
  status?: string;
  cases?: number;
  accepted?: number;
  rejected?: number;
  findings?: number;
  error?: string | null;
  fileId?: string | null;
  reasons?: Finding[];
}

/** A file as the list shows it. */
export interface FileSummary {
  file: string;
  kind: string | null;
  status: string | null;
  cases: number;
  accepted: number;
  rejected: number;
  findings: number;
  error: string | null;
}

export interface PackageCounts {
  files: number;
  cases: number;
  accepted: number;
  rejected: number;
  findings: number;
}

/** Findings of a package under one rule. */
export interface RuleCount {
  control: string;
  rule: string;
  count: number;
}

export function storedFiles(stats: Record<string, unknown>): StoredFile[] {
  return Array.isArray(stats.files) ? (stats.files as StoredFile[]) : [];
}

const n = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : 0);

export function fileSummary(f: StoredFile): FileSummary {
  return {
    file: f.file,
    kind: f.kind ?? null,
    status: f.status ?? null,
    cases: n(f.cases),
    accepted: n(f.accepted),
    rejected: n(f.rejected),
    findings: n(f.findings),
    error: typeof f.error === 'string' ? f.error : null,
  };
}

export function packageCounts(files: readonly FileSummary[]): PackageCounts {
  const sum = (k: 'cases' | 'accepted' | 'rejected' | 'findings') => files.reduce((s, f) => s + f[k], 0);
  return { files: files.length, cases: sum('cases'), accepted: sum('accepted'), rejected: sum('rejected'), findings: sum('findings') };
}

/**
 * Findings by rule, most frequent first (then by rule id): the stored findings and the reasons of files rejected
 * whole (of which nothing else was stored). A reason without a rule id counts under ''.
 */
export function ruleCounts(stored: readonly RuleCount[], files: readonly StoredFile[]): RuleCount[] {
  const by = new Map<string, RuleCount>();
  const add = (control: string, rule: string, count: number) => {
    const key = `${control}\u0000${rule}`;
    const r = by.get(key);
    if (r) r.count += count;
    else by.set(key, { control, rule, count });
  };
  for (const r of stored) add(r.control, r.rule, r.count);
  for (const f of files) if (f.status === 'rejected') for (const r of f.reasons ?? []) add(r.control, r.rule, 1);
  return [...by.values()].sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule) || a.control.localeCompare(b.control));
}

/** The last segment of a path (the CLI stores a package under the path it was given, relative or not). */
export function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}
