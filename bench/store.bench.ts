/**
 * The database's share of a load, apart from Node: ingests a synthetic region once (omsx ingest), copies the
 * stored case, sub_case and person rows out as COPY text, then loads them again into empty tables of the same
 * schema (migrated like the app's) round after round, and prints the best time per table. Node only sends bytes
 * here, so the numbers follow the table definitions (types, indexes, keys) and the server, not the parser; the
 * machine's drift still shows, so compare variants in alternating runs.
 *   npx tsx bench/store.bench.ts [cases=100000] [rounds=5]
 * (DATABASE_URL, default the local test database; everything happens in throwaway schemas.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { omsx, synthRegion } from './omsx.js';

const url = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const cases = Number(process.argv[2]) || 100_000;
const rounds = Number(process.argv[3]) || 5;
const TABLES = ['"case"', 'sub_case', 'person'] as const;

const dir = mkdtempSync(join(tmpdir(), 'omsx-store-'));
const schema = `bench_store_${process.pid}`;

const c = new pg.Client({ connectionString: url });
await c.connect();
try {
  synthRegion(dir, cases);
  omsx(['ingest', join(dir, 'registers'), '--json'], { DATABASE_URL: url, OMSX_DB_SCHEMA: schema });
  await c.query(`SET search_path = "${schema}"`);
  // the rows as COPY text, in the columns' order
  const data = new Map<string, Buffer>();
  for (const t of TABLES) {
    const parts: Buffer[] = [];
    const out = new PassThrough().on('data', (b: Buffer) => parts.push(b));
    await pipeline(c.query(copyTo(`COPY ${t} TO STDOUT`)), out);
    data.set(t, Buffer.concat(parts));
  }
  const rows = new Map<string, number>();
  for (const t of TABLES) rows.set(t, Number((await c.query(`SELECT count(*)::text AS n FROM ${t}`)).rows[0].n));
  const best = new Map<string, number>();
  for (let r = 0; r < rounds; r++) {
    await c.query(`TRUNCATE ${TABLES.join(', ')}`);
    await c.query('CHECKPOINT');
    await c.query('BEGIN');
    for (const t of TABLES) {
      const t0 = performance.now();
      await pipeline(Readable.from([data.get(t)!]), c.query(copyFrom(`COPY ${t} FROM STDIN`)));
      best.set(t, Math.min(best.get(t) ?? Infinity, performance.now() - t0));
    }
    await c.query('COMMIT');
  }
  const total = [...best.values()].reduce((a, b) => a + b, 0);
  for (const t of TABLES)
    console.log(
      JSON.stringify({
        bench: 'store',
        table: t.replace(/"/g, ''),
        rows: rows.get(t),
        mb: +(data.get(t)!.length / 1e6).toFixed(1),
        ms: Math.round(best.get(t)!),
        rowsPerSec: Math.round(rows.get(t)! / (best.get(t)! / 1000)),
      }),
    );
  console.log(JSON.stringify({ bench: 'store', cases: rows.get('"case"'), rounds, totalMs: Math.round(total) }));
} finally {
  await c.query('ROLLBACK').catch(() => undefined);
  await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await c.end();
  rmSync(dir, { recursive: true, force: true });
}
