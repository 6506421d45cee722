/**
 * Worker thread, kept alive across files: reads one main register file per job and runs the per-file
 * pipeline (parse, FLK, single-record MEK, COPY lines), posting processed events back under a credit
 * window. Messages: {type:'job', id, ref, fileName} starts a job; {type:'credit', id} lets one more event
 * go; {type:'cancel', id} stops it.
 */
import { parentPort } from 'node:worker_threads';
import { AppError } from '../../errors.js';
import { parseRegister } from '../reader/xml-records.js';
import { loadConfig } from '../../config.js';
import { checkSuite } from './checks.js';
import { openFileRef, type FileRef } from './source.js';
import { processRegisterEvents, type ProcessedEvent } from './process-file.js';

export type WorkerMessage = { type: 'job'; id: number; ref: FileRef; fileName: string } | { type: 'credit' | 'cancel'; id: number };
export type WorkerReply<S> =
  | { type: 'event'; id: number; event: ProcessedEvent<S> }
  | { type: 'error'; id: number; code: string; message: string; details: Record<string, unknown> }
  | { type: 'done'; id: number };

const WINDOW = 16;
const port = parentPort!;
const suite = checkSuite(loadConfig());
interface Job {
  id: number;
  credits: number;
  cancelled: boolean;
  wake?: () => void;
}
let job: Job | undefined;

async function run(id: number, ref: FileRef, fileName: string) {
  const j: Job = { id, credits: WINDOW, cancelled: false };
  job = j;
  try {
    const events = processRegisterEvents(parseRegister(await openFileRef(ref), fileName), fileName, await suite);
    for await (const event of events) {
      while (j.credits <= 0 && !j.cancelled) await new Promise<void>((r) => (j.wake = r));
      if (j.cancelled) break;
      j.credits--;
      port.postMessage({ type: 'event', id, event } satisfies WorkerReply<unknown>);
    }
    port.postMessage({ type: 'done', id } satisfies WorkerReply<unknown>);
  } catch (e) {
    const err = e as Error;
    port.postMessage({
      type: 'error',
      id,
      code: e instanceof AppError ? e.code : 'INTERNAL',
      message: err.message,
      details: e instanceof AppError ? JSON.parse(JSON.stringify(e.details)) : {},
    } satisfies WorkerReply<unknown>);
  } finally {
    job = undefined;
  }
}

port.on('message', (m: WorkerMessage) => {
  if (m.type === 'job') void run(m.id, m.ref, m.fileName);
  else if (job && job.id === m.id) {
    if (m.type === 'credit') job.credits++;
    else job.cancelled = true;
    job.wake?.();
  }
});
