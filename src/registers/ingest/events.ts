/**
 * Event streams of a package's files: the L-file parsed in-process, a main file processed either
 * in a worker thread (default: parsing and checks run beside the database writes) or in-process.
 */
import { Worker } from 'node:worker_threads';
import type { RegisterEvent } from '../contracts.js';
import { parseRegister } from '../reader/xml-records.js';
import { AppError } from '../../errors.js';
import type { FileRef, FileSource } from './source.js';
import type { CheckSuite } from './checks.js';
import { processRegisterEvents, type ProcessedEvent } from './process-file.js';
import type { WorkerMessage, WorkerReply } from './ingest.worker.js';

/** Events of an L-file (PERS_LIST). */
export async function* persEvents(src: FileSource): AsyncGenerator<RegisterEvent> {
  yield* parseRegister(await src.open(), src.name);
}

/** Processed events of a main file. */
/** Files smaller than this are processed in-process: a worker thread costs more to start than it saves. */
export const WORKER_MIN_BYTES = 4 * 1024 * 1024;

export function mainFileEvents<S>(
  src: FileSource,
  suite: CheckSuite<S>,
  workers: boolean,
  minBytes = WORKER_MIN_BYTES,
): AsyncIterable<ProcessedEvent<S>> {
  if (!workers || !src.ref || src.size < minBytes) return inProcess(src, suite);
  return inWorker<S>(src.ref, src.name);
}

async function* inProcess<S>(src: FileSource, suite: CheckSuite<S>): AsyncGenerator<ProcessedEvent<S>> {
  yield* processRegisterEvents(parseRegister(await src.open(), src.name), src.name, suite);
}

// From TypeScript sources (tsx, vitest) the worker boots through worker-boot.mjs, which registers tsx in the thread.
const fromTs = import.meta.url.endsWith('.ts');
const workerEntry = new URL(fromTs ? './ingest.worker.ts' : './ingest.worker.js', import.meta.url);
const workerUrl = fromTs ? new URL('../../worker-boot.mjs', import.meta.url) : workerEntry;

interface PooledWorker {
  worker: Worker;
  busy: boolean;
  onReply?: (m: WorkerReply<unknown>) => void;
  onFail?: (e: unknown) => void;
}
/** Workers kept across files (starting one costs more than a small file): one per concurrent file. */
const pool: PooledWorker[] = [];
let nextJob = 1;

function acquire(): PooledWorker {
  const free = pool.find((p) => !p.busy);
  if (free) return ((free.busy = true), free);
  const worker = new Worker(workerUrl, { workerData: { __entry: workerEntry.href } });
  worker.unref(); // an idle worker never keeps the process alive
  const p: PooledWorker = { worker, busy: true };
  worker.on('message', (m: WorkerReply<unknown>) => p.onReply?.(m));
  const fail = (e: unknown) => {
    pool.splice(pool.indexOf(p), 1);
    p.onFail?.(e);
  };
  worker.on('error', fail);
  worker.on('exit', () => pool.includes(p) && fail(new Error('ingestion worker exited')));
  pool.push(p);
  return p;
}

/** Runs the file's processing in a pooled worker thread with a credit window (back-pressure). */
async function* inWorker<S>(ref: FileRef, fileName: string): AsyncGenerator<ProcessedEvent<S>> {
  const p = acquire();
  const id = nextJob++;
  const queue: WorkerReply<S>[] = [];
  let wake: (() => void) | undefined;
  let failure: unknown;
  let finished = false;
  p.onReply = (m) => {
    if (m.id !== id) return;
    queue.push(m as WorkerReply<S>);
    wake?.();
  };
  p.onFail = (e) => {
    failure = e;
    wake?.();
  };
  p.worker.ref();
  p.worker.postMessage({ type: 'job', id, ref, fileName } satisfies WorkerMessage);
  try {
    for (;;) {
      while (!queue.length && !failure) await new Promise<void>((r) => (wake = r));
      const m = queue.shift();
      if (!m) throw failure instanceof Error ? failure : new Error(`${fileName}: worker failed`);
      if (m.type === 'error') {
        finished = true;
        throw new AppError(m.code === 'PACKAGE_REJECTED' ? 'PACKAGE_REJECTED' : 'INTERNAL', m.message, m.details);
      }
      if (m.type === 'done') {
        finished = true;
        return;
      }
      p.worker.postMessage({ type: 'credit', id } satisfies WorkerMessage);
      yield m.event;
    }
  } finally {
    if (!finished && !failure) {
      // the consumer stopped early (an error on our side): cancel, and reuse the worker once it has stopped
      await new Promise<void>((resolve) => {
        p.onReply = (m) => m.id === id && (m.type === 'done' || m.type === 'error') && resolve();
        p.onFail = () => resolve();
        p.worker.postMessage({ type: 'cancel', id } satisfies WorkerMessage);
      });
    }
    p.onReply = undefined;
    p.onFail = undefined;
    p.worker.unref();
    p.busy = false;
  }
}
