/**
 * The load generator of bench/worklist-load.bench.ts, run in a process of its own (forked by the bench, never in the
 * server's process): simulated users over real HTTP. Each user signs in once (POST /api/auth/login, a session
 * cookie like the web app's), then loops: one request — a worklist page with filters, sort and a page number, or the
 * case card of a line it saw, or sometimes that case's personal data — then a think time drawn from an exponential
 * distribution. Latencies count only inside the measuring window (after the warm-up). Results go back over IPC.
 */
import type { ClientPlan, ClientResult, EndpointStats } from './protocol.js';

const plan = await new Promise<ClientPlan>((resolve) => process.once('message', (m) => resolve(m as ClientPlan)));

const lat: Record<string, number[]> = {};
const errors: Record<string, number> = {};
const statuses: Record<string, Record<string, number>> = {};
let lastError = '';
const rand = mulberry32(plan.seed);
const think = () => (plan.thinkMs > 0 ? -plan.thinkMs * Math.log(1 - rand()) : 0);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const t0 = performance.now();
// every user signs in during the ramp, spread over it so that the scrypt checks do not all queue at once
const sessions = await Promise.all(
  plan.users.map(async (u, i) => {
    await sleep((i / plan.users.length) * plan.rampMs);
    const s = performance.now();
    const r = await fetch(`${plan.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: u.login, password: u.password }),
    });
    const body = await r.text();
    if (r.status !== 200) throw new Error(`sign-in of ${u.login}: ${r.status} ${body}`);
    const cookie = r.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    return { ...u, cookie, signInMs: performance.now() - s };
  }),
);
const signedIn = performance.now();
const measureFrom = signedIn + plan.warmupMs;
const until = measureFrom + plan.durationMs;
// the bench samples the server's CPU time at both ends of the measured window
setTimeout(() => process.send!({ window: 'start' }), measureFrom - performance.now());
setTimeout(() => process.send!({ window: 'end' }), until - performance.now());

async function call(key: string, path: string, cookie: string): Promise<unknown> {
  const s = performance.now();
  let status = 'network';
  let body: unknown = null;
  try {
    const r = await fetch(plan.base + path, { headers: { cookie } });
    status = String(r.status);
    const text = await r.text();
    if (r.status === 200) body = JSON.parse(text);
    else lastError = `${key} ${r.status} ${text.slice(0, 200)}`;
  } catch (e) {
    lastError = `${key} ${e instanceof Error ? e.message : String(e)}`;
  }
  const end = performance.now();
  if (s >= measureFrom && end <= until) {
    (lat[key] ??= []).push(end - s);
    (statuses[key] ??= {})[status] = (statuses[key][status] ?? 0) + 1;
    if (status !== '200') errors[key] = (errors[key] ?? 0) + 1;
  }
  return body;
}

await Promise.all(
  sessions.map(async (u) => {
    const seen: string[] = [];
    // users start at random moments of one think time, not all at once
    await sleep(think());
    while (performance.now() < until) {
      const x = rand();
      if (x < plan.mix.worklist || seen.length === 0) {
        const q = new URLSearchParams({ period: plan.period });
        if (u.smo) q.set('smo', u.smo);
        else if (rand() < 0.5) q.set('smo', pick(plan.smos));
        const control = pick(['', '', 'MEE', 'EKMP']);
        if (control) q.set('control', control);
        const arm = pick(['', '', '', 'trigger', 'model', 'random']);
        if (arm) q.set('arm', arm);
        const sort = pick(['', '', '-score', 'rank', '-expected_amount', 'case']);
        if (sort) q.set('sort', sort);
        // mostly the first pages, sometimes far into the list
        const page = rand() < 0.8 ? 1 + Math.floor(rand() * 5) : 1 + Math.floor(rand() * plan.maxPage);
        q.set('page', String(page));
        q.set('pageSize', String(plan.pageSize));
        const got = (await call('GET /api/worklists', `/api/worklists?${q}`, u.cookie)) as { items?: { case_id: string }[] } | null;
        for (const it of got?.items ?? []) seen.push(it.case_id);
        if (seen.length > 500) seen.splice(0, seen.length - 500);
      } else if (x < plan.mix.worklist + plan.mix.card) {
        await call('GET /api/cases/:id', `/api/cases/${pick(seen)}`, u.cookie);
      } else {
        const reason = u.role === 'tfoms' ? `?reason=${encodeURIComponent('проверка по обращению')}` : '';
        await call('GET /api/cases/:id/person', `/api/cases/${pick(seen)}/person${reason}`, u.cookie);
      }
      await sleep(think());
    }
  }),
);

const q = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const endpoints: Record<string, EndpointStats> = {};
for (const [k, xs] of Object.entries(lat)) {
  xs.sort((a, b) => a - b);
  endpoints[k] = {
    n: xs.length,
    p50: q(xs, 0.5),
    p95: q(xs, 0.95),
    p99: q(xs, 0.99),
    max: xs[xs.length - 1],
    errors: errors[k] ?? 0,
    statuses: statuses[k],
  };
}
const signIns = sessions.map((s) => s.signInMs).sort((a, b) => a - b);
const result: ClientResult = {
  endpoints,
  seconds: plan.durationMs / 1000,
  signInSeconds: (signedIn - t0) / 1000,
  signInP50: q(signIns, 0.5),
  signInMax: signIns[signIns.length - 1],
  lastError,
};
process.send!(result, () => process.exit(0));

/** A small seeded generator (think times and choices repeat from run to run). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
