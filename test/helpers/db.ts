import { afterAll } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { dropSchema } from '../../src/db/migrate.js';

/** The PostgreSQL server the integration tests run against (the CI starts it). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Opens the test PostgreSQL database in a fresh schema of its own (migrated), and drops the
 * schema after the test file. Call once per file, at module level with `await`: the drop is registered
 * (afterAll) after the database is open, which inside a hook or a test is too late to run.
 */
export async function openTestDatabase(label = 't'): Promise<Database & { schema: string }> {
  const schema = `${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  const db = await openDatabase({ databaseUrl: TEST_DATABASE_URL, schema });
  afterAll(async () => {
    await dropSchema(db.sql, schema);
    await db.close();
  });
  return Object.assign(db, { schema });
}

/** Runs the CLI in-process against a test schema and captures its output. */
export async function runCliCaptured(argv: string[], env: Record<string, string>) {
  const { runCli } = await import('../../src/cli/main.js');
  const { PassThrough } = await import('node:stream');
  let out = '';
  let err = '';
  const o = new PassThrough().on('data', (d) => (out += d));
  const e = new PassThrough().on('data', (d) => (err += d));
  const code = await runCli(argv, { ...env }, { out: o, err: e });
  return { code, out, err };
}

/** An embedded PGlite database in memory (the CLI's default without DATABASE_URL), migrated; closed after the file. */
export async function openTestPglite(): Promise<Database> {
  const db = await openDatabase({});
  afterAll(() => db.close());
  return db;
}
