import { AsyncLocalStorage } from 'node:async_hooks';
import type { SqlPort } from './sql.port.js';

/**
 * A request's database scope: the role its queries run as and the settings the row-level security policies read
 * (migration 0500_access). Every query of `SqlPort` made while a scope is active — by any route, service or
 * repository, whether it knows of the scope or not — runs in the scope's one transaction, after
 * `SET LOCAL ROLE <role>` and `set_config(name, value, true)` for each setting. So a query that forgets a filter
 * still sees only the rows the policies allow.
 */
export interface DbScope {
  /** A role without BYPASSRLS that owns no table (`omsx_api`). */
  role: string;
  /** `omsx.*` settings: `omsx.scope` (`all|smo|mo|none`), `omsx.smo`, `omsx.mo`, `omsx.pd`. */
  settings: Record<string, string>;
}

/** The transaction of an active scope, opened at its first query (a request that reads nothing holds no connection). */
export interface ScopeState {
  scope: DbScope;
  /** The transaction's port, once opened. */
  tx: Promise<SqlPort> | null;
  /** Ends the open transaction (commit or rollback) and releases its connection. */
  end: ((commit: boolean) => Promise<void>) | null;
}

const store = new AsyncLocalStorage<ScopeState | null>();

/** The active scope of this async context, if any (used by the SQL ports). */
export function activeScope(): ScopeState | null {
  return store.getStore() ?? null;
}

/** Runs `fn` in `scope`: its queries share one transaction, committed when `fn` resolves, rolled back when it throws. */
export async function runInScope<T>(scope: DbScope, fn: () => Promise<T>): Promise<T> {
  const state: ScopeState = { scope, tx: null, end: null };
  let result: T;
  try {
    result = await store.run(state, fn);
  } catch (e) {
    await endScope(state, false).catch(() => undefined);
    throw e;
  }
  await endScope(state, true);
  return result;
}

/** Ends the scope's transaction now (commit or rollback); a later query in the scope opens a new one. */
export async function endScope(state: ScopeState | null, commit: boolean): Promise<void> {
  if (!state?.end) return;
  const end = state.end;
  state.end = null;
  state.tx = null;
  await end(commit);
}

/** Commits the active scope's work now: before queuing a job that must see it, say. */
export function commitScope(): Promise<void> {
  return endScope(activeScope(), true);
}

/**
 * Runs `fn` as the system, outside any request scope (the connection's own role, no row-level security): for the
 * authentication service reading credentials, and nothing a user's request could steer.
 */
export function asSystem<T>(fn: () => Promise<T>): Promise<T> {
  return store.run(null, fn);
}

const quote = (v: string) => {
  if (v.includes('\0')) throw new Error('a scope setting cannot hold a NUL character');
  return "'" + v.replace(/'/g, "''") + "'";
};

/**
 * The one statement that starts a scope's transaction after BEGIN: the role and the settings, each local to the
 * transaction (`set_config(…, true)` is `SET LOCAL`), as literals so that BEGIN and this go in one round trip.
 */
export function scopeStatement(scope: DbScope): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(scope.role)) throw new Error(`invalid role name ${scope.role}`);
  // jit off: a request's queries are short, but the row-level policies' subplans inflate their estimated cost past
  // jit_above_cost, and compiling them took 60 ms of a 10 ms worklist page on a 1 M-case month (p50 3.3 s under load)
  const settings = [['role', scope.role], ['jit', 'off'], ...Object.entries(scope.settings)];
  for (const [k] of settings) if (!/^[a-z_][a-z0-9_.]*$/.test(k)) throw new Error(`invalid setting name ${k}`);
  return 'SELECT ' + settings.map(([k, v]) => `set_config(${quote(k)}, ${quote(v)}, true)`).join(', ');
}

/**
 * Runs `fn` outside any request scope: work a request starts but that is not the request's (a job run in the
 * service's own process) runs as the system, not in the request's transaction and role.
 */
export function outsideScope<T>(fn: () => T): T {
  return store.run(null, fn);
}

let copySeq = 0;

/**
 * A scope's port whose COPY works under row-level security: PostgreSQL refuses COPY FROM into a table with policies
 * for a role they apply to, so the rows go into a temporary twin of the columns (same types), then INSERT … SELECT,
 * which the policies check row by row as any INSERT. `role` (PGlite): COPY from PGlite's blob is a server file, which
 * the scope's role may not read, so that one COPY into the temporary table runs as the session's own user.
 */
export function copyThroughTemp(p: SqlPort, role?: string): SqlPort {
  const self: SqlPort = {
    ...p,
    async copyIn(table, columns, lines, format) {
      if (lines.every((l) => l.length === 0)) return;
      const cols = columns.join(',');
      const temp = `omsx_copy_${process.pid}_${++copySeq}`;
      await p.query(`CREATE TEMP TABLE ${temp} ON COMMIT DROP AS SELECT ${cols} FROM ${table} LIMIT 0`);
      if (role) await p.query('RESET ROLE');
      try {
        await p.copyIn(temp, columns, lines, format);
      } finally {
        if (role) await p.query(`SET LOCAL ROLE ${role}`);
      }
      await p.query(`INSERT INTO ${table} (${cols}) SELECT ${cols} FROM ${temp}`);
      await p.query(`DROP TABLE ${temp}`);
    },
    transaction: (fn) => fn(self), // already inside the scope's transaction
  };
  return self;
}

/**
 * SQL that would leave the scope's role or its settings for the session: `RESET ROLE` / `RESET ALL` / `SET ROLE` /
 * `SET SESSION AUTHORIZATION` at a statement's start, `set_config('role', …)` anywhere, and `DISCARD`, `COMMIT`,
 * `ROLLBACK`, `ABORT` (which end the scope's transaction and with it `SET LOCAL`). Only server code writes SQL and every value a request brings goes as
 * a bind parameter (`$1`, the extended protocol: one statement, never text), so none of this should ever reach a
 * scope; refusing it means that a value concatenated into a query's text by mistake cannot take the request out of
 * `omsx_api` (to the connection's own user, who bypasses row-level security).
 */
const LEAVES_ROLE =
  /(?:^|;)\s*(?:(?:SET|RESET)\s+(?:(?:SESSION|LOCAL)\s+)?(?:ROLE|SESSION\s+AUTHORIZATION|ALL)\b|(?:DISCARD|COMMIT|ROLLBACK|ABORT)\b)|\bset_config\s*\(\s*'(?:role|session_authorization)'/i;

/** Refuses a scope's query that would leave its role (LEAVES_ROLE). */
export function checkScopedSql(text: string): void {
  if (LEAVES_ROLE.test(text)) throw new Error('a query in a request scope may not change its role or end its transaction');
}

/**
 * A database's port that sends a query made inside a request scope to the scope's transaction (opened by `open` at
 * the scope's first query), and any other query to `plain`. Both database adapters (pg, PGlite) use it.
 */
export function scopedPort(plain: SqlPort, open: (state: ScopeState) => Promise<SqlPort>): SqlPort {
  const target = (text: string) => {
    const state = activeScope();
    if (!state) return plain;
    checkScopedSql(text);
    return open(state);
  };
  return {
    query: async (text, params) => (await target(text)).query(text, params),
    exec: async (script) => (await target(script)).exec(script),
    copyIn: async (table, columns, lines, format) => (await target(`${table} ${columns.join(',')}`)).copyIn(table, columns, lines, format),
    transaction: async (fn) => {
      const state = activeScope();
      return state ? fn(await open(state)) : plain.transaction(fn);
    },
  };
}
