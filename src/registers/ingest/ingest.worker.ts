/**
 * Worker thread, kept alive across files. One main register file is split at record boundaries by
 * the main thread (reader/split.ts); each worker of the file gets the file's prefix (header) once and
 * then segments of whole records, parses each as `prefix + segment (+ </ZL_LIST>)`, and runs the
 * per-record pipeline (FLK, single-record MEK, COPY lines). Messages, handled strictly in order:
 *   {type:'open', id, fileName, prefix}      starts a job
 *   {type:'segment', id, seq, bytes, last}   → {type:'segment', id, seq, result, bytes}
 *   {type:'close', id}                       → {type:'closed', id, partial} (the file totals of this thread)
 * Any failure → {type:'error', id, seq?, code, message, details}.
 */
import { parentPort } from 'node:worker_threads';
import { AppError } from '../../errors.js';
import { parseRegister } from '../reader/xml-records.js';
import { asDocument } from '../reader/split.js';
import { loadConfig } from '../../config.js';
import { checkSuite, type Summary } from './checks.js';
import { FilePipeline, type BatchResult } from './file-pipeline.js';
import type { Zap } from '../model.js';
import { collectAbove, heapBudget } from '../../memory.js';
import { transferables } from '../store/case-copy.js';
import { toWire, type WireBatch } from './batch-wire.js';

/** This thread's heap budget (see memory.ts): a segment's records and results are all it holds. */
const WORKER_HEAP_BUDGET = heapBudget('OMSX_WORKER_HEAP_BUDGET_MB');

export type WorkerMessage =
  | { type: 'open'; id: number; fileName: string; prefix: Uint8Array }
  | { type: 'segment'; id: number; seq: number; bytes: Uint8Array; last: boolean }
  | { type: 'close'; id: number };
export type WorkerReply =
  | { type: 'segment'; id: number; seq: number; result: WireBatch; bytes: number }
  | { type: 'closed'; id: number; partial: unknown }
  | { type: 'error'; id: number; seq?: number; code: string; message: string; details: Record<string, unknown> };

const port = parentPort!;
const suite = checkSuite(loadConfig());

interface Job {
  fileName: string;
  prefix: Uint8Array;
  pipeline?: FilePipeline<Summary>;
}
const jobs = new Map<number, Job>();

/** Parses one segment (as `prefix + segment`) and runs the pipeline on its records in one batch. */
async function segment(job: Job, bytes: Uint8Array, last: boolean): Promise<BatchResult<Summary>> {
  const zaps: Zap[] = [];
  for await (const ev of parseRegister(asDocument(job.prefix, bytes, last), job.fileName)) {
    if (ev.type === 'header' && !job.pipeline) {
      const s = await suite;
      job.pipeline = new FilePipeline({
        fileName: job.fileName,
        kind: ev.kind,
        header: ev.header,
        checks: s.checks(job.fileName, ev.kind, ev.version, ev.header),
        sank: s.sank,
      });
    } else if (ev.type === 'zaps') zaps.push(...ev.zaps);
  }
  if (!job.pipeline) throw new Error(`${job.fileName}: records before the header`);
  return job.pipeline.batch(zaps);
}

async function handle(m: WorkerMessage): Promise<void> {
  if (m.type === 'open') {
    jobs.set(m.id, { fileName: m.fileName, prefix: m.prefix });
    return;
  }
  const job = jobs.get(m.id);
  if (m.type === 'close') {
    jobs.delete(m.id);
    closing.delete(m.id);
    port.postMessage({ type: 'closed', id: m.id, partial: job?.pipeline?.partial() } satisfies WorkerReply);
    return;
  }
  if (!job || closing.has(m.id)) return; // failed before, or closed early: later segments are dropped
  try {
    const result = await segment(job, m.bytes, m.last);
    port.postMessage(
      { type: 'segment', id: m.id, seq: m.seq, result: toWire(result), bytes: m.bytes.length } satisfies WorkerReply,
      transferables(result.copy), // the COPY bytes move to the main thread without a copy
    );
    collectAbove(WORKER_HEAP_BUDGET);
  } catch (e) {
    jobs.delete(m.id);
    const err = e as Error;
    port.postMessage({
      type: 'error',
      id: m.id,
      seq: m.seq,
      code: e instanceof AppError ? e.code : 'INTERNAL',
      message: err.message,
      details: e instanceof AppError ? JSON.parse(JSON.stringify(e.details)) : {},
    } satisfies WorkerReply);
  }
}

// strictly in order: a segment's reply is posted before the next message is looked at
let queue: Promise<void> = Promise.resolve();
/**
 * Jobs whose close has arrived: their queued segments are skipped. The main thread closes a job after taking
 * every result it asked for, or early (a failure, a duplicate file): then nobody waits for the rest.
 */
const closing = new Set<number>();
port.on('message', (m: WorkerMessage) => {
  if (m.type === 'close') closing.add(m.id);
  queue = queue.then(() => handle(m));
});
