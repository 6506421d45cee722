import { Type } from 'typebox';
import { defineJob } from './job.js';
import { AppError } from '../errors.js';
import { ingestPackage } from '../registers/ingest/ingest.service.js';
import { packageRepo } from '../registers/ingest/package.repo.js';
import { packagePeriods } from '../features/features.service.js';
import { removeUpload } from '../registers/ingest/uploads.js';

/** The id of a package's ingestion job: one job per package (queued by the upload, again by src/jobs/recovery.ts). */
export const ingestJobId = (packageId: string) => `ingest-${packageId}`;

/** `registers.ingest`: reads an uploaded package (by package id) into the database. Idempotent. */
export const ingestJob = defineJob({
  name: 'registers.ingest',
  payload: Type.Object({ packageId: Type.String({ pattern: '^[0-9]+$' }) }),
  async handle({ packageId }, deps, ctx) {
    const packages = packageRepo(deps.db.sql);
    const pkg = await packages.get(packageId);
    if (pkg && (pkg.status === 'done' || pkg.status === 'rejected')) return { packageId, status: pkg.status };
    if (!pkg?.storage_path) throw new AppError('NOT_FOUND', `package ${packageId} has no stored upload`);
    const r = await ingestPackage(deps, [pkg.storage_path], {
      packageId,
      sourceName: pkg.source_name,
      onProgress: (f) => void ctx.progress(f),
    });
    // stored (or refused) for good: the upload, with the L-file's personal data, is not kept
    await removeUpload(deps.config.home, pkg.storage_path);
    await packages.dropStorage(packageId);
    // service mode: the features of every period the package stored cases for (features.job.ts)
    if (deps.queue)
      for (const p of await packagePeriods(deps.db.sql, packageId))
        await deps.queue.add('features.compute', p, `features.compute:${p.year}-${p.month}:${packageId}`);
    return { packageId, status: r.status, files: r.files.length };
  },
});
