/**
 * The database's share of a load, apart from Node: ingests a synthetic region once (omsx ingest), copies the
 * stored case, sub_case and person rows out in binary COPY format (what the loader sends) and in text format,
 * then loads them again into empty tables of the same schema (migrated like the app's) round after round, the
 * two formats taking turns, and prints the best time per table and format. Node only sends bytes
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
  // the rows in both COPY formats, in the columns' order
  const FORMATS = ['binary', 'text'] as const;
  const data = new Map<string, Buffer>();
  for (const f of FORMATS)
    for (const t of TABLES) {
      const parts: Buffer[] = [];
      const out = new PassThrough().on('data', (b: Buffer) => parts.push(b));
      await pipeline(c.query(copyTo(`COPY ${t} TO STDOUT WITH (FORMAT ${f})`)), out);
      data.set(`${f} ${t}`, Buffer.concat(parts));
    }
  const rows = new Map<string, number>();
  for (const t of TABLES) rows.set(t, Number((await c.query(`SELECT count(*)::text AS n FROM ${t}`)).rows[0].n));
  const best = new Map<string, number>();
  for (let r = 0; r < rounds; r++)
    for (const f of FORMATS) {
      await c.query(`TRUNCATE ${TABLES.join(', ')}`);
      await c.query('CHECKPOINT');
      await c.query('BEGIN');
      for (const t of TABLES) {
        const t0 = performance.now();
        await pipeline(Readable.from([data.get(`${f} ${t}`)!]), c.query(copyFrom(`COPY ${t} FROM STDIN WITH (FORMAT ${f})`)));
        best.set(`${f} ${t}`, Math.min(best.get(`${f} ${t}`) ?? Infinity, performance.now() - t0));
      }
      await c.query('COMMIT');
    }
  for (const f of FORMATS) {
    let total = 0;
    for (const t of TABLES) {
      const ms = best.get(`${f} ${t}`)!;
      total += ms;
      console.log(
        JSON.stringify({
          bench: 'store',
          format: f,
          table: t.replace(/"/g, ''),
          rows: rows.get(t),
          mb: +(data.get(`${f} ${t}`)!.length / 1e6).toFixed(1),
          ms: Math.round(ms),
          rowsPerSec: Math.round(rows.get(t)! / (ms / 1000)),
        }),
      );
    }
    console.log(JSON.stringify({ bench: 'store', format: f, cases: rows.get('"case"'), rounds, totalMs: Math.round(total) }));
  }
} finally {
  await c.query('ROLLBACK').catch(() => undefined);
  await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await c.end();
  rmSync(dir, { recursive: true, force: true });
}
