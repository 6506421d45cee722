import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../helpers/db.js';
import { runInScope, scopeStatement, asSystem, commitScope } from '../../src/db/scope.js';

const db = await openTestDatabase('scope');

describe('request scope (db/scope.ts)', () => {
  it('sets the role and the settings for the transaction only; a value cannot break out of its literal', async () => {
    const hostile = "75'), set_config('omsx.scope', 'all', true); --";
    expect(scopeStatement({ role: 'omsx_api', settings: { 'omsx.smo': hostile } })).toBe(
      "SELECT set_config('role', 'omsx_api', true), set_config('jit', 'off', true), set_config('omsx.smo', '75''), set_config(''omsx.scope'', ''all'', true); --', true)",
    );
    const seen = await runInScope({ role: 'omsx_api', settings: { 'omsx.scope': 'smo', 'omsx.smo': hostile } }, () =>
      db.sql.query<{ u: string; scope: string; smo: string }>(
        "SELECT current_user AS u, current_setting('omsx.scope') AS scope, current_setting('omsx.smo') AS smo, current_setting('jit') AS jit",
      ),
    );
    // no JIT compilation for a request's short queries (their policies' estimated cost would trigger it)
    expect(seen).toEqual([{ u: 'omsx_api', scope: 'smo', smo: hostile, jit: 'off' }]);
    // outside the scope: the connection's own user, no setting left behind on the pooled connection
    const after = await db.sql.query<{ u: string; scope: string | null }>(
      "SELECT current_user AS u, current_setting('omsx.scope', true) AS scope",
    );
    expect(after[0].u).not.toBe('omsx_api');
    expect(after[0].scope ?? '').toBe('');
    expect(() => scopeStatement({ role: 'x; DROP', settings: {} })).toThrow(/invalid role/);
  });

  it('rolls back what a failing scope wrote; asSystem runs outside it; commitScope makes work visible at once', async () => {
    await db.sql.exec('CREATE TABLE scope_t (v int); GRANT ALL ON scope_t TO omsx_api');
    await expect(
      runInScope({ role: 'omsx_api', settings: {} }, async () => {
        await db.sql.query('INSERT INTO scope_t VALUES (1)');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await db.sql.query('SELECT v FROM scope_t')).toEqual([]);
    await runInScope({ role: 'omsx_api', settings: {} }, async () => {
      await db.sql.query('INSERT INTO scope_t VALUES (2)');
      expect(await asSystem(() => db.sql.query('SELECT v FROM scope_t'))).toEqual([]); // not committed yet
      await commitScope();
      expect(await asSystem(() => db.sql.query('SELECT v FROM scope_t'))).toEqual([{ v: 2 }]);
    });
  });
});
