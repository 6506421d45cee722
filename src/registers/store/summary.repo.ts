import type { SqlPort } from '../../db/sql.port.js';

/** Region-level summary of what the database holds (for the demo and dashboards). */
export function summaryRepo(sql: SqlPort) {
  return {
    async totals() {
      const [r] = await sql.query<{
        files: string;
        cases: string;
        accepted: string;
        superseded: string;
        sum: string | null;
        mos: string;
        persons: string;
        sanks: string;
      }>(
        `SELECT (SELECT count(*) FROM register_file)::text AS files,
                (SELECT count(*) FROM "case")::text AS cases,
                (SELECT count(*) FROM "case" WHERE status = 'accepted')::text AS accepted,
                (SELECT count(*) FROM "case" WHERE status = 'superseded')::text AS superseded,
                (SELECT sum(sumv)::text FROM "case" WHERE status = 'accepted') AS sum,
                (SELECT count(DISTINCT code_mo) FROM "case")::text AS mos,
                (SELECT count(DISTINCT person_key) FROM "case")::text AS persons,
                (SELECT count(*) FROM sank)::text AS sanks`,
      );
      return r;
    },
    async byCondition() {
      return sql.query<{ usl_ok: number | null; cases: string; sum: string }>(
        `SELECT usl_ok, count(*)::text AS cases, sum(sumv)::text AS sum FROM "case" WHERE status = 'accepted' GROUP BY usl_ok ORDER BY usl_ok`,
      );
    },
    async topRules(limit = 10) {
      return sql.query<{
        control: string;
        rule: string;
        n: string;
        example: string;
      }>(
        `SELECT control, rule, count(*)::text AS n, min(message) AS example FROM finding GROUP BY control, rule ORDER BY count(*) DESC, rule LIMIT $1`,
        [limit],
      );
    },
    async sanctionsByType() {
      return sql.query<{
        s_tip: number;
        s_tip_name: string | null;
        n: string;
        sum: string;
      }>(
        `SELECT s_tip, min(s_tip_name) AS s_tip_name, count(*)::text AS n, sum(s_sum)::text AS sum FROM sank GROUP BY s_tip ORDER BY s_tip`,
      );
    },
  };
}
