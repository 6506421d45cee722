/**
 * Service mode: the ingest job queues `features.compute` for the period the package touched, and the worker stores the
 * features of its accepted cases (real Redis and PostgreSQL).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openTestDatabase, TEST_REDIS_URL } from '../helpers/db.js';
import { lFileFor, multiRecordH, tempDir, writeZip } from '../helpers/registers.js';
import { createDeps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { createQueue, startWorker } from '../../src/jobs/queue.js';
import { packageRepo } from '../../src/registers/ingest/package.repo.js';
import { readFeatures } from '../../src/features/features.service.js';
import { featureRecord } from '../../src/features/case-features.js';

const db = await openTestDatabase('featjob');
const dir = tempDir();
const prefix = `omsx-test-feat-${process.pid}-${Date.now()}`;
const deps = await createDeps(loadConfig({ OMSX_HOME: dir, REDIS_URL: TEST_REDIS_URL }), {
  db,
  queue: createQueue(TEST_REDIS_URL, prefix),
});
const worker = startWorker(deps, { prefix });
afterAll(async () => {
  await worker.close();
  await deps.close();
});

describe('features job', () => {
  it('runs after ingestion for the period of the package', async () => {
    const zip = await writeZip(join(dir, 'HM750096T75_21041.zip'), [
      { name: 'HM750096T75_21041.XML', content: multiRecordH(3) },
      { name: 'LM750096T75_21041.XML', content: lFileFor(3) },
    ]);
    const id = await packageRepo(db.sql).create('HM750096T75_21041.zip', zip);
    await deps.queue?.add('registers.ingest', { packageId: id }, `ingest-${id}`);
    let rows: Record<string, unknown>[] = [];
    for (let i = 0; i < 300 && rows.length < 3; i++) {
      await new Promise((r) => setTimeout(r, 100));
      rows = [];
      for await (const b of readFeatures(db.sql, { from: '2000-01', to: '2999-12' })) rows.push(...b.map(featureRecord));
    }
    const [file] = await db.sql.query<{ year: number; month: number }>(`SELECT year, month FROM register_file`);
    const [cases] = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "case" WHERE status = 'accepted'`);
    expect(rows.length).toBe(cases.n);
    expect(cases.n).toBe(3);
    const [stored] = await db.sql.query<{ year: number; month: number }>(`SELECT DISTINCT year, month FROM case_feature`);
    expect(stored).toEqual(file);
    expect(rows[0]).toMatchObject({ code_mo: '750096', ds1: 'L42', ds1_chapter: 'XII' });
  }, 60_000);
});
