import type { SqlPort } from '../../db/sql.port.js';
import type { CaseSummary } from './summary.js';

interface Row {
  person_key: string;
  file_name: string;
  n_zap: string;
  idcase: string;
  lpu: string;
  usl_ok: number | null;
  d1: string;
  d2: string;
  ds1: string | null;
  profil: number | null;
  novor: string | null;
  rslt: number | null;
  sumv: string;
}

/**
 * The history query ($1: person keys). The keys reach the planner through a sub-select, as a value it does not
 * see: given the array itself it estimated each of a batch's ~4 000 keys against the column's statistics (10 ms
 * per batch, a tenth of the database's time in a load) and, with 4 000 keys against a table of 100k cases, chose
 * to scan the whole table (37 ms). Unseen, the list is taken to be short and the index is used: 0.25 ms planning,
 * 12 ms for the same 4 000 keys. It does not depend on the planner statistics of "case" either way.
 */
export const HISTORY_SQL = `SELECT c.person_key, f.file_name, c.n_zap, c.idcase, c.lpu, c.usl_ok, c.date_z_1::text AS d1, c.date_z_2::text AS d2,
            c.ds1, c.profil, c.novor, c.rslt, c.sumv::text AS sumv
       FROM "case" c JOIN register_file f ON f.id = c.register_file_id
      WHERE c.person_key = ANY((SELECT $1::text[])::text[]) AND c.status = 'accepted'`;

/** Stored (accepted) cases of the given persons, as summaries for cross-record MEK. */
export async function loadHistory(sql: SqlPort, personKeys: readonly string[]): Promise<CaseSummary[]> {
  if (!personKeys.length) return [];
  const rows = await sql.query<Row>(HISTORY_SQL, [personKeys]);
  return rows.map((r) => ({
    personKey: r.person_key,
    file: r.file_name,
    n_zap: r.n_zap,
    idcase: r.idcase,
    lpu: r.lpu,
    uslOk: r.usl_ok ?? undefined,
    d1: r.d1,
    d2: r.d2,
    ds1: r.ds1 ?? undefined,
    profil: r.profil ?? undefined,
    novor: r.novor ?? undefined,
    rslt: r.rslt ?? undefined,
    sumvKop: Math.round(Number(r.sumv) * 100),
    stored: true,
  }));
}
