import pg from 'pg';
import { createHash } from 'node:crypto';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { SqlPort } from './sql.port.js';
import { COPY_BINARY_HEADER, COPY_BINARY_TRAILER } from './copy-binary.js';
import { copyThroughTemp, scopedPort, scopeStatement, type ScopeState } from './scope.js';

type Queryable = pg.Pool | pg.PoolClient;

const ignore = () => undefined;
/**
 * A connection taken from the pool for a transaction or a COPY. While it is held, an error of its connection (the
 * server restarted, the backend terminated) is heard here: the next query on it fails with it, which its caller
 * sees; unheard, the 'error' event would end the process. `release(true)` drops a connection that failed.
 */
async function checkout(pool: pg.Pool): Promise<pg.PoolClient> {
  const c = await pool.connect();
  c.on('error', ignore);
  return c;
}
function checkin(c: pg.PoolClient, destroy?: boolean): void {
  c.removeListener('error', ignore);
  c.release(destroy);
}

/** `named`: a request scope's connection, whose queries with parameters go as named statements (statementName). */
function port(q: Queryable, pool: pg.Pool | null, named = false): SqlPort {
  const self: SqlPort = pool ? scopedPort(unscoped(q, pool, false), (state) => scopeTx(pool, state)) : unscoped(q, pool, named);
  return self;
}

/** Opens (once) the scope's transaction on a connection of its own: BEGIN with the role and settings, one round trip. */
function scopeTx(pool: pg.Pool, state: ScopeState): Promise<SqlPort> {
  if (state.tx) return state.tx;
  const client = (async () => {
    const c = await checkout(pool);
    try {
      await c.query('BEGIN; ' + scopeStatement(state.scope));
    } catch (e) {
      checkin(c, true);
      throw e;
    }
    return c;
  })();
  state.end = async (commit) => {
    const c = await client;
    try {
      await c.query(commit ? 'COMMIT' : 'ROLLBACK');
      checkin(c);
    } catch (e) {
      checkin(c, true);
      throw e;
    }
  };
  state.tx = client.then((c) => copyThroughTemp(port(c, null, true)));
  return state.tx;
}

/** Named statements prepared on a connection, at most this many (a query text past them goes unnamed). */
const MAX_PREPARED = 500;
const prepared = new WeakMap<pg.PoolClient, Set<string>>();
const names = new Map<string, string>();

/**
 * The statement name of a query with parameters run on a request scope's connection:
 * PostgreSQL then plans it once per connection and reuses the plan where it is as good as one made for the values
 * (`plan_cache_mode` auto). Under the row-level policies planning is most of a small query's cost: a case card's
 * statement took 7 ms to plan and 2 ms to run on a 1 M-case month. A plan made for one role is made again for another
 * (PostgreSQL's plan cache checks the role and the policies), so a pooled connection may serve any scope.
 * Only a request's scope: a loader's transaction (ingestion, selection) fills the tables its statements read, so a
 * plan kept from its first files is wrong for its last (linking a file's findings to its cases went from 0.1 to 5 s a
 * file on a 100k-case month once PostgreSQL kept a generic plan).
 */
function statementName(c: pg.PoolClient, text: string): string | undefined {
  let set = prepared.get(c);
  if (!set) prepared.set(c, (set = new Set()));
  let name = names.get(text);
  if (!name) {
    name = 'omsx_' + createHash('sha1').update(text).digest('base64url').slice(0, 22);
    if (names.size >= 10_000) names.clear();
    names.set(text, name);
  }
  if (set.has(name)) return name;
  if (set.size >= MAX_PREPARED) return undefined;
  set.add(name);
  return name;
}

function unscoped(q: Queryable, pool: pg.Pool | null, named: boolean): SqlPort {
  const self: SqlPort = {
    async query<T>(text: string, params?: unknown[]) {
      // a connection of a transaction, a query with parameters (one statement: the extended protocol)
      const name = named && params?.length ? statementName(q as pg.PoolClient, text) : undefined;
      const r = name ? await q.query({ name, text, values: params as unknown[] }) : await q.query(text, params as unknown[]);
      return r.rows as T[];
    },
    async exec(script) {
      await q.query(script);
    },
    async copyIn(table, columns, lines, format = 'text') {
      if (lines.every((l) => l.length === 0)) return;
      const binary = format === 'binary';
      const run = async (c: pg.PoolClient) => {
        const stream = c.query(copyFrom(`COPY ${table} (${columns.join(',')}) FROM STDIN${binary ? ' WITH (FORMAT binary)' : ''}`));
        await pipeline(Readable.from(chunk(binary ? [COPY_BINARY_HEADER, ...lines, COPY_BINARY_TRAILER] : lines)), stream);
      };
      if (pool) {
        const c = await checkout(pool);
        let failed = false;
        try {
          await run(c);
        } catch (e) {
          failed = true;
          throw e;
        } finally {
          checkin(c, failed);
        }
      } else await run(q as pg.PoolClient);
    },
    async transaction(fn) {
      if (!pool) return fn(self); // already inside a transaction: run on the same connection
      const c = await checkout(pool);
      let broken = false;
      try {
        await c.query('BEGIN');
        const result = await fn(port(c, null));
        await c.query('COMMIT');
        return result;
      } catch (e) {
        // a connection that cannot even roll back is dropped, not returned to the pool
        await c.query('ROLLBACK').catch(() => (broken = true));
        throw e;
      } finally {
        checkin(c, broken);
      }
    },
  };
  return self;
}

/** Groups lines into ~1 MB strings so the COPY stream is not fed one tiny chunk per row; bytes go as they are. */
function* chunk(lines: readonly (string | Uint8Array)[]): Generator<string | Uint8Array> {
  let buf: string[] = [];
  let size = 0;
  for (const l of lines) {
    if (typeof l !== 'string') {
      if (buf.length) yield buf.join('');
      buf = [];
      size = 0;
      if (l.length) yield l;
      continue;
    }
    buf.push(l);
    size += l.length;
    if (size > 1 << 20) {
      yield buf.join('');
      buf = [];
      size = 0;
    }
  }
  if (buf.length) yield buf.join('');
}

/** SQL port over a pg pool. */
export function pgSql(pool: pg.Pool): SqlPort {
  return port(pool, pool);
}
