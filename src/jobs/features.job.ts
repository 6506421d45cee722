import { Type } from 'typebox';
import { defineJob } from './job.js';
import { computeFeatures } from '../features/features.service.js';
import { scoreJobId } from './score.job.js';

/**
 * `features.compute`: the features of a period's accepted cases under the current spec (idempotent: the period's rows
 * are replaced). Queued by the ingest job for every period a package touched.
 */
export const featuresJob = defineJob({
  name: 'features.compute',
  payload: Type.Object({
    year: Type.Integer({ minimum: 1900, maximum: 2999 }),
    month: Type.Integer({ minimum: 1, maximum: 12 }),
  }),
  async handle({ year, month }, deps) {
    const r = await computeFeatures(deps, { year, month });
    // service mode: score the period's new features (score.job.ts); one scoring per features run
    if (deps.queue && r.cases > 0)
      await deps.queue.add('score.period', { year, month }, `${scoreJobId({ year, month })}-${deps.now().getTime()}`);
    return r;
  },
});
