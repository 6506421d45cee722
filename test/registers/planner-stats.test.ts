import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openTestDatabase } from '../helpers/db.js';
import { multiRecordH, tempDir, writeCp1251 } from '../helpers/registers.js';
import { createDeps, type Deps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { ingestPackage } from '../../src/registers/ingest/ingest.service.js';
import { registerRepo } from '../../src/registers/store/register.repo.js';
import { CASE_COLUMNS } from '../../src/registers/store/case-rows.js';
import { HISTORY_SQL } from '../../src/registers/mek/history.repo.js';

const db = await openTestDatabase('plannerstats');
let deps: Deps;
const dir = tempDir();

/** Copies every stored case `times` more times (new ids, N_ZAP and person keys), straight in SQL. */
let grown = 0;
async function grow(times: number) {
  const suffix = `'-${++grown}-' || g`;
  const cols = CASE_COLUMNS.map((c) =>
    c === 'id' ? "nextval('case_id_seq')" : c === 'n_zap' || c === 'person_key' ? `${c} || ${suffix}` : c,
  );
  await db.sql.exec(`INSERT INTO "case" (${CASE_COLUMNS.join(',')}) SELECT ${cols.join(',')} FROM "case", generate_series(1, ${times}) g`);
}
const analyzed = async () =>
  (
    await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'case' AND attname = 'person_key'`,
    )
  )[0].n === 1;

beforeAll(async () => {
  deps = await createDeps(loadConfig({ OMSX_HOME: dir }), { db });
});

describe('planner statistics of "case" for the history query of cross-record MEK', () => {
  it('are taken once the table is big enough, which moves the history query from a full scan to the index', async () => {
    const repo = registerRepo(db.sql);
    const file = writeCp1251(join(dir, 'HM750096T75_21041.XML'), multiRecordH(300));
    expect((await ingestPackage(deps, [file], { workers: false })).files[0].accepted).toBe(300);
    expect(await repo.refreshPlannerStats()).toBe(false); // 300 cases: too small to matter
    expect(await analyzed()).toBe(false);

    await grow(319); // 96 000 cases, never analyzed (autovacuum off or behind)
    const keys = (await db.sql.query<{ k: string }>(`SELECT person_key AS k FROM "case" ORDER BY id DESC LIMIT 1000`)).map((r) => r.k);
    const plan = async () => JSON.stringify(await db.sql.query(`EXPLAIN (FORMAT JSON) ${HISTORY_SQL}`, [keys]));
    expect(await plan()).not.toContain('case_person_idx'); // the whole table, for every batch

    expect(await repo.refreshPlannerStats()).toBe(true);
    expect(await analyzed()).toBe(true);
    expect(await plan()).toContain('case_person_idx');
    expect(await repo.refreshPlannerStats()).toBe(false); // current

    await grow(1); // twice as big: the distinct-value ratio still holds, no new ANALYZE
    expect(await repo.refreshPlannerStats()).toBe(false);
    expect(await plan()).toContain('case_person_idx');
  });
});
