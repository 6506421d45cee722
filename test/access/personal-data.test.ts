import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { openTestDatabase, TEST_DATABASE_URL } from '../helpers/db.js';
import { lFileFor, multiRecordH, tempDir, writeZip } from '../helpers/registers.js';
import { signIn } from '../helpers/auth.js';
import { createDeps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/api/app.js';
import { ingestPackage } from '../../src/registers/ingest/ingest.service.js';
import { pseudonym, pseudonymizer } from '../../src/access/pseudonym.js';
import { runCli } from '../../src/cli/main.js';

const db = await openTestDatabase('pdata');
const dir = tempDir();
const deps = await createDeps(loadConfig({ OMSX_HOME: dir }), { db });
const zip = await writeZip(join(dir, 'HM750096T75_21041.zip'), [
  { name: 'HM750096T75_21041.XML', content: multiRecordH(2) },
  { name: 'LM750096T75_21041.XML', content: lFileFor(2) },
]);
await ingestPackage(deps, [zip], { workers: false });
const [c1] = await db.sql.query<{ id: string; person_key: string }>('SELECT id::text, person_key FROM "case" ORDER BY n_zap LIMIT 1');
const app = await buildApp(deps);
const smo = await signIn(app, deps, { role: 'smo_coordinator', smo: '75001' });
const tfoms = await signIn(app, deps, { role: 'tfoms' });
const analyst = await signIn(app, deps, { role: 'data_scientist' });
const admin = await signIn(app, deps, { role: 'admin' });
const audit = () =>
  db.sql.query<{ login: string; action: string; endpoint: string; persons: string[]; case_ids: string[]; reason: string | null }>(
    'SELECT login, action, endpoint, persons, case_ids::text[] AS case_ids, reason FROM audit_log ORDER BY id',
  );

describe('personal data: only for roles that need it, every read audited', () => {
  it("an insurer's coordinator reads its insured's L-file data; the read is in the audit log", async () => {
    const r = await smo.inject({ method: 'GET', url: `/api/cases/${c1.id}/person` });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      caseId: c1.id,
      idPac: 'P1',
      fam: 'Иванов',
      im: 'Пётр',
      ot: 'Сергеевич',
      w: 1,
      dr: '1980-01-02',
      snils: '123-456-789 01',
    });
    expect(await audit()).toEqual([
      {
        login: smo.login,
        action: 'read-person',
        endpoint: 'GET /api/cases/:id/person',
        persons: [c1.person_key],
        case_ids: [c1.id],
        reason: null,
      },
    ]);
  });

  it('TFOMS only with a reason (kept in the log); analysts and admins never; nothing audited for a refusal', async () => {
    expect((await tfoms.inject({ method: 'GET', url: `/api/cases/${c1.id}/person` })).statusCode).toBe(400);
    const r = await tfoms.inject({ method: 'GET', url: `/api/cases/${c1.id}/person?reason=${encodeURIComponent('жалоба №17')}` });
    expect(r.statusCode).toBe(200);
    expect((await analyst.inject({ method: 'GET', url: `/api/cases/${c1.id}/person` })).statusCode).toBe(403);
    expect((await admin.inject({ method: 'GET', url: `/api/cases/${c1.id}/person` })).statusCode).toBe(403);
    const log = await audit();
    expect(log).toHaveLength(2);
    expect(log[1]).toMatchObject({ login: tfoms.login, reason: 'жалоба №17', case_ids: [c1.id] });
  });

  it('the audit log is append-only, for the owner too', async () => {
    await expect(db.sql.query("UPDATE audit_log SET reason = 'x'")).rejects.toThrow(/append-only/);
    await expect(db.sql.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(db.sql.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    expect(await audit()).toHaveLength(2);
  });

  it('GET /api/audit (TFOMS) and `omsx audit export --from --to` list the reads of the period', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const r = await tfoms.inject({ method: 'GET', url: `/api/audit?from=${today}&to=${tomorrow}` });
    expect(r.json().entries.map((e: { login: string }) => e.login)).toEqual([smo.login, tfoms.login]);
    expect((await tfoms.inject({ method: 'GET', url: `/api/audit?from=2000-01-01&to=2000-01-02` })).json().entries).toEqual([]);
    expect((await smo.inject({ method: 'GET', url: `/api/audit?from=${today}&to=${tomorrow}` })).statusCode).toBe(403);
    // TFOMS sees whose data was read; an administrator, who may not read personal data, the pseudonyms only
    expect(r.json().entries.map((e: { persons: string[] }) => e.persons)).toEqual([[c1.person_key], [c1.person_key]]);
    const byAdmin = await admin.inject({ method: 'GET', url: `/api/audit?from=${today}&to=${tomorrow}` });
    expect(byAdmin.json().entries.map((e: { login: string }) => e.login)).toEqual([smo.login, tfoms.login]);
    expect(byAdmin.body).not.toContain(c1.person_key);
    for (const e of byAdmin.json().entries as { persons: string[] }[])
      expect(e.persons).toEqual([expect.stringMatching(/^([0-9a-f]{32}|—)$/)]);
    let out = '';
    const o = new PassThrough().on('data', (d) => (out += d));
    const env = { DATABASE_URL: TEST_DATABASE_URL, OMSX_DB_SCHEMA: db.schema, OMSX_HOME: dir };
    expect(await runCli(['audit', 'export', '--from', today, '--to', tomorrow], env, { out: o, err: new PassThrough() })).toBe(0);
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { login: string; persons: string[]; reason: string | null });
    expect(lines.map((l) => [l.login, l.persons, l.reason])).toEqual([
      [smo.login, [c1.person_key], null],
      [tfoms.login, [c1.person_key], 'жалоба №17'],
    ]);
  });
});

describe('pseudonymous person key', () => {
  it('is a keyed HMAC: stable for a key, different under another key, and refused without a key', () => {
    const key = 'k'.repeat(32);
    // printf 'ENP:7500000000000001' | openssl dgst -sha256 -hmac kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk
    expect(pseudonym(key, 'ENP:7500000000000001')).toBe('d4df4ff2e23ff4ac87304b80d5594b98');
    expect(pseudonymizer({ pseudonymKey: key })('ENP:7500000000000001')).toBe('d4df4ff2e23ff4ac87304b80d5594b98');
    expect(pseudonym('j'.repeat(32), 'ENP:7500000000000001')).not.toBe(pseudonym(key, 'ENP:7500000000000001'));
    expect(() => pseudonymizer({})).toThrow(/OMSX_PSEUDONYM_KEY/);
    expect(() => loadConfig({ OMSX_PSEUDONYM_KEY: 'short' })).toThrow(/OMSX_PSEUDONYM_KEY: expected at least 32/);
  });
});

describe('omsx users and tokens', () => {
  const env = { DATABASE_URL: TEST_DATABASE_URL, OMSX_DB_SCHEMA: db.schema, OMSX_HOME: dir };
  const cli = async (argv: string[], stdin = '') => {
    let out = '';
    let err = '';
    const input = new PassThrough();
    input.end(stdin);
    const code = await runCli(argv, env, {
      out: new PassThrough().on('data', (d) => (out += d)),
      err: new PassThrough().on('data', (d) => (err += d)),
      in: input,
    });
    return { code, out, err };
  };

  it('users add (password on stdin) / list / disable; tokens create / list / revoke, and the token works until revoked', async () => {
    expect((await cli(['users', 'add', 'coord1', '--role', 'smo_coordinator'], 'long enough pw\n')).err).toMatch(/needs --smo/);
    expect((await cli(['users', 'add', 'coord1', '--role', 'smo_coordinator', '--smo', '75001'], 'short\n')).err).toMatch(/at least 10/);
    expect((await cli(['users', 'add', 'coord1', '--role', 'smo_coordinator', '--smo', '75001'], 'long enough pw\n')).code).toBe(0);
    expect((await cli(['users', 'add', 'coord1', '--role', 'tfoms'], 'long enough pw\n')).err).toMatch(/exists/);
    expect((await cli(['users', 'list'])).out).toMatch(/coord1\s+smo_coordinator\s+smo=75001 mo=-/);
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'coord1', password: 'long enough pw' } });
    expect(login.statusCode).toBe(200);

    const created = await cli(['tokens', 'create', 'coord1', '--name', 'etl', '--days', '7']);
    const token = created.out.trim();
    expect(token).toMatch(/^omsx_[A-Za-z0-9_-]{43}$/);
    const me = () => app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect((await me()).json().user).toEqual({ login: 'coord1', role: 'smo_coordinator', smo: '75001', mo: null });
    const listed = (await cli(['tokens', 'list'])).out;
    expect(listed).toMatch(/coord1\s+etl/);
    expect(listed).not.toContain(token.slice(5));
    const id = /^\s*(\d+) coord1/m.exec(listed)![1];
    expect((await cli(['tokens', 'revoke', id])).code).toBe(0);
    expect((await me()).statusCode).toBe(401);

    expect((await cli(['users', 'disable', 'coord1'])).code).toBe(0);
    expect(
      (await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'coord1', password: 'long enough pw' } })).statusCode,
    ).toBe(401);
    expect((await cli(['users', 'list'])).out).toMatch(/coord1.*DISABLED/);
  });
});
