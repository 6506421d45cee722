/**
 * Fuzz run of the register reader and the per-record checks (issue 17): mutated registers (byte flips, truncation,
 * element duplication and removal, encoding damage, deep nesting, huge attributes and texts, markup, splices) made
 * from the real registers in data/sample/registers and ../shared/samples, read in memory (no database) on worker
 * threads. Every refusal must be an AppError PACKAGE_REJECTED naming the file; anything else is a crash, printed
 * with the input number that replays it (and the bytes saved under $TMPDIR/omsx-fuzz-crashes).
 *   npx tsx bench/fuzz.bench.ts [--count 1000000] [--seed 17] [--workers N]
 * Exits 1 when there was a crash.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { FuzzStats } from './fuzz/fuzz-run.js';

const args = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const count = opt('count', 1_000_000);
const seed = opt('seed', 17);
const workers = Math.max(1, Math.min(opt('workers', availableParallelism()), count));

const boot = fileURLToPath(new URL('../src/worker-boot.mjs', import.meta.url));
const entry = new URL('./fuzz/fuzz.worker.ts', import.meta.url).href;
const done = new Array<number>(workers).fill(0);
let lastPrint = 0;
let ready = 0;
let t0 = 0;
let cpu0 = process.cpuUsage();
const threads: Worker[] = [];
const results = await Promise.all(
  Array.from({ length: workers }, (_, w) => {
    const from = Math.floor((count * w) / workers);
    const to = Math.floor((count * (w + 1)) / workers);
    return new Promise<FuzzStats>((ok, no) => {
      const worker = new Worker(boot, { workerData: { __entry: entry, seed, from, to } });
      threads.push(worker);
      worker.on('message', (m: { type: 'ready' } | { type: 'progress'; done: number } | { type: 'done'; stats: FuzzStats }) => {
        if (m.type === 'ready') {
          // every thread has its seeds: the clock and the CPU time start now, for all of them at once
          if (++ready < workers) return;
          t0 = performance.now();
          cpu0 = process.cpuUsage();
          for (const t of threads) t.postMessage('go');
          return;
        }
        if (m.type === 'done') return ok(m.stats);
        done[w] = m.done;
        const now = performance.now();
        if (now - lastPrint > 10_000) {
          lastPrint = now;
          const n = done.reduce((a, b) => a + b, 0);
          process.stderr.write(`  ${n} / ${count} (${Math.round(n / ((now - t0) / 1000))} registers/s)\n`);
        }
      });
      worker.on('error', no);
      worker.on('exit', (code) => code !== 0 && no(new Error(`fuzz worker ${w} exited with ${code}`)));
    });
  }),
);
const cpu = process.cpuUsage(cpu0);
const secs = (performance.now() - t0) / 1000;
const refused: Record<string, number> = {};
for (const r of results) for (const [k, v] of Object.entries(r.refused)) refused[k] = (refused[k] ?? 0) + v;
const crashes = results.flatMap((r) => r.crashes);
const tried = results.reduce((a, r) => a + r.tried, 0);
const slow = results.reduce((a, r) => (r.slowestMs > a.slowestMs ? r : a));
// the process's CPU time (every thread), from the start to the end of the reading
const cpuMs = (cpu.user + cpu.system) / 1000;
const summary = {
  bench: 'fuzz',
  seed,
  workers,
  tried,
  stored: results.reduce((a, r) => a + r.stored, 0),
  refused: Object.values(refused).reduce((a, b) => a + b, 0),
  crashes: crashes.length,
  seconds: +secs.toFixed(1),
  registersPerSecond: Math.round(tried / secs),
  mbRead: +(results.reduce((a, r) => a + r.bytes, 0) / 1e6).toFixed(1),
  slowestMs: Math.round(slow.slowestMs),
  slowest: slow.slowest,
  minutesFor1M: +(1_000_000 / (tried / secs) / 60).toFixed(1),
  // from CPU time, not wall time: what 1 000 000 take on two idle cores, however busy the machine was during this run
  cpuMsPerRegister: +(cpuMs / tried).toFixed(2),
  minutesFor1MOn2IdleCores: +(((cpuMs / tried) * 1_000_000) / 2 / 60_000).toFixed(1),
};
console.log(JSON.stringify(summary));
console.log('refusals by kind:');
for (const [k, v] of Object.entries(refused).sort((a, b) => b[1] - a[1])) console.log(`  ${String(v).padStart(8)}  ${k}`);
if (crashes.length) {
  console.log(`CRASHES (${crashes.length}):`);
  for (const c of crashes.slice(0, 50))
    console.log(`  input ${c.input} ${c.file} [${c.applied.join('+')}]: ${c.error}\n    saved ${c.saved}`);
  process.exitCode = 1;
}
