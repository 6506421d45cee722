import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { SqlPort } from './sql.port.js';

/** Where the versioned SQL migrations live (one folder per migration, applied in name order). */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));

/** The advisory lock (per database, so across schemas) that migrations and schema drops take. */
const MIGRATION_LOCK = 74210531;

/**
 * Drops a schema and everything in it, under the migrations' lock: its policies name the shared roles (omsx_api …),
 * and dropping them while another schema's migration creates policies for the same roles can deadlock (seen in the
 * test suite, where each file migrates a schema of its own and drops it at the end).
 */
export async function dropSchema(sql: SqlPort, schema: string): Promise<void> {
  await sql.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await tx.exec(`DROP SCHEMA IF EXISTS "${schema.replace(/"/g, '""')}" CASCADE`);
  });
}

/**
 * Applies the versioned SQL migrations that are not yet recorded in `omsx_migration`, each in its
 * own transaction, under an advisory lock so that concurrent processes (API, workers, CLI) do not
 * race. Works the same on a PostgreSQL server and on PGlite; needs nothing from outside the repo.
 * Returns the names applied now.
 */
export async function migrate(sql: SqlPort, dir = MIGRATIONS_DIR): Promise<string[]> {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  return sql.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await tx.exec('CREATE TABLE IF NOT EXISTS omsx_migration (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
    const done = new Set((await tx.query<{ name: string }>('SELECT name FROM omsx_migration')).map((r) => r.name));
    const applied: string[] = [];
    for (const name of names) {
      if (done.has(name)) continue;
      const script = await readFile(join(dir, name, 'migration.sql'), 'utf8');
      await tx.exec(script);
      await tx.query('INSERT INTO omsx_migration (name) VALUES ($1)', [name]);
      applied.push(name);
    }
    return applied;
  });
}
