import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { SqlPort } from './sql.port.js';

type Q = PGlite | Transaction;

function port(q: Q, root: PGlite | null): SqlPort {
  const self: SqlPort = {
    async query<T>(text: string, params?: unknown[]) {
      const r = await q.query<T>(text, params as unknown[]);
      return r.rows;
    },
    async exec(script) {
      await q.exec(script);
    },
    async copyIn(table, columns, lines) {
      if (lines.every((l) => l.length === 0)) return;
      await q.query(`COPY ${table} (${columns.join(',')}) FROM '/dev/blob'`, [], {
        blob: new Blob(lines as (string | Uint8Array<ArrayBuffer>)[]),
      });
    },
    async transaction(fn) {
      if (!root) return fn(self);
      return root.transaction((tx) => fn(port(tx, null)));
    },
  };
  return self;
}

/** SQL port over an embedded PGlite database. */
export function pgliteSql(db: PGlite): SqlPort {
  return port(db, db);
}
