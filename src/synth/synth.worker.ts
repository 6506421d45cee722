/** Worker thread of the generator: one part of the region's organisations (see synth.service.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { runPart, type PartRequest } from './synth.service.js';

const req = workerData as PartRequest;
runPart(req).then(
  (r) => parentPort!.postMessage({ ok: true, result: r }),
  (e: Error) => parentPort!.postMessage({ ok: false, error: e.stack ?? e.message }),
);
