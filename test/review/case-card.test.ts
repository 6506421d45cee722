/**
 * The expert's case card API on the sample region's July and August 2025 registers, on the real PostgreSQL: the F014
 * table and its search, the sanction preview (the same numbers a stored conclusion gets), the patient's timeline
 * under an insurer's row-level scope.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { openTestDatabase } from '../helpers/db.js';
import { tempDir } from '../helpers/registers.js';
import { signIn, type SignedIn, assignCases } from '../helpers/auth.js';
import { createDeps, type Deps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/api/app.js';
import { ingestPackage } from '../../src/registers/ingest/ingest.service.js';
import { setFineNorm } from '../../src/review/fine-norm.service.js';
import { pseudonym } from '../../src/access/pseudonym.js';

const db = await openTestDatabase('case_card');
const SAMPLE = 'data/sample/registers';
const KEY = 'case-card-test-pseudonym-key-0123456789';
const NORM_KOP = 1_950_000; // 19 500.00 RUB
let deps: Deps;
let app: FastifyInstance;
let tfoms: SignedIn;
let expert: SignedIn;
let smo = '';

/** F014 as the file has it: Kod → [Osn, K_NO, K_SH] (read here, not through the code under test). */
const F014 = new Map(
  readFileSync('data/nsi/F014.tsv', 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'))
    .filter((c) => c[7] === '')
    .map((c) => [Number(c[0]), { osn: c[3], kNo: Number(c[8] || 0), kSh: Number(c[9] || 0) }]),
);

/** A person with at least three accepted cases in the two months, and one of those cases. */
let person = { key: '', smo: '', cases: [] as { id: string; d1: string; d2: string }[] };

beforeAll(async () => {
  deps = await createDeps(loadConfig({ OMSX_HOME: tempDir(), OMSX_PSEUDONYM_KEY: KEY }), { db });
  for (const f of readdirSync(SAMPLE)
    .filter((f) => /_(2507|2508)\.zip$/.test(f))
    .sort())
    expect((await ingestPackage(deps, [join(SAMPLE, f)], { workers: false })).status).toBe('done');
  await setFineNorm(deps, 2025, NORM_KOP, 'test');
  const [p] = await db.sql.query<{ person_key: string; smo: string }>(
    `SELECT person_key, min(COALESCE(smo, plat)) AS smo FROM "case" WHERE status = 'accepted'
      GROUP BY person_key HAVING count(*) >= 3 AND count(DISTINCT COALESCE(smo, plat)) = 1 ORDER BY count(*) DESC, person_key LIMIT 1`,
  );
  expect(p).toBeDefined();
  const cases = await db.sql.query<{ id: string; d1: string; d2: string }>(
    `SELECT id::text, to_char(date_z_1, 'YYYY-MM-DD') AS d1, to_char(date_z_2, 'YYYY-MM-DD') AS d2 FROM "case"
      WHERE person_key = $1 AND status = 'accepted' ORDER BY date_z_1, date_z_2, id`,
    [p.person_key],
  );
  person = { key: p.person_key, smo: p.smo, cases };
  smo = p.smo;
  app = await buildApp(deps);
  tfoms = await signIn(app, deps, { role: 'tfoms' });
  expert = await signIn(app, deps, { role: 'expert', smo });
  // an expert reaches the cases assigned to them: the person's cases are
  await assignCases(
    deps,
    expert.expert!,
    person.cases.map((c) => c.id),
  );
}, 240_000);

describe('GET /api/nsi/f014', () => {
  it('lists codes with their item, text, K_NO / K_SH and group; searches by code, item and words', async () => {
    const byCode = await expert.inject({ method: 'GET', url: '/api/nsi/f014?q=246&on=2025-08-01' });
    expect(byCode.statusCode).toBe(200);
    const e = byCode.json().items.find((x: { code: number }) => x.code === 246);
    const f = F014.get(246)!;
    expect(e).toMatchObject({ code: 246, osn: f.osn, k_no: f.kNo, k_sh: f.kSh, group: '2.16', section: 'MEE', to: null });
    // an item prefix: every answer is under it
    const item = (await expert.inject({ method: 'GET', url: '/api/nsi/f014?q=3.2.&on=2025-08-01' })).json();
    expect(item.total).toBe([...F014.values()].filter((x) => x.osn.startsWith('3.2.')).length);
    expect(item.items.every((x: { osn: string; section: string }) => x.osn.startsWith('3.2.') && x.section === 'EKMP')).toBe(true);
    // words of the text, any case, each must occur
    const words = (
      await expert.inject({ method: 'GET', url: `/api/nsi/f014?q=${encodeURIComponent('НЕПРОФИЛЬНАЯ госпитализация')}` })
    ).json();
    expect(words.items.map((x: { code: number }) => x.code)).toContain(203);
    expect(words.items.every((x: { text: string }) => /непрофильн/i.test(x.text) && /госпитализац/i.test(x.text))).toBe(true);
    // on a date: codes closed before it are left out
    const all = (await expert.inject({ method: 'GET', url: '/api/nsi/f014?on=2025-08-01&limit=500' })).json();
    expect(all.total).toBe(F014.size);
    expect(all.items.some((x: { code: number }) => x.code < 201)).toBe(false);
  });

  it('refuses a bad date and needs a signed-in user', async () => {
    expect((await expert.inject({ method: 'GET', url: '/api/nsi/f014?on=yesterday' })).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/api/nsi/f014' })).statusCode).toBe(401);
  });
});

describe('GET /api/cases/:id/sanction', () => {
  it('previews case sum × max K_NO and norm × max K_SH, and a stored conclusion gets the same numbers', async () => {
    const caseId = person.cases[0].id;
    const [{ sumv_kop }] = await db.sql.query<{ sumv_kop: number }>(`SELECT (sumv * 100)::float8 AS sumv_kop FROM "case" WHERE id = $1`, [
      caseId,
    ]);
    const codes = [246, 203];
    const r = await expert.inject({
      method: 'GET',
      url: `/api/cases/${caseId}/sanction?f014=${codes.join(',')}&control=MEE&date_act=2025-10-01`,
    });
    expect(r.statusCode).toBe(200);
    const p = r.json();
    // hand-computed from the table file
    const kNo = Math.max(...codes.map((c) => F014.get(c)!.kNo));
    const kSh = Math.max(...codes.map((c) => F014.get(c)!.kSh));
    expect(kNo).toBeGreaterThan(0);
    expect(p).toMatchObject({ control: 'MEE', s_tip: 50, case_sum_kop: sumv_kop, norm_kop: NORM_KOP, fine_pending: false });
    expect(p.amount_kop).toBe(Math.round(sumv_kop * kNo));
    expect(p.fine_kop).toBe(Math.round(NORM_KOP * kSh));
    expect(p.codes).toEqual(codes.map((c) => ({ code: c, osn: F014.get(c)!.osn, k_no: F014.get(c)!.kNo, k_sh: F014.get(c)!.kSh })));
    const post = await expert.inject({
      method: 'POST',
      url: '/api/conclusions',
      payload: { case_id: caseId, control: 'MEE', result: 'defect', f014: codes, num_act: 'CC-1', date_act: '2025-10-01' },
    });
    expect(post.statusCode).toBe(201);
    const [stored] = await db.sql.query<{ amount_kop: string; fine_kop: string }>(
      `SELECT amount_kop::text, fine_kop::text FROM conclusion WHERE id = $1`,
      [post.json().ids[0]],
    );
    expect(stored).toEqual({ amount_kop: String(p.amount_kop), fine_kop: String(p.fine_kop) });
    // no codes: nothing to pay back
    const none = (await expert.inject({ method: 'GET', url: `/api/cases/${caseId}/sanction?control=EKMP` })).json();
    expect(none).toMatchObject({ s_tip: 70, amount_kop: 0, fine_kop: 0 });
  });

  it('names what is wrong: a code that is no number, an unknown code', async () => {
    const caseId = person.cases[0].id;
    const bad = await expert.inject({ method: 'GET', url: `/api/cases/${caseId}/sanction?f014=abc,246` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('abc is not an F014 code');
    const unknown = await expert.inject({ method: 'GET', url: `/api/cases/${caseId}/sanction?f014=99999` });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toContain('F014 code 99999 is unknown');
    expect((await expert.inject({ method: 'GET', url: `/api/cases/999999999/sanction?f014=246` })).statusCode).toBe(404);
  });
});

describe('GET /api/cases/:id/timeline', () => {
  it("lists the person's cases in date order, the case asked for marked, and no other person's", async () => {
    const caseId = person.cases[1].id;
    const r = await tfoms.inject({ method: 'GET', url: `/api/cases/${caseId}/timeline` });
    expect(r.statusCode).toBe(200);
    const t = r.json();
    expect(t.patient).toBe(pseudonym(KEY, person.key));
    expect(t.cases.map((c: { id: string }) => c.id)).toEqual(person.cases.map((c) => c.id));
    expect(t.cases.map((c: { date_z_1: string }) => c.date_z_1)).toEqual(person.cases.map((c) => c.d1));
    expect(t.cases.filter((c: { current: boolean }) => c.current).map((c: { id: string }) => c.id)).toEqual([caseId]);
    // no personal data in the answer: neither the person key nor the ENP
    expect(r.body).not.toContain(person.key);
    expect(r.body).not.toContain(person.key.slice(1));
    // the conclusion stored above shows on its case
    const first = t.cases.find((c: { id: string }) => c.id === person.cases[0].id);
    expect(first.conclusions).toMatchObject([{ control: 'MEE', defect: true, f014: [246, 203] }]);
    expect(typeof first.findings).toBe('number');
  });

  it("an insurer's expert sees the person's cases of its insurer; another insurer's expert gets 404", async () => {
    const own = await expert.inject({ method: 'GET', url: `/api/cases/${person.cases[0].id}/timeline` });
    expect(own.statusCode).toBe(200);
    expect(own.json().cases.every((c: { smo: string }) => c.smo === smo)).toBe(true);
    const [{ other }] = await db.sql.query<{ other: string }>(
      `SELECT min(COALESCE(smo, plat)) AS other FROM "case" WHERE COALESCE(smo, plat) <> $1`,
      [smo],
    );
    const stranger = await signIn(app, deps, { role: 'expert', smo: other });
    const r = await stranger.inject({ method: 'GET', url: `/api/cases/${person.cases[0].id}/timeline` });
    expect(r.statusCode).toBe(404);
    expect(r.body).not.toContain(person.cases[0].d1);
    expect((await stranger.inject({ method: 'GET', url: `/api/cases/${person.cases[0].id}/sanction?f014=246` })).statusCode).toBe(404);
  });
});

describe('GET /api/cases/:id', () => {
  /** A code table as the file has it: code → name (read here, not through the code under test). */
  const names = (file: string) =>
    new Map(
      readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split('\t'))
        .map((c) => [c[0], c[1]]),
    );
  const V009 = names('data/nsi/V009.tsv');
  const V012 = names('data/nsi/V012.tsv');

  it('names the result (RSLT, V009) and the outcome (ISHOD, V012) beside their codes', async () => {
    const cases = await db.sql.query<{ id: string; rslt: number; ishod: number }>(
      `SELECT DISTINCT ON (rslt, ishod) id::text, rslt, ishod FROM "case" WHERE rslt IS NOT NULL AND ishod IS NOT NULL ORDER BY rslt, ishod, id LIMIT 5`,
    );
    expect(cases.length).toBeGreaterThan(1);
    for (const c of cases) {
      const r = await tfoms.inject({ method: 'GET', url: `/api/cases/${c.id}` });
      expect(r.statusCode).toBe(200);
      const got = r.json().case;
      expect(got).toMatchObject({ rslt: c.rslt, ishod: c.ishod });
      expect([got.rslt_name, got.ishod_name]).toEqual([V009.get(String(c.rslt)), V012.get(String(c.ishod))]);
      expect(got.rslt_name).toEqual(expect.any(String));
    }
  });
});
