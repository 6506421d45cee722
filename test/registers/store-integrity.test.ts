/**
 * The links between a register file and its rows. case, sub_case, sank and person have no foreign keys in the
 * database (migration 0300: a per-row check was a quarter of the load), so the loader keeps them: every row of the
 * sample region (three months, corrections with sanctions, H and C files with L-files) must point at its parent, and
 * the JSON archive of each element must agree with the columns drawn from it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openTestDatabase } from '../helpers/db.js';
import { tempDir } from '../helpers/registers.js';
import { createDeps, type Deps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { ingestPackage } from '../../src/registers/ingest/ingest.service.js';

const db = await openTestDatabase('integrity');
let deps: Deps;
const SAMPLE = 'data/sample/registers';

const count = async (sql: string) => (await db.sql.query<{ n: number }>(`SELECT (${sql})::int AS n`))[0].n;

beforeAll(async () => {
  deps = await createDeps(loadConfig({ OMSX_HOME: tempDir() }), { db });
  for (const f of readdirSync(SAMPLE).sort()) {
    const r = await ingestPackage(deps, [join(SAMPLE, f)], { workers: true, workerMinBytes: 0 });
    expect(r.status).toBe('done');
  }
}, 120_000);

describe('rows of the stored registers without foreign keys', () => {
  it('are all there: cases with sub-cases, persons, and the sanctions of the corrected registers', async () => {
    expect(await count('SELECT count(*) FROM "case"')).toBeGreaterThan(2000);
    expect(await count('SELECT count(*) FROM sub_case')).toBeGreaterThanOrEqual(await count('SELECT count(*) FROM "case"'));
    expect(await count('SELECT count(*) FROM person')).toBeGreaterThan(1000);
    expect(await count('SELECT count(*) FROM sank')).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) FROM "case" WHERE status = 'superseded'`)).toBeGreaterThan(0);
  });

  it('each point at their parent: no orphan in any child table', async () => {
    expect(
      await count('SELECT count(*) FROM "case" c WHERE NOT EXISTS (SELECT 1 FROM register_file f WHERE f.id = c.register_file_id)'),
    ).toBe(0);
    expect(await count('SELECT count(*) FROM sub_case s WHERE NOT EXISTS (SELECT 1 FROM "case" c WHERE c.id = s.case_id)')).toBe(0);
    expect(await count('SELECT count(*) FROM sank s WHERE NOT EXISTS (SELECT 1 FROM "case" c WHERE c.id = s.case_id)')).toBe(0);
    expect(
      await count('SELECT count(*) FROM person p WHERE NOT EXISTS (SELECT 1 FROM register_file f WHERE f.id = p.register_file_id)'),
    ).toBe(0);
    // and every case has its SL: a sub-case was not attached to a neighbour
    expect(await count('SELECT count(*) FROM "case" c WHERE NOT EXISTS (SELECT 1 FROM sub_case s WHERE s.case_id = c.id)')).toBe(0);
  });

  it('carry JSON archives that agree with their columns, row by row', async () => {
    expect(
      await count(`SELECT count(*) FROM "case" WHERE zsl->>'IDCASE' IS DISTINCT FROM idcase OR pacient->>'ID_PAC' IS DISTINCT FROM id_pac`),
    ).toBe(0);
    expect(await count(`SELECT count(*) FROM sub_case WHERE sl->>'SL_ID' IS DISTINCT FROM sl_id OR sl->>'DS1' IS DISTINCT FROM ds1`)).toBe(
      0,
    );
    expect(await count(`SELECT count(*) FROM sank WHERE data->>'S_CODE' IS DISTINCT FROM s_code`)).toBe(0);
    expect(await count(`SELECT count(*) FROM person WHERE data->>'ID_PAC' IS DISTINCT FROM id_pac`)).toBe(0);
    // each SL went to the case it was read in: the case's columns come from its last SL
    expect(
      await count(`SELECT count(*) FROM "case" c
                     JOIN LATERAL (SELECT ds1, profil FROM sub_case s WHERE s.case_id = c.id ORDER BY s.id DESC LIMIT 1) l ON true
                    WHERE l.ds1 IS DISTINCT FROM c.ds1 OR l.profil IS DISTINCT FROM c.profil`),
    ).toBe(0);
  });
});
