import type { JobDefinition } from './job.js';
import { AppError } from '../errors.js';
import { ingestJob } from './ingest.job.js';
import { featuresJob } from './features.job.js';
import { scoreJob } from './score.job.js';

/** Every job, by name. Each name has exactly one handler (checked at start-up). */
export const JOBS: readonly JobDefinition[] = [
  ingestJob as unknown as JobDefinition,
  featuresJob as unknown as JobDefinition,
  scoreJob as unknown as JobDefinition,
];

const byName = new Map<string, JobDefinition>();
for (const j of JOBS) {
  if (byName.has(j.name)) throw new Error(`job ${j.name} registered twice`);
  byName.set(j.name, j);
}

export function findJob(name: string): JobDefinition {
  const j = byName.get(name);
  if (!j) throw new AppError('BAD_INPUT', `unknown job ${name}`);
  return j;
}
