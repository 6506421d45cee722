import type { SqlPort } from '../db/sql.port.js';
import { copyLine } from '../db/sql.port.js';
import { AppError } from '../errors.js';
import { totals, type CellChange, type PlanCell } from './versions.js';

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
          ['version_id', 'mo', 'usl_ok', 'volume', 'amount_kop'],
          v.lines.map((l) => copyLine([r.id, l.mo, l.uslOk, l.volume, l.amountKop])),
        );
        return r.id;
      });
    },
    async get(id: string): Promise<PlanVersionRow> {
      const [v] = await sql.query<{
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
        'SELECT id::text, year, parent_id::text, author, reason, changes, total_volume::text, total_kop::text, created_at FROM plan_version WHERE id = $1',
        [id],
      );
      if (!v) throw new AppError('NOT_FOUND', `plan version ${id} not found`);
      const lines = await sql.query<{ mo: string; usl_ok: number; volume: number; amount_kop: string }>(
        'SELECT mo, usl_ok, volume, amount_kop::text FROM plan_line WHERE version_id = $1 ORDER BY mo, usl_ok',
        [id],
      );
      return {
        id: v.id,
        year: v.year,
        parentId: v.parent_id,
        author: v.author,
        reason: v.reason,
        changes: v.changes,
        totalVolume: Number(v.total_volume),
        totalKop: Number(v.total_kop),
        createdAt: new Date(v.created_at).toISOString(),
        lines: lines.map((l) => ({ mo: l.mo, uslOk: l.usl_ok, volume: l.volume, amountKop: Number(l.amount_kop) })),
      };
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
