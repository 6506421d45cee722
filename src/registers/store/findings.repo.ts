import type { SqlPort } from '../../db/sql.port.js';
import type { Finding } from '../contracts.js';

interface Row {
  file_name: string;
  control: 'FLK' | 'MEK';
  rule: string;
  severity: 'error' | 'warning';
  element: string | null;
  bas_el: string | null;
  n_zap: string | null;
  id_pac: string | null;
  idcase: string | null;
  sl_id: string | null;
  idserv: string | null;
  message: string;
}

const COLUMNS = 'file_name, control, rule, severity, element, bas_el, n_zap, id_pac, idcase, sl_id, idserv, message';

const toFinding = (r: Row): Finding => ({
  control: r.control,
  rule: r.rule,
  severity: r.severity,
  element: r.element ?? undefined,
  basEl: r.bas_el ?? undefined,
  n_zap: r.n_zap ?? undefined,
  id_pac: r.id_pac ?? undefined,
  idcase: r.idcase ?? undefined,
  sl_id: r.sl_id ?? undefined,
  idserv: r.idserv ?? undefined,
  message: r.message,
});

/** Reads stored FLK/MEK findings back in protocol order. */
export function findingsRepo(sql: SqlPort) {
  return {
    /** The findings of a package's files, by file name. */
    async forPackage(packageId: string): Promise<Map<string, Finding[]>> {
      const out = new Map<string, Finding[]>();
      for (const r of await sql.query<Row>(`SELECT ${COLUMNS} FROM finding WHERE package_id = $1 ORDER BY id`, [packageId])) {
        const list = out.get(r.file_name) ?? [];
        list.push(toFinding(r));
        out.set(r.file_name, list);
      }
      return out;
    },
    /** The findings of one stored register file (whichever package brought it). */
    async forFile(fileId: string): Promise<Finding[]> {
      return (await sql.query<Row>(`SELECT ${COLUMNS} FROM finding WHERE register_file_id = $1 ORDER BY id`, [fileId])).map(toFinding);
    },
  };
}
