/**
 * Event streams of a package's files: the L-file parsed in-process, a main file processed either by
 * worker threads (default for files from 64 KiB: parsing and checks run beside the database writes,
 * on as many threads as asked) or in-process.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { RegisterEvent } from '../contracts.js';
import { parseRegister } from '../reader/xml-records.js';
import { AppError } from '../../errors.js';
import type { FileSource } from './source.js';
import { processRegisterEvents, type ChecksFactory, type ProcessedEvent } from './process-file.js';
import { FilePipeline, type BatchResult } from './file-pipeline.js';
import { fromWire } from './batch-wire.js';
import { asDocument, splitRecords } from '../reader/split.js';
import type { WorkerMessage, WorkerReply } from './ingest.worker.js';

/** Events of an L-file (PERS_LIST). */
export async function* persEvents(src: FileSource): AsyncGenerator<RegisterEvent> {
  yield* parseRegister(await src.open(), src.name);
}

/**
 * Files smaller than this are processed in-process (`OMSX_WORKER_MIN_BYTES` overrides it). The worker is started
 * once and kept, so only a tiny file is cheaper in-process; a small MO's register of a few hundred cases goes to the
 * worker too, where it is read ahead while the file before it commits (file-turns.ts). With 4 MiB, three files of the
 * 100k bench (0.4–1.1 MB) were parsed on the main thread with the worker idle: 3 interleaved pairs 14.71/11.99/11.75 s
 * against 12.91/11.76/11.54 s with none in-process.
 */
export const WORKER_MIN_BYTES = envBytes('OMSX_WORKER_MIN_BYTES') ?? 64 * 1024;

/** A byte count from the environment (0 allowed); undefined when unset or not a whole number. */
function envBytes(name: string): number | undefined {
  const v = process.env[name];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}
/**
 * The worker's young generation (MB). A segment's records and results are short-lived; with V8's default the
 * worker spent 1.3–1.6 s per 100k cases collecting, with 64 MB 0.45 s, and peak RSS did not grow (README,
 * Benchmarks). `OMSX_WORKER_YOUNG_MB` overrides it.
 */
const WORKER_YOUNG_MB = Number(process.env.OMSX_WORKER_YOUNG_MB) || 64;

/** Bytes of records per segment handed to a worker. */
const segmentBytes = () => Number(process.env.OMSX_INGEST_SEGMENT_BYTES) || 1 << 20;

/**
 * Worker threads per file by default: 1 (`OMSX_INGEST_THREADS` or `--threads` for more, up to the
 * cores). Two threads did not show a gain in the measurements so far (README, Benchmarks) and cost
 * ~100–170 MB more memory.
 */
export const defaultThreads = () => Math.max(1, Math.min(availableParallelism(), Number(process.env.OMSX_INGEST_THREADS) || 1));

/**
 * Processed events of a main file: in-process, or (files from `minBytes`) split at record boundaries
 * and processed by `threads` worker threads, the results put back in file order. Either way the
 * events are the same.
 */
export function mainFileEvents<S>(
  src: FileSource,
  suite: ChecksFactory<S>,
  workers: boolean,
  minBytes = WORKER_MIN_BYTES,
  threads = defaultThreads(),
): AsyncIterable<ProcessedEvent<S>> {
  if (!workers || src.size < minBytes) return inProcess(src, suite);
  return inWorkers(src, suite, threads);
}

async function* inProcess<S>(src: FileSource, suite: ChecksFactory<S>): AsyncGenerator<ProcessedEvent<S>> {
  yield* processRegisterEvents(parseRegister(await src.open(), src.name), src.name, suite);
}

/**
 * The error a whole-file read gives (line and column in the file, not in a segment): a failure in a
 * segment or in the prefix is reported as the sequential reader reports it.
 */
async function preciseError(src: FileSource, fallback: unknown): Promise<unknown> {
  try {
    for await (const ev of parseRegister(await src.open(), src.name)) void ev;
  } catch (e) {
    return e;
  }
  return fallback;
}

// From TypeScript sources (tsx, vitest) the worker boots through worker-boot.mjs, which registers tsx in the thread.
const fromTs = import.meta.url.endsWith('.ts');
const workerEntry = new URL(fromTs ? './ingest.worker.ts' : './ingest.worker.js', import.meta.url);
const workerUrl = fromTs ? new URL('../../worker-boot.mjs', import.meta.url) : workerEntry;

interface PooledWorker {
  worker: Worker;
  busy: boolean;
  onReply?: (m: WorkerReply) => void;
  onFail?: (e: unknown) => void;
}
/** Workers kept across files (starting one costs more than a small file): `threads` per concurrent file. */
const pool: PooledWorker[] = [];
let nextJob = 1;

function acquire(): PooledWorker {
  const w = pool.find((p) => !p.busy) ?? spawn();
  w.busy = true;
  return w;
}

/**
 * Starts the ingestion worker threads a command will use, so that they load their code and code tables while the
 * main thread starts up (opens the database, migrates, reads the first package) instead of after it.
 */
export function prestartWorkers(threads = defaultThreads()): void {
  while (pool.length < threads) spawn();
}

function spawn(): PooledWorker {
  const worker = new Worker(workerUrl, {
    workerData: { __entry: workerEntry.href },
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
  });
  const p: PooledWorker = { worker, busy: false };
  worker.on('message', (m: WorkerReply) => p.onReply?.(m));
  // an idle worker never keeps the process alive; after on('message'), which refs the worker's port again (a worker
  // started ahead and never used kept `omsx ingest` of an already-read package from exiting)
  worker.unref();
  const fail = (e: unknown) => {
    pool.splice(pool.indexOf(p), 1);
    p.onFail?.(e);
  };
  worker.on('error', fail);
  worker.on('exit', () => pool.includes(p) && fail(new Error('ingestion worker exited')));
  pool.push(p);
  return p;
}

async function* inWorkers<S>(src: FileSource, suite: ChecksFactory<S>, threads: number): AsyncGenerator<ProcessedEvent<S>> {
  const split = splitRecords(await src.open(), { segmentBytes: segmentBytes() });
  const workers: PooledWorker[] = [];
  const id = nextJob++;
  let clean = false;
  try {
    const first = await split.next();
    if (first.done || first.value.type !== 'prefix') {
      // no record near the start: an empty or broken register, read whole
      await split.return(undefined);
      yield* inProcess(src, suite);
      return;
    }
    const prefix = first.value.bytes;
    let head: Extract<RegisterEvent, { type: 'header' }> | undefined;
    try {
      for await (const ev of parseRegister(asDocument(prefix), src.name)) if (ev.type === 'header') head = ev;
    } catch (e) {
      throw await preciseError(src, e);
    }
    if (!head) {
      await split.return(undefined);
      yield* inProcess(src, suite);
      return;
    }
    // the header is read and checked here; the file totals of the workers are merged into this pipeline
    const pipeline = new FilePipeline<S>({
      fileName: src.name,
      kind: head.kind,
      header: head.header,
      checks: suite.checks(src.name, head.kind, head.version, head.header),
      sank: suite.sank,
    });
    const header: ProcessedEvent<S> = {
      type: 'header',
      kind: head.kind,
      version: head.version,
      header: head.header,
      findings: pipeline.header(),
    };
    let headerSent = false;

    const results = new Map<number, Extract<WorkerReply, { type: 'segment' }>>();
    const partials: unknown[] = [];
    let failure: unknown;
    let wake: (() => void) | undefined;
    for (let i = 0; i < threads; i++) {
      const w = acquire();
      workers.push(w);
      w.onReply = (m) => {
        if (m.id !== id) return;
        if (m.type === 'segment') results.set(m.seq, m as Extract<WorkerReply, { type: 'segment' }>);
        else if (m.type === 'closed') partials.push(m.partial);
        else failure ??= new AppError(m.code === 'PACKAGE_REJECTED' ? 'PACKAGE_REJECTED' : 'INTERNAL', m.message, m.details);
        wake?.();
      };
      w.onFail = (e) => {
        failure ??= e instanceof Error ? e : new Error(`${src.name}: worker failed`);
        wake?.();
      };
      w.worker.ref();
      w.worker.postMessage({ type: 'open', id, fileName: src.name, prefix } satisfies WorkerMessage);
    }
    const until = async (ready: () => boolean) => {
      while (!ready() && !failure) await new Promise<void>((r) => (wake = r));
      if (failure) throw failure instanceof AppError && failure.code === 'PACKAGE_REJECTED' ? await preciseError(src, failure) : failure;
    };
    let sent = 0;
    let next = 0;
    let records = 0;
    let bytes = prefix.length;
    // the next segment's result, in file order
    const take = async (): Promise<ProcessedEvent<S>> => {
      await until(() => results.has(next));
      const m = results.get(next)!;
      results.delete(next++);
      records += m.result.records;
      bytes += m.bytes;
      // the worker runs the check suite of checks.ts, whose summaries are CaseSummary: S is that suite's
      return { type: 'batch', result: fromWire(m.result) as unknown as BatchResult<S>, bytesRead: bytes };
    };
    const maxInFlight = threads * 3;
    // The consumer reads the L-file when it gets the header (the main thread's work, with no segment
    // taken meanwhile): the workers get a first, larger share of segments before that, to parse beside it.
    const firstShare = threads * 8;
    for await (const part of split) {
      if (part.type !== 'segment') continue;
      const msg: WorkerMessage = { type: 'segment', id, seq: part.seq, bytes: part.bytes, last: part.last };
      workers[part.seq % threads].worker.postMessage(msg, [part.bytes.buffer as ArrayBuffer]);
      sent++;
      if (!headerSent) {
        if (sent < firstShare) continue;
        headerSent = true;
        yield header;
      }
      while (sent - next >= maxInFlight) yield await take();
    }
    if (!headerSent) yield header;
    while (next < sent) yield await take();
    for (const w of workers) w.worker.postMessage({ type: 'close', id } satisfies WorkerMessage);
    await until(() => partials.length === workers.length);
    for (const p of partials) if (p !== undefined) pipeline.merge(p);
    clean = true;
    // the workers are free before the last event: the next file can read on them while this one commits
    await split.return(undefined);
    await release();
    yield { type: 'end', findings: pipeline.finish(), records, bytes };
  } finally {
    await split.return(undefined);
    await release();
  }

  async function release() {
    for (const w of workers.splice(0)) {
      if (!clean && pool.includes(w)) {
        // stopped early (an error here or on the consumer's side): let the worker drop the job, then reuse it
        await new Promise<void>((resolve) => {
          w.onReply = (m) => m.id === id && m.type === 'closed' && resolve();
          w.onFail = () => resolve();
          w.worker.postMessage({ type: 'close', id } satisfies WorkerMessage);
        });
      }
      w.onReply = undefined;
      w.onFail = undefined;
      w.worker.unref();
      w.busy = false;
    }
  }
}
