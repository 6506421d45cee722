/**
 * A request's scope runs as omsx_api (`SET LOCAL ROLE` in its transaction, db/scope.ts): a connection that goes back
 * to the pool never keeps that role or the scope's settings, however the scope ended (commit, rollback, a failed
 * statement, a failed COMMIT), and SQL that would leave the role inside a scope is refused before it is sent. One
 * connection in the pool, so every query after a scope runs on the connection the scope used.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { openTestDatabase, TEST_DATABASE_URL } from '../helpers/db.js';
import { openDatabase } from '../../src/db/database.js';
import { runInScope, checkScopedSql } from '../../src/db/scope.js';
import { dbScopeOf } from '../../src/access/access.plugin.js';
import type { Principal } from '../../src/access/roles.js';

const shared = await openTestDatabase('roleleak');
// the same schema through a pool of one connection
const db = await openDatabase({ databaseUrl: TEST_DATABASE_URL, schema: shared.schema, poolSize: 1, migrate: false });
const user: Principal = { id: '1', login: 'c', role: 'smo_coordinator', smo: '75001', mo: null, via: 'token' };
const scope = dbScopeOf(user);

/** Who the pooled connection is outside any scope. */
const outside = async () =>
  (
    await db.sql.query<{ u: string; s: string; r: string; scope: string; smo: string }>(
      `SELECT current_user AS u, session_user AS s, current_setting('role') AS r,
              coalesce(current_setting('omsx.scope', true), '') AS scope, coalesce(current_setting('omsx.smo', true), '') AS smo`,
    )
  )[0];

describe('the role of a request never stays on a pooled connection', () => {
  it('after a commit, a rollback, a failed statement and a failed COMMIT: the connection is its own user again', async () => {
    const before = await outside();
    expect(before.u).not.toBe('omsx_api');
    await db.sql.exec(
      `CREATE TABLE leak_t (v int PRIMARY KEY, w int REFERENCES leak_t (v) DEFERRABLE INITIALLY DEFERRED); GRANT ALL ON leak_t TO omsx_api`,
    );
    const inScope = () => db.sql.query<{ u: string }>('SELECT current_user AS u');
    // committed
    expect(await runInScope(scope, inScope)).toEqual([{ u: 'omsx_api' }]);
    expect(await outside()).toEqual({ ...before, scope: '', smo: '' });
    // rolled back (the request threw)
    await expect(
      runInScope(scope, async () => {
        await inScope();
        throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');
    expect(await outside()).toEqual({ ...before, scope: '', smo: '' });
    // a statement failed inside the scope (the transaction is aborted)
    await expect(runInScope(scope, () => db.sql.query('SELECT 1 / 0'))).rejects.toThrow(/division by zero/);
    expect(await outside()).toEqual({ ...before, scope: '', smo: '' });
    // the COMMIT itself fails (a deferred foreign key): the connection is dropped, the next one is clean
    await expect(runInScope(scope, () => db.sql.query('INSERT INTO leak_t VALUES (1, 2)'))).rejects.toThrow(/foreign key/);
    expect(await outside()).toEqual({ ...before, scope: '', smo: '' });
    expect(await db.sql.query('SELECT count(*)::int AS n FROM leak_t')).toEqual([{ n: 0 }]);
  });

  it('SQL that would leave the role or end the transaction is refused inside a scope, before it is sent', async () => {
    for (const text of [
      'RESET ROLE',
      'reset all',
      'SET ROLE postgres',
      'SET role = postgres',
      'SET SESSION AUTHORIZATION postgres',
      'SELECT 1; RESET ROLE',
      "SELECT set_config('role', 'postgres', false)",
      'COMMIT',
      'ROLLBACK',
      'DISCARD ALL',
      "SELECT 1 FROM app_user WHERE login = ''; SET LOCAL ROLE postgres; --'",
    ]) {
      await expect(
        runInScope(scope, () => db.sql.query(text)),
        text,
      ).rejects.toThrow(/may not change its role/);
      expect(() => checkScopedSql(text)).toThrow();
    }
    // ordinary SQL that mentions the words is not refused
    for (const text of [
      "UPDATE app_user SET role = 'expert' WHERE false",
      "SELECT CASE WHEN true THEN 1 END AS x, 'RESET ROLE' AS y",
      "SELECT set_config('omsx.pd', 'on', true)",
    ])
      expect(() => checkScopedSql(text), text).not.toThrow();
    // outside a scope the system's own SQL is not checked (migrations, the CLI, jobs)
    await db.sql.query('RESET ROLE');
    expect((await outside()).u).not.toBe('omsx_api');
  });

  it('a crafted value is data: bound as a parameter, it cannot change the role', async () => {
    const crafted = "x'; RESET ROLE; SELECT '";
    const r = await runInScope(scope, () => db.sql.query<{ v: string; u: string }>('SELECT $1::text AS v, current_user AS u', [crafted]));
    expect(r).toEqual([{ v: crafted, u: 'omsx_api' }]);
    // and two statements cannot go in one parameterised query (the extended protocol takes one)
    await expect(runInScope(scope, () => db.sql.query('SELECT $1::text; SELECT 1', ['a']))).rejects.toThrow(/multiple commands/);
    expect((await outside()).u).not.toBe('omsx_api');
  });
});
afterAll(() => db.close());
