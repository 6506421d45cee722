/**
 * One thread of bench/fuzz.bench.ts: loads the seeds, says it is ready, waits for the start (so the run's clock and
 * CPU time leave out start-up), then reads its share of mutated registers and reports what became of them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fuzzRange, prepareSeeds } from './fuzz-run.js';

const { seed, from, to } = workerData as { seed: number; from: number; to: number };
await prepareSeeds();
parentPort!.postMessage({ type: 'ready' });
await new Promise((ok) => parentPort!.once('message', ok));
const stats = await fuzzRange(seed, from, to, (done) => parentPort!.postMessage({ type: 'progress', done }));
parentPort!.postMessage({ type: 'done', stats });
