/**
 * Concurrent users of the running service reading worklist pages and case cards (issues 16 and 17).
 *
 *   npx tsx bench/worklist-load.bench.ts                          # issue 17: 200 users, pages + cards + personal data
 *   npx tsx bench/worklist-load.bench.ts --users 100 --mix 1,0,0  # issue 16: 100 readers of worklist pages only
 *   npx tsx bench/worklist-load.bench.ts --mode saturation        # no think time: the most the service answers
 *   npx tsx bench/worklist-load.bench.ts --cases 20000 --users 20 --duration 10 --warmup 3 --mode both   # a quick check
 *
 * Options (defaults): --users 200, --think 1000 (mean think time in ms, exponential), --duration 60 (s measured),
 * --warmup 10 (s after every user signed in, not measured), --ramp 20 (s over which the users sign in),
 * --mix 0.6,0.3,0.1 (shares of worklist pages, case cards, personal data), --page-size 50, --cases 100000,
 * --mode users|saturation|both, --sat-users 32 (users of the saturation run), --schema NAME --keep (reuse the data of
 * an earlier run: the month is written only into an empty schema; without --keep the schema is dropped at the end),
 * --cpu-prof DIR (the server runs with node --cpu-prof), --server-dir DIR (the service from another checkout of omsx, for a
 * before/after comparison on the same data: `git worktree add /tmp/before <commit>`, link its node_modules).
 *
 * What runs where: this process writes a synthetic month straight into the tables (bench/load/month.ts: `--cases`
 * cases of 60 MOs and 3 insurers, their persons, sub-cases and model scores; selectPeriod then builds the worklists),
 * creates the users (a tenth TFOMS, the rest coordinators and experts of the 3 insurers; two thirds of an insurer's
 * items are assigned to its experts in turn, whom each expert user is) and starts the service as an
 * operator does — `node bin/omsx.js serve` (dist/ when current, else the sources), with its request log on — and the
 * load generator (bench/load/client.ts) as a second process. Each simulated user signs in once (a session cookie),
 * then loops: a request, then a think time. A worklist page has random filters (insurer for TFOMS, control, arm),
 * sort and page (mostly 1–5, a fifth anywhere in the list); a case card and the personal data are of a line the user
 * has seen. Latency is measured by the load generator from sending the request to the last byte of the answer, for
 * the requests sent and answered inside the measured window. The offered rate is users / (think + response time),
 * printed beside what was achieved; the server's CPU per request is its process's user+system time over the run.
 * DATABASE_URL (default the local test database), REDIS_URL for the service's queue.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { openSync, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../src/db/database.js';
import { createDeps } from '../src/deps.js';
import { loadConfig } from '../src/config.js';
import { hashPassword } from '../src/access/password.js';
import { dropSchema } from '../src/db/migrate.js';
import { synthMonth, PERIOD, SMOS } from './load/month.js';
import type { ClientPlan, ClientResult } from './load/protocol.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : dflt);
const USERS = Number(opt('users', '200'));
const THINK = Number(opt('think', '1000'));
const DURATION = Number(opt('duration', '60'));
const WARMUP = Number(opt('warmup', '10'));
const RAMP = Number(opt('ramp', '20'));
const CASES = Number(opt('cases', '100000'));
const MODE = opt('mode', 'users');
const SAT_USERS = Number(opt('sat-users', '32'));
const PAGE_SIZE = Number(opt('page-size', '50'));
const [mw, mc, mp] = opt('mix', '0.6,0.3,0.1').split(',').map(Number);
const CPU_PROF = opt('cpu-prof', '');
// the service from another checkout of omsx (the same data and load against an earlier version: before/after)
const SERVER_DIR = opt('server-dir', '');
const KEEP = args.includes('--keep');
const url = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const schema = opt('schema', `bench_load_${process.pid}`);
const root = fileURLToPath(new URL('..', import.meta.url));
const PASSWORD = 'load test password';

const home = mkdtempSync(join(tmpdir(), 'omsx-load-'));
const db = await openDatabase({ databaseUrl: url, schema });
let server: ChildProcess | null = null;
try {
  const deps = await createDeps(loadConfig({ OMSX_HOME: home }), { db });
  const [{ n }] = await db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM "case"');
  if (n === 0) {
    const made = await synthMonth(db, deps, CASES);
    console.log(`data: ${CASES} cases written in ${made.write.toFixed(1)} s, selected in ${made.select.toFixed(1)} s: ${made.items} items`);
  }
  const users = await makeUsers(Math.max(USERS, SAT_USERS));
  const perSmo = await db.sql.query<{ smo: string; n: number }>(
    'SELECT smo, count(*)::int AS n FROM worklist_item WHERE year = $1 AND month = $2 GROUP BY smo ORDER BY smo',
    [PERIOD.year, PERIOD.month],
  );
  const [{ cases }] = await db.sql.query<{ cases: number }>('SELECT count(*)::int AS cases FROM "case"');
  const maxPage = Math.max(1, Math.ceil(Math.min(...perSmo.map((r) => r.n)) / PAGE_SIZE));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const log = join(home, 'server.log');
  server = spawn(
    process.execPath,
    [...(CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`] : []), join(SERVER_DIR || root, 'bin/omsx.js'), 'serve'],
    {
      env: {
        ...process.env,
        DATABASE_URL: url,
        OMSX_DB_SCHEMA: schema,
        OMSX_HOME: home,
        PORT: String(port),
        OMSX_PSEUDONYM_KEY: 'load-bench-pseudonym-key-0123456789abcdef',
        // every simulated user signs in from the same address
        OMSX_LOGIN_RATE: '1000000',
      },
      stdio: ['ignore', openSync(log, 'a'), openSync(log, 'a')],
    },
  );
  await untilHealthy(base, server);
  const data =
    `${cases} cases of ${PERIOD.text}, worklist items ${perSmo.map((r) => `${r.smo}: ${r.n}`).join(', ')}; ` +
    `PostgreSQL; the service (omsx serve${SERVER_DIR ? ` from ${SERVER_DIR}` : ''}, request log on) and the load generator in separate processes`;
  const runs: { title: string; users: number; think: number; mix: ClientPlan['mix'] }[] = [];
  const mix = { worklist: mw, card: mc ?? 0, person: mp ?? 0 };
  if (MODE === 'users' || MODE === 'both') runs.push({ title: 'users', users: USERS, think: THINK, mix });
  if (MODE === 'saturation' || MODE === 'both') runs.push({ title: 'saturation', users: SAT_USERS, think: 0, mix });
  for (const [i, run] of runs.entries()) {
    const pid = server.pid!;
    const window = { load: 0, cpu0: 0, cpu: 0 };
    const result = await runClient(
      {
        base,
        period: PERIOD.text,
        smos: SMOS,
        users: users.slice(0, run.users),
        mix: run.mix,
        thinkMs: run.think,
        rampMs: RAMP * 1000,
        warmupMs: WARMUP * 1000,
        durationMs: DURATION * 1000,
        pageSize: PAGE_SIZE,
        maxPage,
        seed: 17 + i,
      },
      (at) => {
        if (at === 'start') [window.load, window.cpu0] = [loadavg()[0], cpuMs(pid)];
        else window.cpu = cpuMs(pid) - window.cpu0;
      },
    );
    report(run, result, data, window.cpu, window.load);
  }
} finally {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => server!.once('exit', r));
  }
  if (!KEEP) await dropSchema(db.sql, schema);
  await db.close();
}

/** The users of the run (created once per schema, all with the same password: one scrypt hash, not one per user). */
async function makeUsers(count: number): Promise<ClientPlan['users']> {
  const hash = await hashPassword(PASSWORD);
  const out: ClientPlan['users'] = [];
  for (let u = 0; u < count; u++) {
    const tfoms = u % 10 === 9;
    const role = tfoms ? 'tfoms' : u % 2 ? 'expert' : 'smo_coordinator';
    const smo = tfoms ? null : SMOS[u % SMOS.length];
    out.push({ login: `load-${u}`, password: PASSWORD, role, smo });
  }
  // each expert user is an expert of the directory, and two thirds of their insurer's items of the month are assigned
  // to its experts in turn (an expert reaches only the cases assigned to them: migration 0520)
  const experts = out.filter((x) => x.role === 'expert').map((x) => ({ code: x.login.toUpperCase(), smo: x.smo }));
  await db.sql.query(
    `INSERT INTO expert (code, name, controls, capacity) SELECT e.code, 'Эксперт ' || e.code, '{MEE,EKMP}', 100000
       FROM json_to_recordset($1::json) AS e(code text, smo text) ON CONFLICT (code) DO NOTHING`,
    [JSON.stringify(experts)],
  );
  await db.sql.query(
    `INSERT INTO app_user (login, password_hash, role, smo, expert_code)
     SELECT u.login, $2, u.role, u.smo, CASE WHEN u.role = 'expert' THEN upper(u.login) END
       FROM json_to_recordset($1::json) AS u(login text, role text, smo text)
     ON CONFLICT (login) DO UPDATE SET expert_code = EXCLUDED.expert_code`,
    [JSON.stringify(out), hash],
  );
  await db.sql.query(
    `WITH e AS (SELECT code, smo, row_number() OVER (PARTITION BY smo ORDER BY code) - 1 AS k, count(*) OVER (PARTITION BY smo) AS n
                  FROM json_to_recordset($1::json) AS x(code text, smo text)),
          i AS (SELECT id, smo, row_number() OVER (PARTITION BY smo ORDER BY id) - 1 AS r FROM worklist_item
                 WHERE year = $2 AND month = $3 AND expert_code IS NULL AND state = 'selected')
     UPDATE worklist_item w SET expert_code = e.code, state = 'assigned'
       FROM i JOIN e ON e.smo = i.smo AND e.k = i.r % e.n
      WHERE w.id = i.id AND i.r % 3 <> 2`,
    [JSON.stringify(experts), PERIOD.year, PERIOD.month],
  );
  return out;
}

function runClient(plan: ClientPlan, onWindow: (at: 'start' | 'end') => void): Promise<ClientResult> {
  const child = fork(join(root, 'bench/load/client.ts'), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.on('message', (m) => {
      const w = (m as { window?: 'start' | 'end' }).window;
      if (w) onWindow(w);
      else resolve(m as ClientResult);
    });
    child.once('exit', (code) => reject(new Error(`the load generator exited with ${code} before reporting`)));
    child.send(plan);
  });
}

function report(run: { title: string; users: number; think: number }, r: ClientResult, data: string, cpuMsUsed: number, load0: number) {
  const rows = Object.entries(r.endpoints);
  const total = rows.reduce((s, [, e]) => s + e.n, 0);
  const errs = rows.reduce((s, [, e]) => s + e.errors, 0);
  const achieved = total / r.seconds;
  const f = (x: number) => x.toFixed(1).padStart(8);
  const lines = [
    `==== worklist-load: ${run.title} — ${run.users} users, ${run.think ? `think ${run.think} ms (exponential mean)` : 'no think time'}, ${r.seconds} s measured after ${WARMUP} s warm-up ====`,
    `data: ${data}`,
    `load average (1 min) when measuring started ${load0.toFixed(1)}, at the end ${loadavg()[0].toFixed(1)}`,
    run.think
      ? `offered: ${run.users} users / ${run.think} ms think ≤ ${((run.users * 1000) / run.think).toFixed(0)} req/s; achieved ${achieved.toFixed(0)} req/s, ${total} requests, ${errs} errors`
      : `saturation throughput: ${achieved.toFixed(0)} req/s, ${total} requests, ${errs} errors`,
    `server CPU: ${(cpuMsUsed / Math.max(1, total)).toFixed(2)} ms per request (the service process; PostgreSQL not included)`,
    `${'endpoint'.padEnd(26)}${'n'.padStart(8)}${'p50 ms'.padStart(8)}${'p95 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'max ms'.padStart(8)}  errors`,
    ...rows.map(([k, e]) => `${k.padEnd(26)}${String(e.n).padStart(8)}${f(e.p50)}${f(e.p95)}${f(e.p99)}${f(e.max)}  ${e.errors}`),
    `sign-in (not in the figures): ${run.users} users in ${r.signInSeconds.toFixed(1)} s, p50 ${r.signInP50.toFixed(0)} ms, max ${r.signInMax.toFixed(0)} ms`,
    ...(r.lastError ? [`last error: ${r.lastError}`] : []),
    '='.repeat(40),
  ];
  console.log(lines.join('\n'));
}

function cpuMs(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 10 ms
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

async function untilHealthy(base: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}: see ${join(home, 'server.log')}`);
    const ok = await fetch(`${base}/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the service did not answer /health within 120 s');
}
