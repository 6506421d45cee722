import type { SqlPort } from '../db/sql.port.js';
import { copyLine } from '../db/sql.port.js';
import { AppError } from '../errors.js';
import { cellKey, totals, type CellChange, type PlanCell } from './versions.js';

export interface PlanVersionRow {
  id: string;
  year: number;
  parentId: string | null;
  author: string;
  reason: string;
  changes: CellChange[];
  totalVolume: number;
  totalKop: number;
  createdAt: string;
  lines: PlanCell[];
}

/** A plan version in the list of versions. */
export interface PlanVersionSummary {
  id: string;
  year: number;
  parentId: string | null;
  /** The first version of its chain (the plan as first stored). */
  rootId: string;
  author: string;
  reason: string;
  totalVolume: number;
  totalKop: number;
  createdAt: string;
  /** Number of plan lines. */
  lines: number;
  /** Corrections applied since the first version of the chain. */
  corrections: number;
  /** Versions made from this one (0: the newest of its branch). */
  children: number;
}

/** One version in a chain of corrections. */
export type PlanHistoryEntry = Omit<PlanVersionRow, 'year' | 'lines'>;

/** A plan version without its lines, as `get` and `history` read it. */
type PlanVersionHead = Omit<PlanVersionRow, 'lines'>;

/**
 * The one query that reads plan versions (`v`) without their lines: `from` follows `FROM plan_version v` (a join,
 * a WHERE, an ORDER BY); `with` (a WITH clause) goes before the SELECT.
 */
async function readVersions(sql: SqlPort, from: string, params: unknown[], opts: { with?: string } = {}): Promise<PlanVersionHead[]> {
  const rows = await sql.query<{
    id: string;
    year: number;
    parent_id: string | null;
    author: string;
    reason: string;
    changes: CellChange[];
    total_volume: string;
    total_kop: string;
    created_at: Date;
  }>(
    `${opts.with ?? ''}
     SELECT v.id::text, v.year, v.parent_id::text, v.author, v.reason, v.changes, v.total_volume::text, v.total_kop::text, v.created_at
       FROM plan_version v ${from}`,
    params,
  );
  return rows.map((r) => ({
    id: r.id,
    year: r.year,
    parentId: r.parent_id,
    author: r.author,
    reason: r.reason,
    changes: r.changes,
    totalVolume: Number(r.total_volume),
    totalKop: Number(r.total_kop),
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

/** Plan versions and their lines; every write is one transaction. */
export function plansRepo(sql: SqlPort) {
  return {
    async create(v: {
      year: number;
      parentId?: string;
      author: string;
      reason: string;
      changes?: CellChange[];
      lines: PlanCell[];
    }): Promise<string> {
      const t = totals(v.lines);
      return sql.transaction(async (tx) => {
        const [r] = await tx.query<{ id: string }>(
          'INSERT INTO plan_version (year, parent_id, author, reason, changes, total_volume, total_kop) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id::text',
          [v.year, v.parentId ?? null, v.author, v.reason, JSON.stringify(v.changes ?? []), t.volume, t.amountKop],
        );
        await tx.copyIn(
          'plan_line',
          ['version_id', 'mo', 'usl_ok', 'profile', 'ksg', 'volume', 'amount_kop'],
          v.lines.map((l) => copyLine([r.id, l.mo, l.uslOk, l.profile ?? 0, l.ksg ?? '', l.volume, l.amountKop])),
        );
        return r.id;
      });
    },
    async get(id: string): Promise<PlanVersionRow> {
      const [v] = await readVersions(sql, 'WHERE v.id = $1', [id]);
      if (!v) throw new AppError('NOT_FOUND', `plan version ${id} not found`);
      const lines = await sql.query<{ mo: string; usl_ok: number; profile: number; ksg: string; volume: number; amount_kop: string }>(
        'SELECT mo, usl_ok, profile, ksg, volume, amount_kop::text FROM plan_line WHERE version_id = $1 ORDER BY mo, usl_ok, profile, ksg',
        [id],
      );
      return {
        ...v,
        lines: lines.map((l) => ({
          ...cellKey({ mo: l.mo, uslOk: l.usl_ok, profile: l.profile, ksg: l.ksg, volume: 0, amountKop: 0 }),
          volume: l.volume,
          amountKop: Number(l.amount_kop),
        })),
      };
    },
    /** Every plan version (newest first; of one year when given), with its number of lines and its place in its chain. */
    async list(year?: number): Promise<PlanVersionSummary[]> {
      const rows = await sql.query<{
        id: string;
        year: number;
        parent_id: string | null;
        root_id: string;
        author: string;
        reason: string;
        total_volume: string;
        total_kop: string;
        created_at: Date;
        corrections: number;
        lines: number;
        children: number;
      }>(
        `WITH RECURSIVE chain AS (
           SELECT id, id AS root_id, 0 AS depth FROM plan_version WHERE parent_id IS NULL
           UNION ALL SELECT v.id, c.root_id, c.depth + 1 FROM plan_version v JOIN chain c ON v.parent_id = c.id)
         SELECT v.id::text, v.year, v.parent_id::text, c.root_id::text, v.author, v.reason, v.total_volume::text,
                v.total_kop::text, v.created_at, c.depth AS corrections,
                (SELECT count(*) FROM plan_line l WHERE l.version_id = v.id)::int AS lines,
                (SELECT count(*) FROM plan_version k WHERE k.parent_id = v.id)::int AS children
           FROM plan_version v JOIN chain c ON c.id = v.id
          WHERE $1::int IS NULL OR v.year = $1 ORDER BY v.id DESC`,
        [year ?? null],
      );
      return rows.map((r) => ({
        id: r.id,
        year: r.year,
        parentId: r.parent_id,
        rootId: r.root_id,
        author: r.author,
        reason: r.reason,
        totalVolume: Number(r.total_volume),
        totalKop: Number(r.total_kop),
        createdAt: new Date(r.created_at).toISOString(),
        lines: r.lines,
        corrections: r.corrections,
        children: r.children,
      }));
    },
    /** A version's chain from the first version to it: who made each, when, why, and what changed (before → after). */
    async history(id: string): Promise<PlanHistoryEntry[]> {
      await this.get(id); // 404 for an unknown version
      const rows = await readVersions(sql, 'JOIN up ON up.id = v.id ORDER BY v.id', [id], {
        with: `WITH RECURSIVE up AS (
           SELECT id, parent_id FROM plan_version WHERE id = $1
           UNION ALL SELECT p.id, p.parent_id FROM plan_version p JOIN up ON p.id = up.parent_id)`,
      });
      return rows.map(({ year: _year, ...entry }) => entry);
    },
    /** Patients of an MO by insurer in a year (the weights for splitting its volume among insurers). */
    async patientsBySmo(mo: string, year: number): Promise<Array<[string, number]>> {
      const r = await sql.query<{ smo: string; n: string }>(
        // through the MO's register files (indexed by MO and period; "case" is reached by register_file_id)
        `SELECT coalesce(c.smo, '') AS smo, count(DISTINCT c.person_key)::text AS n
           FROM register_file f JOIN "case" c ON c.register_file_id = f.id
          WHERE f.code_mo = $1 AND f.year = $2 AND c.code_mo = $1 AND c.year = $2 AND c.status = 'accepted' GROUP BY 1 ORDER BY 1`,
        [mo, year],
      );
      return r.map((x) => [x.smo, Number(x.n)]);
    },
  };
}
