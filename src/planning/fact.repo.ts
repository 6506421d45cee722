import type { SqlPort } from '../db/sql.port.js';
import type { FactCell } from './plan-monitor.js';

export interface FactRow {
  mo: string;
  uslOk: number | null;
  month: number;
  cases: number;
  /** Accepted sum after sanctions (SUMP where set, else SUMV − Σ S_SUM), kopecks. */
  acceptedKop: number;
}

/** Plan-fact "fact": accepted register cases and sums by MO, condition and month of a year. */
export async function loadFacts(sql: SqlPort, year: number): Promise<FactRow[]> {
  const rows = await sql.query<{ mo: string; usl_ok: number | null; month: number; cases: string; kop: string }>(
    `SELECT c.code_mo AS mo, c.usl_ok, c.month, count(*)::text AS cases,
            round(sum(coalesce(c.sump, c.sumv - coalesce((SELECT sum(s.s_sum) FROM sank s WHERE s.case_id = c.id), 0))) * 100)::text AS kop
       FROM "case" c WHERE c.status = 'accepted' AND c.year = $1
      GROUP BY c.code_mo, c.usl_ok, c.month ORDER BY 1, 2, 3`,
    [year],
  );
  return rows.map((r) => ({ mo: r.mo, uslOk: r.usl_ok, month: r.month, cases: Number(r.cases), acceptedKop: Number(r.kop) }));
}

/** Accepted register cases and sums (kopecks, after sanctions) of a year by MO, condition, profile, KSG and month. */
export async function loadFactCells(sql: SqlPort, year: number): Promise<FactCell[]> {
  const rows = await sql.query<{
    mo: string;
    usl_ok: number | null;
    profil: number | null;
    n_ksg: string | null;
    month: number;
    cases: string;
    kop: string;
  }>(
    `SELECT c.code_mo AS mo, c.usl_ok, c.profil, c.n_ksg, c.month, count(*)::text AS cases,
            round(sum(coalesce(c.sump, c.sumv - coalesce((SELECT sum(s.s_sum) FROM sank s WHERE s.case_id = c.id), 0))) * 100)::text AS kop
       FROM "case" c WHERE c.status = 'accepted' AND c.year = $1
      GROUP BY c.code_mo, c.usl_ok, c.profil, c.n_ksg, c.month ORDER BY 1, 2, 3, 4, 5`,
    [year],
  );
  return rows.map((r) => ({
    mo: r.mo,
    uslOk: r.usl_ok,
    profile: r.profil,
    ksg: r.n_ksg,
    month: r.month,
    cases: Number(r.cases),
    acceptedKop: Number(r.kop),
  }));
}
