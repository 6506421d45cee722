// Worker bootstrap: lets a worker thread run a TypeScript entry through tsx (no build step).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.__entry);
