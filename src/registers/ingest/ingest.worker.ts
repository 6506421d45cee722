/**
 * Worker thread: reads one main register file and runs the per-file pipeline (parse, FLK,
 * single-record MEK, COPY lines), posting processed events back with a credit window.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../errors.js';
import { parseRegister } from '../reader/xml-records.js';
import { loadConfig } from '../../config.js';
import { checkSuite } from './checks.js';
import { openFileRef, type FileRef } from './source.js';
import { processRegisterEvents, type ProcessedEvent } from './process-file.js';

export interface WorkerRequest {
  ref: FileRef;
  fileName: string;
}
export type WorkerReply<S> =
  | { type: 'event'; event: ProcessedEvent<S> }
  | {
      type: 'error';
      code: string;
      message: string;
      details: Record<string, unknown>;
    };

const WINDOW = 16;

async function main() {
  const port = parentPort!;
  const { ref, fileName } = workerData as WorkerRequest;
  let credits = WINDOW;
  let wake: (() => void) | undefined;
  port.on('message', () => {
    credits++;
    wake?.();
  });
  try {
    const suite = await checkSuite(loadConfig());
    const events = processRegisterEvents(parseRegister(await openFileRef(ref), fileName), fileName, suite);
    for await (const event of events) {
      while (credits <= 0) await new Promise<void>((r) => (wake = r));
      credits--;
      port.postMessage({ type: 'event', event } satisfies WorkerReply<unknown>);
    }
  } catch (e) {
    const err = e as Error;
    port.postMessage({
      type: 'error',
      code: e instanceof AppError ? e.code : 'INTERNAL',
      message: err.message,
      details: e instanceof AppError ? JSON.parse(JSON.stringify(e.details)) : {},
    } satisfies WorkerReply<unknown>);
  }
  port.close();
}

void main();
