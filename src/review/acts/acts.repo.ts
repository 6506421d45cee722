/** The SQL of the acts: the stored conclusions of an MO, period and control with what the act shows of their cases. */
import type { SqlPort } from '../../db/sql.port.js';
import type { ActSource } from './act.js';

/**
 * A stored conclusion row as the act reads it: the act's source, with the person key still raw (the service
 * pseudonymises it) and the amounts as the driver returns bigints, text.
 */
export type ActRow = Omit<ActSource, 'patient' | 'sum_kop' | 'amount_kop' | 'fine_kop'> & {
  person_key: string;
  sum_kop: string;
  amount_kop: string;
  fine_kop: string;
};

/** An MO, insurer and control that has conclusions in a period: one act each. */
export interface ActKey {
  mo: string;
  smo: string | null;
  control: 'MEE' | 'EKMP';
  cases: number;
}

export function actsRepo(sql: SqlPort) {
  return {
    /** The conclusions of (period, MO, control[, insurer]) in the order of the act: account, N_ZAP, IDCASE. */
    rows(q: { year: number; month: number; mo: string; control: string; smo?: string }): Promise<ActRow[]> {
      return sql.query<ActRow>(
        `SELECT k.id::text AS conclusion_id, k.case_id::text, k.smo, f.file_name AS file, f.nschet, to_char(f.dschet, 'YYYY-MM-DD') AS dschet,
                c.n_zap, c.idcase, c.person_key, to_char(c.date_z_1, 'YYYY-MM-DD') AS date_1, to_char(c.date_z_2, 'YYYY-MM-DD') AS date_2,
                c.usl_ok, (c.sumv * 100)::bigint::text AS sum_kop, k.s_tip, k.defect, k.f014, k.amount_kop::text, k.fine_kop::text,
                k.fine_pending, k.experts, k.num_act, to_char(k.date_act, 'YYYY-MM-DD') AS date_act, k.comment
           FROM conclusion k JOIN "case" c ON c.id = k.case_id JOIN register_file f ON f.id = c.register_file_id
          WHERE k.year = $1 AND k.month = $2 AND k.code_mo = $3 AND k.control = $4 AND ($5::text IS NULL OR k.smo = $5)
          ORDER BY f.file_name, length(c.n_zap), c.n_zap, c.idcase, k.s_tip, k.id`,
        [q.year, q.month, q.mo, q.control, q.smo ?? null],
      );
    },
    /** Every (MO, insurer, control) with conclusions in the period, with how many. */
    keys(q: { year: number; month: number; smo?: string }): Promise<ActKey[]> {
      return sql.query<ActKey>(
        `SELECT code_mo AS mo, smo, control, count(*)::int AS cases FROM conclusion
          WHERE year = $1 AND month = $2 AND ($3::text IS NULL OR smo = $3)
          GROUP BY code_mo, smo, control ORDER BY code_mo, smo NULLS FIRST, control DESC`,
        [q.year, q.month, q.smo ?? null],
      );
    },
    /** The latest period (YYYY-MM) with conclusions the caller may read (of one insurer with `smo`), or null. */
    async latestPeriod(smo?: string): Promise<string | null> {
      const [r] = await sql.query<{ period: string }>(
        `SELECT lpad(year::text, 4, '0') || '-' || lpad(month::text, 2, '0') AS period FROM conclusion
          WHERE $1::text IS NULL OR smo = $1 ORDER BY year DESC, month DESC LIMIT 1`,
        [smo ?? null],
      );
      return r?.period ?? null;
    },
  };
}
