/**
 * A heap budget for long runs (ingesting a 2 GB register). V8 lets the heap grow far past what is
 * live when a thread allocates fast: ingesting one 2 GB file, the main thread's heap reached 880 MB
 * with ~60 MB live. `collectAbove` runs a full collection at a safe point (between batches) when the
 * heap holds more than the budget, which keeps the process within its memory target at the cost of
 * one collection every few hundred MB allocated. The main thread calls it after each database flush,
 * an ingestion worker after each segment (with its own budget).
 */
import v8 from 'node:v8';
import vm from 'node:vm';

let gc: (() => void) | undefined;
const stats = { collections: 0, ms: 0 };
/** Heap in use after the last forced collection: the budget never asks for less than 1.5 times it. */
let liveAfter = 0;

/** Full collections forced in this thread so far, and the time they took. */
export function forcedCollections(): Readonly<typeof stats> {
  return { ...stats };
}

/** A heap budget in bytes from the environment: the main thread's (`OMSX_HEAP_BUDGET_MB`) by default, 128 MB when unset. */
export const heapBudget = (variable = 'OMSX_HEAP_BUDGET_MB') => (Number(process.env[variable]) || 128) * 1024 * 1024;

/** Collects garbage when the heap in use is over `budget` bytes; true when it did. */
export function collectAbove(budget = heapBudget()): boolean {
  // when more than half the budget is live (the findings a large file keeps), collecting at the budget
  // would collect at every call for little: wait until garbage of half the live data has piled up
  if (v8.getHeapStatistics().used_heap_size <= Math.max(budget, 1.5 * liveAfter)) return false;
  if (!gc) {
    // the collector is exposed to a fresh context only; the flag does not change this one's globals
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  }
  const t0 = performance.now();
  gc();
  liveAfter = v8.getHeapStatistics().used_heap_size;
  stats.collections++;
  stats.ms += performance.now() - t0;
  return true;
}
