/**
 * Worker thread, kept alive across files. One main register file is split at record boundaries by
 * the main thread (reader/split.ts); each worker of the file gets the file's prefix (header) once and
 * then segments of whole records, parses each as `prefix + segment (+ </ZL_LIST>)`, and runs the
 * per-record pipeline (FLK, single-record MEK, COPY lines). Messages, handled strictly in order:
 *   {type:'open', id, fileName, prefix}      starts a job
 *   {type:'segment', id, seq, bytes, last}   → {type:'segment', id, seq, result, records}
 *   {type:'close', id}                       → {type:'closed', id, partial} (the file totals of this thread)
 * Any failure → {type:'error', id, seq?, code, message, details}.
 */
import { parentPort } from 'node:worker_threads';
import { AppError } from '../../errors.js';
import { parseRegister } from '../reader/xml-records.js';
import { loadConfig } from '../../config.js';
import { checkSuite, type Summary } from './checks.js';
import { FilePipeline, type BatchResult } from './file-pipeline.js';

export type WorkerMessage =
  | { type: 'open'; id: number; fileName: string; prefix: Uint8Array }
  | { type: 'segment'; id: number; seq: number; bytes: Uint8Array; last: boolean }
  | { type: 'close'; id: number };
export type WorkerReply<S> =
  | { type: 'segment'; id: number; seq: number; result: BatchResult<S>; records: number }
  | { type: 'closed'; id: number; partial: unknown }
  | { type: 'error'; id: number; seq?: number; code: string; message: string; details: Record<string, unknown> };

const port = parentPort!;
const suite = checkSuite(loadConfig());
const ROOT_END = Buffer.from('</ZL_LIST>');

interface Job {
  fileName: string;
  prefix: Uint8Array;
  pipeline?: FilePipeline<Summary>;
}
const jobs = new Map<number, Job>();

async function* parts(...bufs: Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* bufs;
}

async function segment(job: Job, bytes: Uint8Array, last: boolean): Promise<{ result: BatchResult<Summary>; records: number }> {
  const result: BatchResult<Summary> = { accepted: [], rejected: 0, findings: [], idPacs: [], records: [] };
  let records = 0;
  const input = last ? parts(job.prefix, bytes) : parts(job.prefix, bytes, ROOT_END);
  for await (const ev of parseRegister(input, job.fileName)) {
    if (ev.type === 'header' && !job.pipeline) {
      const s = await suite;
      job.pipeline = new FilePipeline({
        fileName: job.fileName,
        kind: ev.kind,
        header: ev.header,
        checks: s.checks(job.fileName, ev.kind, ev.version, ev.header),
        sank: s.sank,
      });
    } else if (ev.type === 'zaps') {
      if (!job.pipeline) throw new Error(`${job.fileName}: records before the header`);
      records += ev.zaps.length;
      const r = job.pipeline.batch(ev.zaps);
      const base = result.accepted.length;
      result.accepted.push(...r.accepted);
      result.rejected += r.rejected;
      result.findings.push(...r.findings);
      result.idPacs.push(...r.idPacs);
      for (const ref of r.records) result.records.push([ref[0], ref[1], ref[2] < 0 ? -1 : ref[2] + base]);
    }
  }
  return { result, records };
}

async function handle(m: WorkerMessage): Promise<void> {
  if (m.type === 'open') {
    jobs.set(m.id, { fileName: m.fileName, prefix: m.prefix });
    return;
  }
  const job = jobs.get(m.id);
  if (m.type === 'close') {
    jobs.delete(m.id);
    port.postMessage({ type: 'closed', id: m.id, partial: job?.pipeline?.partial() } satisfies WorkerReply<Summary>);
    return;
  }
  if (!job) return; // failed before: later segments are dropped
  try {
    const { result, records } = await segment(job, m.bytes, m.last);
    port.postMessage({ type: 'segment', id: m.id, seq: m.seq, result, records } satisfies WorkerReply<Summary>);
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
    } satisfies WorkerReply<Summary>);
  }
}

// strictly in order: a segment's reply is posted before the next message is looked at
let queue: Promise<void> = Promise.resolve();
port.on('message', (m: WorkerMessage) => {
  queue = queue.then(() => handle(m));
});
