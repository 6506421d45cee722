import type { SqlPort } from '../../db/sql.port.js';

/** What the package list is filtered by; every field optional. */
export interface PackageFilter {
  status?: string;
  year?: number;
  month?: number;
  mo?: string;
}

/** One `package` row as the list shows it. */
export interface PackageRow {
  id: string;
  source_name: string;
  status: string;
  error: string | null;
  progress: number;
  stats: Record<string, unknown>;
  created_at: Date;
  finished_at: Date | null;
}

/** Findings of one package under one rule. */
export interface RuleCountRow {
  package_id: string;
  control: string;
  rule: string;
  n: number;
}

// $1 status, $2 year, $3 month, $4 MO; the caller's row-level scope decides which packages exist at all
const WHERE = `($1::text IS NULL OR p.status = $1)
  AND ($2::int IS NULL OR EXISTS (SELECT 1 FROM register_file f WHERE f.package_id = p.id AND f.year = $2 AND f.month = $3))
  AND ($4::text IS NULL
       OR EXISTS (SELECT 1 FROM package_owner o WHERE o.package_id = p.id AND o.code_mo = $4)
       OR EXISTS (SELECT 1 FROM register_file f WHERE f.package_id = p.id AND f.code_mo = $4))`;

/** Set-based reads of the package list: a page of packages, their MOs and periods, their findings by rule. */
export function packageListRepo(sql: SqlPort) {
  const params = (f: PackageFilter) => [f.status ?? null, f.year ?? null, f.month ?? null, f.mo ?? null];
  return {
    async count(f: PackageFilter): Promise<number> {
      const r = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM package p WHERE ${WHERE}`, params(f));
      return r[0].n;
    },
    /** Newest first. */
    page(f: PackageFilter, limit: number, offset: number): Promise<PackageRow[]> {
      return sql.query<PackageRow>(
        `SELECT p.id::text, p.source_name, p.status, p.error, p.progress, p.stats, p.created_at, p.finished_at
           FROM package p WHERE ${WHERE} ORDER BY p.created_at DESC, p.id DESC LIMIT $5 OFFSET $6`,
        [...params(f), limit, offset],
      );
    },
    /** The MOs (owner or files) and periods (`YYYY-MM`) of packages. */
    async origins(ids: readonly string[]): Promise<Map<string, { mos: string[]; periods: string[] }>> {
      const rows = await sql.query<{ id: string; mos: (string | null)[]; periods: (string | null)[] }>(
        `SELECT p.id::text,
                array(SELECT DISTINCT m FROM (SELECT o.code_mo AS m FROM package_owner o WHERE o.package_id = p.id
                                              UNION SELECT f.code_mo FROM register_file f WHERE f.package_id = p.id) x
                       WHERE m IS NOT NULL ORDER BY m) AS mos,
                array(SELECT DISTINCT to_char(make_date(f.year, f.month, 1), 'YYYY-MM') FROM register_file f
                       WHERE f.package_id = p.id AND f.year IS NOT NULL AND f.month IS NOT NULL ORDER BY 1) AS periods
           FROM package p WHERE p.id = ANY($1::bigint[])`,
        [ids],
      );
      return new Map(
        rows.map((r) => [r.id, { mos: r.mos.filter((m): m is string => !!m), periods: r.periods.filter((m): m is string => !!m) }]),
      );
    },
    /** Stored findings of packages counted by control and rule. */
    rules(ids: readonly string[]): Promise<RuleCountRow[]> {
      return sql.query<RuleCountRow>(
        `SELECT package_id::text, control, rule, count(*)::int AS n FROM finding
          WHERE package_id = ANY($1::bigint[]) GROUP BY package_id, control, rule`,
        [ids],
      );
    },
  };
}
