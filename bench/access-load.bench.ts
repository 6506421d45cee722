/**
 * 200 concurrent users against the HTTP API over real sockets: insurers' coordinators reading case cards with
 * personal data (GET /api/cases/:id/person: Bearer token, row-level scope, one audit row per read) and MOs' users
 * reading their package's status (GET /api/registers/:id); a third of the clients ask only who they are
 * (GET /api/auth/me: authentication without a scoped query, the baseline). Prints p50/p99 and errors per endpoint.
 *   npx tsx bench/access-load.bench.ts [users=200] [requests-per-user=25]
 * The clients have no think time and run in the server's own process: this measures saturation (queueing), not what
 * that many users see. For users with think time against the running service: bench/worklist-load.bench.ts.
 * (DATABASE_URL, default the local test database; everything happens in a throwaway schema.)
 */
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase } from '../src/db/database.js';
import { createDeps } from '../src/deps.js';
import { loadConfig } from '../src/config.js';
import { buildApp } from '../src/api/app.js';
import { ingestPackage } from '../src/registers/ingest/ingest.service.js';
import { addUser, createToken } from '../src/access/auth.service.js';
import { lFileFor, multiRecordH, tempDir, writeZip } from '../test/helpers/registers.js';

const url = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const USERS = Number(process.argv[2]) || 200;
const PER_USER = Number(process.argv[3]) || 25;
const schema = `bench_access_${process.pid}`;
const dir = tempDir();

const db = await openDatabase({ databaseUrl: url, schema, poolSize: 16 });
try {
  const deps = await createDeps(loadConfig({ OMSX_HOME: dir }), { db });
  const zip = await writeZip(join(dir, 'HM750096T75_21041.zip'), [
    { name: 'HM750096T75_21041.XML', content: multiRecordH(1000) },
    { name: 'LM750096T75_21041.XML', content: lFileFor(1000) },
  ]);
  const pkg = await ingestPackage(deps, [zip], { workers: false });
  const caseIds = (await db.sql.query<{ id: string }>('SELECT id::text FROM "case" ORDER BY id')).map((r) => r.id);
  // 20 accounts, each shared by USERS / 20 clients (a password hash costs ~0.2 s; the load is in the requests)
  const tokens: { kind: 'smo' | 'mo'; token: string }[] = [];
  for (let i = 0; i < 20; i++) {
    const kind = i % 2 ? 'mo' : 'smo';
    await addUser(deps, {
      login: `load-${i}`,
      password: 'load test password',
      role: kind === 'mo' ? 'mo' : 'smo_coordinator',
      ...(kind === 'mo' ? { mo: '750096' } : { smo: '75001' }),
    });
    tokens.push({ kind, token: (await createToken(deps, `load-${i}`, 'load', 1)).token });
  }
  const app = await buildApp(deps);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const ME = 'GET /api/auth/me';
  const times: Record<string, number[]> = { 'GET /api/cases/:id/person': [], 'GET /api/registers/:id': [], [ME]: [] };
  const errors: Record<string, number> = { 'GET /api/cases/:id/person': 0, 'GET /api/registers/:id': 0, [ME]: 0 };
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: USERS }, async (_, u) => {
      const { kind, token } = tokens[u % tokens.length];
      for (let i = 0; i < PER_USER; i++) {
        const me = u % 3 === 2;
        const key = me ? ME : kind === 'smo' ? 'GET /api/cases/:id/person' : 'GET /api/registers/:id';
        const path = me
          ? '/api/auth/me'
          : kind === 'smo'
            ? `/api/cases/${caseIds[(u * PER_USER + i) % caseIds.length]}/person`
            : `/api/registers/${pkg.packageId}`;
        const s = performance.now();
        const r = await fetch(base + path, { headers: { authorization: `Bearer ${token}` } }).catch(() => null);
        if (r) await r.arrayBuffer();
        times[key].push(performance.now() - s);
        if (!r || r.status !== 200) errors[key]++;
      }
    }),
  );
  const wall = (performance.now() - t0) / 1000;
  const q = (xs: number[], p: number) => xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
  console.log(
    `${USERS} concurrent users × ${PER_USER} requests, ${db.kind}, ${wall.toFixed(1)} s, ${((USERS * PER_USER) / wall).toFixed(0)} req/s`,
  );
  for (const [k, xs] of Object.entries(times))
    console.log(`${k.padEnd(28)} n=${xs.length} p50=${q(xs, 0.5).toFixed(1)} ms p99=${q(xs, 0.99).toFixed(1)} ms errors=${errors[k]}`);
  const audited = await db.sql.query<{ n: string }>('SELECT count(*)::text AS n FROM audit_log');
  console.log(`audit rows written: ${audited[0].n}`);
  await app.close();
} finally {
  await db.close();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await c.end();
}
