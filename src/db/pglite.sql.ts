import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { SqlPort } from './sql.port.js';
import { COPY_BINARY_HEADER, COPY_BINARY_TRAILER } from './copy-binary.js';
import { copyThroughTemp, scopedPort, scopeStatement, type ScopeState } from './scope.js';

type Q = PGlite | Transaction;

function port(q: Q, root: PGlite | null): SqlPort {
  return root ? scopedPort(unscoped(q, root), (state) => scopeTx(root, state)) : unscoped(q, root);
}

/**
 * Opens (once) the scope's transaction: PGlite has one connection, so the transaction holds it until the scope
 * ends, and other work waits for it (as it waits for any transaction on the embedded database).
 */
function scopeTx(root: PGlite, state: ScopeState): Promise<SqlPort> {
  if (state.tx) return state.tx;
  let decide!: (commit: boolean) => void;
  const decided = new Promise<boolean>((r) => (decide = r));
  let opened!: (p: SqlPort) => void;
  const tx = new Promise<SqlPort>((r) => (opened = r));
  const done = root.transaction(async (t) => {
    await t.query(scopeStatement(state.scope));
    opened(copyThroughTemp(port(t, null), state.scope.role));
    if (!(await decided)) await t.rollback();
  });
  state.end = async (commit) => {
    decide(commit);
    await done;
  };
  state.tx = Promise.race([tx, done.then(() => Promise.reject(new Error('scope transaction ended')))]);
  return state.tx;
}

function unscoped(q: Q, root: PGlite | null): SqlPort {
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
