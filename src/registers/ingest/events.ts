/**
 * Event streams of a package's files: the L-file parsed in-process, a main file processed either
 * in a worker thread (default: parsing and checks run beside the database writes) or in-process.
 */
import { Worker } from 'node:worker_threads';
import type { RegisterEvent } from '../contracts.js';
import { parseRegister } from '../reader/xml-records.js';
import { AppError } from '../../errors.js';
import type { FileSource } from './source.js';
import type { CheckSuite } from './checks.js';
import { processRegisterEvents, type ProcessedEvent } from './process-file.js';
import type { WorkerReply, WorkerRequest } from './ingest.worker.js';

/** Events of an L-file (PERS_LIST). */
export async function* persEvents(src: FileSource): AsyncGenerator<RegisterEvent> {
  yield* parseRegister(await src.open(), src.name);
}

/** Processed events of a main file. */
/** Files smaller than this are processed in-process: a worker thread costs more to start than it saves. */
export const WORKER_MIN_BYTES = 16 * 1024 * 1024;

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

/** Runs the file's processing in a worker thread with a small credit window (back-pressure). */
async function* inWorker<S>(ref: WorkerRequest['ref'], fileName: string): AsyncGenerator<ProcessedEvent<S>> {
  const worker = new Worker(workerUrl, {
    workerData: {
      ref,
      fileName,
      __entry: workerEntry.href,
    } satisfies WorkerRequest & { __entry: string },
  });
  const queue: WorkerReply<S>[] = [];
  let wake: (() => void) | undefined;
  let failure: unknown;
  let exited = false;
  worker.on('message', (m: WorkerReply<S>) => {
    queue.push(m);
    wake?.();
  });
  worker.on('error', (e) => {
    failure = e;
    wake?.();
  });
  worker.on('exit', () => {
    exited = true;
    wake?.();
  });
  try {
    for (;;) {
      while (!queue.length && !failure && !exited) await new Promise<void>((r) => (wake = r));
      const m = queue.shift();
      if (!m) {
        if (failure) throw failure;
        throw new Error(`${fileName}: worker stopped before the end of the file`);
      }
      if (m.type === 'error') throw new AppError(m.code === 'PACKAGE_REJECTED' ? 'PACKAGE_REJECTED' : 'INTERNAL', m.message, m.details);
      worker.postMessage('credit');
      yield m.event;
      if (m.event.type === 'end') return;
    }
  } finally {
    await worker.terminate();
  }
}
