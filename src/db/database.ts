import pg from 'pg';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client.js';
import type { SqlPort } from './sql.port.js';
import { pgSql } from './pg.sql.js';
import { pgliteSql } from './pglite.sql.js';
import { migrate } from './migrate.js';
import { pgliteTemplatePath } from '../../scripts/pglite-template.mjs';

export type { PrismaClient };

// NUMERIC comes back as string and BIGINT as string from pg by default: keep exact values, convert where used.
// DATE (1082) as the plain 'YYYY-MM-DD' string, never shifted by the local time zone.
pg.types.setTypeParser(1082, (v) => v);

/** An open database: the typed Prisma client, the raw SQL port, and what it runs on. */
export interface Database {
  kind: 'postgres' | 'pglite';
  prisma: PrismaClient;
  sql: SqlPort;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL connection string; when absent an embedded PGlite database is used. */
  databaseUrl?: string;
  /** Schema on the server (created when missing); PGlite always uses `public`. */
  schema?: string;
  /** PGlite data directory; `memory://` (default when no home given) keeps it in memory. */
  home?: string;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
  poolSize?: number;
}

/** Opens PostgreSQL (with `databaseUrl`) or the embedded PGlite database, and migrates it. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  const db = opts.databaseUrl ? await openPostgres(opts.databaseUrl, opts) : await openPglite(opts.home);
  if (opts.migrate !== false) await migrate(db.sql);
  return db;
}

async function openPostgres(url: string, opts: OpenOptions): Promise<Database> {
  const schema = opts.schema ?? 'public';
  if (schema !== 'public') {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    } finally {
      await admin.end();
    }
  }
  const poolConfig: pg.PoolConfig = {
    connectionString: url,
    max: opts.poolSize ?? 8,
    options: `-c search_path="${schema}"`,
    // a request waits at most this long for a connection, then answers 503 (src/db/unavailable.ts), never hangs
    connectionTimeoutMillis: 10_000,
  };
  const pool = new pg.Pool(poolConfig);
  // an idle connection cut by the server (a restart, a terminated backend) leaves the pool by itself and the next
  // query opens a new one; unheard, its 'error' event would end the process
  pool.on('error', () => undefined);
  const prisma = new PrismaClient({
    adapter: new PrismaPg(poolConfig, { schema }),
  });
  return {
    kind: 'postgres',
    prisma,
    sql: pgSql(pool),
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/** The embedded database's shared buffers (see openPglite). */
export const PGLITE_SHARED_BUFFERS = '16MB';

async function openPglite(home?: string): Promise<Database> {
  let dataDir = 'memory://';
  if (home && home !== 'memory://') {
    dataDir = join(home, 'pgdata');
    await mkdir(dataDir, { recursive: true });
  }
  // loaded only for the embedded database (~50 MB that a PostgreSQL run does not need)
  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([import('@electric-sql/pglite'), import('pglite-prisma-adapter')]);
  // a new database from the template (no initdb: it ran a second PostgreSQL instance, ~880 MB at the first start)
  const template = dataDir === 'memory://' || !existsSync(join(dataDir, 'PG_VERSION')) ? pgliteTemplatePath() : undefined;
  const loadDataDir = template && existsSync(template) ? new Blob([await readFile(template)]) : undefined;
  const lite = await PGlite.create(dataDir, {
    loadDataDir,
    // PostgreSQL's shared buffers live in the WebAssembly memory, which never shrinks: the default 128 MB made it grow
    // to 189 MB on open; 16 MB keeps it at its 128 MB minimum (an embedded database holds a region's sample, not a year)
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`],
  });
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(lite) });
  return {
    kind: 'pglite',
    prisma,
    sql: pgliteSql(lite),
    async close() {
      await prisma.$disconnect();
      await lite.close();
    },
  };
}
