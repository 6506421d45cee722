/**
 * COPY inside a request's scope (SET LOCAL ROLE omsx_api, row-level security on): PostgreSQL refuses COPY FROM into a
 * table with policies, so POST /api/conclusions answered 500 to every signed-in user. Through the API as an
 * insurer's coordinator, on PostgreSQL and on the embedded PGlite: the conclusion is stored (201) with its version.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openTestDatabase } from '../helpers/db.js';
import { tempDir } from '../helpers/registers.js';
import { buildAppAs } from '../helpers/auth.js';
import { createDeps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { ingestPackage } from '../../src/registers/ingest/ingest.service.js';

async function postAsCoordinator(db: Database) {
  const deps = await createDeps(loadConfig({ OMSX_HOME: tempDir() }), { db });
  await ingestPackage(deps, [join('data/sample/registers', 'HM750003T76_2508.zip')], { workers: false });
  const [c] = await db.sql.query<{ id: string; smo: string }>(
    `SELECT id::text, coalesce(smo, plat) AS smo FROM "case" ORDER BY id LIMIT 1`,
  );
  const app = await buildAppAs(deps, { role: 'smo_coordinator', smo: c.smo });
  try {
    const r = await app.inject({
      method: 'POST',
      url: '/api/conclusions',
      payload: { case_id: c.id, control: 'MEE', result: 'no_defect', num_act: 'RLS-1', date_act: '2025-10-01' },
    });
    expect(r.statusCode, r.body).toBe(201);
    const [k] = await db.sql.query<{ num_act: string; smo: string; versions: number }>(
      `SELECT k.num_act, k.smo, (SELECT count(*)::int FROM conclusion_version v WHERE v.conclusion_id = k.id) AS versions
         FROM conclusion k WHERE k.case_id = $1`,
      [c.id],
    );
    expect(k).toEqual({ num_act: 'RLS-1', smo: c.smo, versions: 1 });
  } finally {
    await app.close();
  }
}

const pgDb = await openTestDatabase('copyrls');

describe('COPY under row-level security (a request scope)', () => {
  it('stores a conclusion posted by an insurer coordinator on PostgreSQL', async () => {
    await postAsCoordinator(pgDb);
  });

  it('and on the embedded PGlite', async () => {
    const lite = await openDatabase({ home: tempDir() });
    try {
      await postAsCoordinator(lite);
    } finally {
      await lite.close();
    }
  }, 180_000);
});
