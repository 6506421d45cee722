import { Type } from 'typebox';
import { defineJob } from './job.js';

/**
 * `score.period`: scores a period's accepted cases with the active and every shadow model version (queued by the
 * `features.compute` job when a period's features are stored). Idempotent: a version's scores of the period are
 * replaced. The handler loads the scorer (onnxruntime) only when it runs.
 */
export const scoreJob = defineJob({
  name: 'score.period',
  payload: Type.Object({
    year: Type.Integer({ minimum: 1900, maximum: 2999 }),
    month: Type.Integer({ minimum: 1, maximum: 12 }),
    version: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,80}$' })),
  }),
  async handle(payload, deps, ctx) {
    const { scorePeriod } = await import('../scoring/scores.service.js');
    const r = await scorePeriod(deps, { ...payload, noModelIsFine: !payload.version });
    if (!r.versions.length) ctx.log('no model version is registered: nothing scored (omsx model train, or the baseline in models/)');
    for (const v of r.versions) ctx.log(`${v.version} (${v.status}): ${v.cases} cases in ${v.ms} ms`);
    return r;
  },
});

/** The job id that makes `score.period` idempotent per period (and version). */
export const scoreJobId = (p: { year: number; month: number; version?: string }) =>
  `score.period-${p.year}-${p.month}${p.version ? '-' + p.version : ''}`;
