import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { SqlPort } from './sql.port.js';
import { COPY_BINARY_HEADER, COPY_BINARY_TRAILER } from './copy-binary.js';

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
    async copyIn(table, columns, lines, format = 'text') {
      if (lines.every((l) => l.length === 0)) return;
      const binary = format === 'binary';
      const parts = (binary ? [COPY_BINARY_HEADER, ...lines, COPY_BINARY_TRAILER] : lines) as (string | Uint8Array<ArrayBuffer>)[];
      await q.query(`COPY ${table} (${columns.join(',')}) FROM '/dev/blob'${binary ? ' WITH (FORMAT binary)' : ''}`, [], {
        blob: new Blob(parts),
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
