import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openTestDatabase } from '../helpers/db.js';
import { multiRecordH, tempDir, writeCp1251 } from '../helpers/registers.js';
import { createDeps, type Deps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { ingestPackage } from '../../src/registers/ingest/ingest.service.js';
import { LINK_FINDINGS_SQL, registerRepo } from '../../src/registers/store/register.repo.js';
import { CASE_COLUMNS } from '../../src/registers/store/case-rows.js';
import { HISTORY_SQL } from '../../src/registers/mek/history.repo.js';
import { conclusionsRepo } from '../../src/review/conclusions.repo.js';
import type { SqlPort } from '../../src/db/sql.port.js';

const db = await openTestDatabase('plannerstats');
/** A second schema, for growth from a small analysed table. */
const db2 = await openTestDatabase('plannerstats2');
/** Schemas of the link and correction tests, opened here so that they are dropped after the file (helpers/db.ts). */
const db3 = await openTestDatabase('plannerstats3');
const db4 = await openTestDatabase('plannerstats4');
let deps: Deps;
let deps2: Deps;
const dir = tempDir();
type Db = typeof db;

/** Copies every stored case `times` more times (new ids, N_ZAP and person keys), straight in SQL. */
let grown = 0;
async function grow(times: number, on: Db = db) {
  const suffix = `'-${++grown}-' || g`;
  const cols = CASE_COLUMNS.map((c) =>
    c === 'id' ? "nextval('case_id_seq')" : c === 'n_zap' || c === 'person_key' ? `${c} || ${suffix}` : c,
  );
  await on.sql.exec(`INSERT INTO "case" (${CASE_COLUMNS.join(',')}) SELECT ${cols.join(',')} FROM "case", generate_series(1, ${times}) g`);
}
const analyzed = async (on: Db = db) =>
  (
    await on.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'case' AND attname = 'person_key'`,
    )
  )[0].n === 1;

beforeAll(async () => {
  deps = await createDeps(loadConfig({ OMSX_HOME: dir }), { db });
  deps2 = await createDeps(loadConfig({ OMSX_HOME: dir }), { db: db2 });
});

describe('planner statistics of "case" for the history query of cross-record MEK', () => {
  it('are taken once the table is big enough; the history query keeps to the index with and without them', async () => {
    const repo = registerRepo(db.sql);
    const file = writeCp1251(join(dir, 'HM750096T75_21041.XML'), multiRecordH(300));
    expect((await ingestPackage(deps, [file], { workers: false })).files[0].accepted).toBe(300);
    expect(await repo.refreshPlannerStats()).toBe(false); // 300 cases: too small to matter
    expect(await analyzed()).toBe(false);

    await grow(319); // 96 000 cases, never analyzed (autovacuum off or behind)
    const keys = (await db.sql.query<{ k: string }>(`SELECT person_key AS k FROM "case" ORDER BY id DESC LIMIT 1000`)).map((r) => r.k);
    const plan = async () => JSON.stringify(await db.sql.query(`EXPLAIN (FORMAT JSON) ${HISTORY_SQL}`, [keys]));
    // with the keys as a plain array parameter the planner scanned the whole table here for every batch; the
    // keys passed through a sub-select are not estimated one by one (history.repo.ts), and the index is used
    expect(await plan()).toContain('case_person_idx');
    const direct = HISTORY_SQL.replace('ANY((SELECT $1::text[])::text[])', 'ANY($1)');
    expect(direct).not.toBe(HISTORY_SQL);
    expect(JSON.stringify(await db.sql.query(`EXPLAIN (FORMAT JSON) ${direct}`, [keys]))).not.toContain('case_person_idx');

    expect(await repo.refreshPlannerStats()).toBe(true);
    expect(await analyzed()).toBe(true);
    expect(await plan()).toContain('case_person_idx');
    expect(await repo.refreshPlannerStats()).toBe(false); // current

    await grow(1); // twice as big: the distinct-value ratio still holds, no new ANALYZE
    expect(await repo.refreshPlannerStats()).toBe(false);
    expect(await plan()).toContain('case_person_idx');
  });

  it('are taken again once the table has grown tenfold since, not before', async () => {
    const repo = registerRepo(db2.sql);
    const file = writeCp1251(join(dir, 'HM750096T75_21042.XML'), multiRecordH(300, { fileName: 'HM750096T75_21042' }));
    expect((await ingestPackage(deps2, [file], { workers: false })).files[0].accepted).toBe(300);
    await grow(7, db2); // 2 400 cases
    expect(await repo.refreshPlannerStats()).toBe(true);
    expect(await analyzed(db2)).toBe(true);
    await grow(3, db2); // 9 600: four times as big
    expect(await repo.refreshPlannerStats()).toBe(false);
    await grow(2, db2); // 28 800: twelve times the analysed size
    expect(await repo.refreshPlannerStats()).toBe(true);
    expect(await repo.refreshPlannerStats()).toBe(false);
  });
});

describe('linking findings to their cases (finding.case_id) with statistics of "case" taken before the file', () => {
  it('looks each finding up in the file key: pages read grow with the findings, not findings × cases', async () => {
    const deps3 = await createDeps(loadConfig({ OMSX_HOME: dir }), { db: db3 });
    const file = writeCp1251(join(dir, 'HM750096T75_21043.XML'), multiRecordH(300, { fileName: 'HM750096T75_21043' }));
    expect((await ingestPackage(deps3, [file], { workers: false })).files[0].accepted).toBe(300);
    await db3.sql.exec('ANALYZE "case"'); // statistics of the first file only
    // a second file of 6 000 cases, none in the statistics, with 600 findings on them
    const [{ id }] = await db3.sql.query<{ id: string }>(
      `INSERT INTO register_file (package_id, file_name, kind, version, sha256, code_mo, year, month)
       SELECT package_id, 'HM750096T75_21044.XML', kind, version, 'x' || sha256, code_mo, year, month FROM register_file LIMIT 1
       RETURNING id::text`,
    );
    const cols = CASE_COLUMNS.map((c) =>
      c === 'id' ? "nextval('case_id_seq')" : c === 'register_file_id' ? '$1::bigint' : c === 'n_zap' ? `n_zap || '-' || g` : c,
    );
    await db3.sql.query(`INSERT INTO "case" (${CASE_COLUMNS.join(',')}) SELECT ${cols.join(',')} FROM "case", generate_series(1, 20) g`, [
      id,
    ]);
    await db3.sql.query(
      `INSERT INTO finding (register_file_id, package_id, file_name, control, rule, message, n_zap)
       SELECT $1::bigint, (SELECT package_id FROM register_file WHERE id = $1::bigint), 'HM750096T75_21044.XML', 'MEK', 'X', 'x', n_zap FROM "case" WHERE register_file_id = $1::bigint AND (n_zap LIKE '%-1' OR n_zap LIKE '%-2')`,
      [id],
    );
    const [{ 'QUERY PLAN': plan }] = await db3.sql.query<{
      'QUERY PLAN': { Plan: { 'Shared Hit Blocks': number; 'Shared Read Blocks': number } }[];
    }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${LINK_FINDINGS_SQL.replaceAll('$1', id)}`);
    const pages = plan[0].Plan['Shared Hit Blocks'] + plan[0].Plan['Shared Read Blocks'];
    // 600 findings: a few index pages each; the join the planner made of it read every finding once per case (3.6 M)
    expect(pages).toBeLessThan(600 * 20);
    const [links] = await db3.sql.query<{ linked: number; wrong: number }>(
      `SELECT count(f.case_id)::int AS linked, count(*) FILTER (WHERE f.case_id IS DISTINCT FROM c.id)::int AS wrong
         FROM finding f LEFT JOIN "case" c ON c.register_file_id = f.register_file_id AND c.n_zap = f.n_zap
        WHERE f.register_file_id = $1::bigint`,
      [id],
    );
    expect(links).toEqual({ linked: 600, wrong: 0 });
  });
});

describe('corrections with statistics of "case" taken before the correction', () => {
  it('supersede and the look-up of originals read each account once, not once per corrected record', async () => {
    const deps4 = await createDeps(loadConfig({ OMSX_HOME: dir }), { db: db4 });
    const file = writeCp1251(join(dir, 'HM750096T75_21045.XML'), multiRecordH(300, { fileName: 'HM750096T75_21045' }));
    expect((await ingestPackage(deps4, [file], { workers: false })).files[0].accepted).toBe(300);
    const [a] = await db4.sql.query<{ id: string }>(`SELECT id::text FROM register_file`);
    // the original account grows to 6 000 cases and is analysed; the correction's rows are not in the statistics
    const copy = (c: string) =>
      c === 'id' ? "nextval('case_id_seq')" : c === 'n_zap' || c === 'idcase' ? `${c} || '-' || g` : c === 'person_key' ? `${c} || g` : c;
    await db4.sql.exec(
      `INSERT INTO "case" (${CASE_COLUMNS.join(',')}) SELECT ${CASE_COLUMNS.map(copy).join(',')} FROM "case", generate_series(1, 19) g`,
    );
    await db4.sql.exec('ANALYZE "case"');
    const [{ id: b }] = await db4.sql.query<{ id: string }>(
      `INSERT INTO register_file (package_id, file_name, kind, version, sha256, code_mo, year, month, schet_code, ref_code, ref_year, ref_month)
       SELECT package_id, 'HM750096T75_21046.XML', kind, version, 'y' || sha256, code_mo, year, month + 1, 'FIX', schet_code, year, month
         FROM register_file WHERE id = $1::bigint RETURNING id::text`,
      [a.id],
    );
    // 600 corrected records (PR_NOV = 1) naming their originals by FIRST_IDCASE
    const fix = (c: string) =>
      c === 'id'
        ? "nextval('case_id_seq')"
        : c === 'register_file_id'
          ? '$1::bigint'
          : c === 'pr_nov'
            ? '1'
            : c === 'first_idcase'
              ? 'idcase'
              : c === 'idcase'
                ? "'N' || idcase"
                : c;
    await db4.sql.query(
      `INSERT INTO "case" (${CASE_COLUMNS.join(',')}) SELECT ${CASE_COLUMNS.map(fix).join(',')} FROM "case" WHERE register_file_id = $2::bigint AND id % 10 = 0`,
      [b, a.id],
    );
    const fetched = async (s: SqlPort) =>
      Number(
        (
          await s.query<{ n: string }>(
            `SELECT (idx_tup_fetch + seq_tup_read)::text AS n FROM pg_stat_xact_user_tables WHERE relid = '"case"'::regclass`,
          )
        )[0].n,
      );
    await db4.sql.transaction(async (tx) => {
      const t0 = await fetched(tx);
      expect(await registerRepo(tx).supersede(b)).toBe(600);
      // one pass over the account (6 000) and the correction (600); a join per record read 600 × 6 000
      expect((await fetched(tx)) - t0).toBeLessThan(20_000);
      const ids = (await tx.query<{ id: string }>(`SELECT id::text FROM "case" WHERE register_file_id = $1::bigint`, [b])).map((r) => r.id);
      const t1 = await fetched(tx);
      const roots = await conclusionsRepo(tx).roots(ids);
      expect((await fetched(tx)) - t1).toBeLessThan(20_000);
      const [{ n }] = await tx.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "case" o WHERE o.superseded_by = ANY($1::bigint[]) AND o.register_file_id = $2::bigint`,
        [ids, a.id],
      );
      expect(n).toBe(600);
      expect([...roots.values()].filter((r, i) => r !== ids[i]).length).toBe(600);
    });
  });
});
