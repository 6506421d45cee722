import { Type } from 'typebox';
import { defineJob } from './job.js';
import { AppError } from '../errors.js';
import { ingestPackage } from '../registers/ingest/ingest.service.js';
import { packageRepo } from '../registers/ingest/package.repo.js';
import { packagePeriods } from '../features/features.service.js';

/** `registers.ingest`: reads an uploaded package (by package id) into the database. Idempotent. */
export const ingestJob = defineJob({
  name: 'registers.ingest',
  payload: Type.Object({ packageId: Type.String({ pattern: '^[0-9]+$' }) }),
  async handle({ packageId }, deps, ctx) {
    const pkg = await packageRepo(deps.db.sql).get(packageId);
    if (!pkg?.storage_path) throw new AppError('NOT_FOUND', `package ${packageId} has no stored upload`);
    if (pkg.status === 'done' || pkg.status === 'rejected') return { packageId, status: pkg.status };
    const r = await ingestPackage(deps, [pkg.storage_path], {
      packageId,
      sourceName: pkg.source_name,
      onProgress: (f) => void ctx.progress(f),
    });
    // service mode: the features of every period the package stored cases for (features.job.ts)
    if (deps.queue)
      for (const p of await packagePeriods(deps.db.sql, packageId))
        await deps.queue.add('features.compute', p, `features.compute:${p.year}-${p.month}:${packageId}`);
    return { packageId, status: r.status, files: r.files.length };
  },
});
