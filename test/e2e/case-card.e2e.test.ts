/**
 * The expert's case card in a real browser against the real server on PostgreSQL holding the sample region's July
 * and August 2025 registers (so that patients have more than one case), August selected with seed 1: an insurer's
 * expert opens a selected case, reads its sections (Russian labels, the patient pseudonymous, the timeline), picks
 * two F014 codes with the picker, sees the sanction computed by the server, saves, corrects the conclusion and sees
 * version 2 in its history. Expectations are computed here from the F014 file and the database, not by the page.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { addUser } from '../../src/access/auth.service.js';
import { pseudonym } from '../../src/access/pseudonym.js';
import { importExperts } from '../../src/selection/inputs.service.js';
import { selectPeriod } from '../../src/selection/selection.service.js';
import { setFineNorm } from '../../src/review/fine-norm.service.js';
import { assignCases } from '../helpers/auth.js';
import { ingestSampleMonth, openWebData, PASSWORD, SHOTS, startWeb, type WebHarness } from './harness.js';

const KEY = 'case-card-e2e-pseudonym-key-0123456789';
const NORM_KOP = 1_950_000;
/** F014 as the file has it (open codes): Kod → K_NO, K_SH. */
const F014 = new Map(
  readFileSync('data/nsi/F014.tsv', 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'))
    .filter((c) => c[7] === '')
    .map((c) => [Number(c[0]), { kNo: Number(c[8] || 0), kSh: Number(c[9] || 0) }]),
);

let web: WebHarness;
let page: Page;
let target = { id: '', idcase: '', smo: '', person_key: '', sumv_kop: 0 };
/** The patient's cases the insurer sees (not replaced by a correction), in date order. */
let others: string[] = [];

beforeAll(async () => {
  const data = await openWebData('case_card_e2e');
  const { deps, db } = data;
  deps.config.pseudonymKey = KEY;
  await ingestSampleMonth(deps, '2507');
  await ingestSampleMonth(deps, '2508');
  await importExperts(deps, readFileSync('data/selection/experts-sample.csv', 'utf8'));
  await selectPeriod(deps, { year: 2025, month: 8, seed: 1 });
  await setFineNorm(deps, 2025, NORM_KOP, 'e2e');
  // a selected August case whose patient has the most other cases at the same insurer
  [target] = await db.sql.query<typeof target>(
    `SELECT c.id::text, c.idcase, i.smo, c.person_key, (c.sumv * 100)::float8 AS sumv_kop
       FROM worklist_item i JOIN "case" c ON c.id = i.case_id
      WHERE i.year = 2025 AND i.month = 8 AND c.sumv > 0
      ORDER BY (SELECT count(*) FROM "case" o WHERE o.person_key = c.person_key AND o.status = 'accepted' AND COALESCE(o.smo, o.plat) = i.smo) DESC, c.id
      LIMIT 1`,
  );
  others = (
    await db.sql.query<{ id: string }>(
      `SELECT id::text FROM "case" WHERE person_key = $1 AND COALESCE(smo, plat) = $2 AND (status <> 'superseded' OR id = $3)
        ORDER BY date_z_1, date_z_2, id`,
      [target.person_key, target.smo, target.id],
    )
  ).map((r) => r.id);
  // an expert reaches the cases assigned to them: the patient's cases at the insurer are
  await addUser(deps, { login: 'exp', password: PASSWORD, role: 'expert', smo: target.smo, expert: 'E50011' });
  await assignCases(deps, 'E50011', others);
  web = await startWeb(data);
  page = web.page;
}, 300_000);

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail')
    await page?.screenshot({ path: join(SHOTS, `failed-case-card-${ctx.task.name.slice(0, 30)}.png`) });
});

afterAll(async () => {
  await web?.close();
});

const digits = (s: string | null) => (s ?? '').replace(/\D/g, '');
const kopDigits = (kop: number) => String(kop).padStart(3, '0');

describe('the case card in chromium', () => {
  it('shows the case in Russian sections, the patient pseudonymous, and the patient’s timeline', async () => {
    expect(others.length).toBeGreaterThanOrEqual(2);
    await web.signIn('exp');
    await page.goto(`${web.base}/#/cases/${target.id}`);
    await page.waitForSelector(`h1:has-text("Случай ${target.idcase}")`);
    const headings = await page.locator('.case-card h2').allTextContents();
    for (const h of ['Случай', 'Пациент', 'Диагнозы', 'Суммы', 'Замечания ФЛК/МЭК', 'Оценка риска и причины', 'Хронология пациента'])
      expect(headings, h).toContain(h);
    expect(headings.some((h) => h.startsWith('Пребывание и услуги'))).toBe(true);
    expect(headings).toContain('Заключения с историей исправлений');
    const fields = (await page.locator('.fields').textContent())!;
    expect(fields).toContain('принят');
    expect(fields).not.toMatch(/accepted|PACIENT/);
    // dates as a Russian reader writes them (dd.mm.yyyy): the case's, its stays' and services', the timeline's
    const [d] = await web.db.sql.query<{ d1: string }>(`SELECT to_char(date_z_1, 'DD.MM.YYYY') AS d1 FROM "case" WHERE id = $1`, [
      target.id,
    ]);
    expect(fields).toContain(d.d1);
    // the result and the outcome as «код — наименование», the names as the V009 / V012 files have them
    const [{ rslt, ishod }] = await web.db.sql.query<{ rslt: number; ishod: number }>(`SELECT rslt, ishod FROM "case" WHERE id = $1`, [
      target.id,
    ]);
    const nameIn = (file: string, code: number) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((l) => l.split('\t'))
        .find((c) => c[0] === String(code))?.[1];
    const dd = (label: string) => page.locator(`.fields dt:text-is("${label}") + dd`).textContent();
    expect(await dd('Результат')).toBe(`${rslt} — ${nameIn('data/nsi/V009.tsv', rslt)}`);
    expect(await dd('Исход')).toBe(`${ishod} — ${nameIn('data/nsi/V012.tsv', ishod)}`);
    await expect.poll(() => page.locator('table.timeline tbody tr').count()).toBeGreaterThan(0);
    for (const part of ['.fields', 'section.stays', 'table.timeline'])
      expect(await page.locator(part).textContent(), part).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    await expect.poll(() => page.locator('.pseudonym').textContent()).toBe(pseudonym(KEY, target.person_key));
    expect(await page.locator('main').textContent()).not.toContain(target.person_key.slice(1));
    // the timeline: the patient's cases in date order, this one marked, the others linked
    const rows = page.locator('table.timeline tbody tr');
    await expect.poll(() => rows.count()).toBe(others.length);
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-case')))).toEqual(others);
    expect(await page.locator('table.timeline tr.current').getAttribute('data-case')).toBe(target.id);
    expect(await page.locator('table.timeline a').count()).toBe(others.length - 1);
    await page.locator('table.timeline').scrollIntoViewIfNeeded();
    await web.shot('case-card-timeline');
  });

  it('refuses what is not a picked code, in Russian', async () => {
    await page.fill('input[name=f014]', 'abc');
    await page.click('.conclusion-form button[type=submit]');
    await expect.poll(() => page.locator('.conclusion-form .error').textContent()).toContain('Коды F014 должны быть числами');
    await page.fill('input[name=f014]', '99999');
    await page.click('.conclusion-form button[type=submit]');
    await expect
      .poll(() => page.locator('.conclusion-form [role=alert]').textContent())
      .toContain('код F014 99999 не найден в справочнике F014');
    await page.fill('input[name=f014]', '');
  });

  it('picks two F014 codes, shows the sanction computed by the server, saves, corrects, and shows version 2', async () => {
    const sql = web.db.sql;
    await page.fill('input[name=f014]', '246');
    await page.click('.f014-options button[data-code="246"]');
    await page.fill('input[name=f014]', 'непрофильная госпитализация');
    await page.click('.f014-options button[data-code="203"]');
    await expect.poll(() => page.locator('.f014-chips .chip').count()).toBe(2);
    expect(await page.locator('.f014-chips .chip[data-code="246"]').textContent()).toContain(`K_NO ${F014.get(246)!.kNo}`);
    // hand-computed: case sum × the larger K_NO, norm × the larger K_SH
    const kNo = Math.max(F014.get(246)!.kNo, F014.get(203)!.kNo);
    const kSh = Math.max(F014.get(246)!.kSh, F014.get(203)!.kSh);
    const amount = Math.round(target.sumv_kop * kNo);
    const fine = Math.round(NORM_KOP * kSh);
    await expect.poll(async () => digits(await page.locator('.sanction .amount').textContent())).toBe(kopDigits(amount));
    await expect.poll(async () => digits(await page.locator('.sanction .fine').textContent())).toBe(kopDigits(fine));
    await page.locator('.conclusion-form').scrollIntoViewIfNeeded();
    await web.shot('case-card');
    await page.fill('input[name=num_act]', 'МЭЭ-11/2025');
    await page.fill('input[name=date_act]', '2025-10-01');
    await page.fill('textarea[name=comment]', 'непрофильная госпитализация, КСГ завышена');
    await page.click('.conclusion-form button[type=submit]');
    await expect.poll(() => page.locator('.conclusion-form .ok').textContent()).toBe('Заключение сохранено');
    await expect.poll(() => page.locator('.conclusions > li').count()).toBe(1);
    const li = page.locator('.conclusions > li').first();
    expect(await li.textContent()).toContain('МЭЭ (50): дефект 246, 203');
    expect(await li.locator('summary').textContent()).toBe('История: версий 1');
    const [k1] = await sql.query<{ id: string; amount_kop: string; fine_kop: string; experts: string[] }>(
      `SELECT id::text, amount_kop::text, fine_kop::text, experts FROM conclusion WHERE num_act = 'МЭЭ-11/2025'`,
    );
    expect(k1).toMatchObject({ amount_kop: String(amount), fine_kop: String(fine) });
    // the correction: drop 203, the sanction follows, the history gets version 2
    await li.locator('button.edit').click();
    const form = page.locator('.conclusion-form.correction');
    await form.waitFor();
    await expect.poll(() => form.locator('.f014-chips .chip').count()).toBe(2);
    await form.locator('.chip[data-code="203"] .remove').click();
    const amount2 = Math.round(target.sumv_kop * F014.get(246)!.kNo);
    const fine2 = Math.round(NORM_KOP * F014.get(246)!.kSh);
    await expect.poll(async () => digits(await form.locator('.sanction .amount').textContent())).toBe(kopDigits(amount2));
    await form.locator('textarea[name=comment]').fill('КСГ завышена; профиль подтверждён');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => li.locator('summary').textContent()).toBe('История: версий 2');
    expect(await li.textContent()).toContain('МЭЭ (50): дефект 246');
    await li.locator('summary').click();
    const history = li.locator('.history li');
    expect(await history.count()).toBe(2);
    expect(await history.nth(1).textContent()).toContain('коды F014: 246, 203 → 246');
    const [k2] = await sql.query<{ version: number; f014: number[]; amount_kop: string; fine_kop: string }>(
      `SELECT version, f014, amount_kop::text, fine_kop::text FROM conclusion WHERE id = $1`,
      [k1.id],
    );
    expect(k2).toEqual({ version: 2, f014: [246], amount_kop: String(amount2), fine_kop: String(fine2) });
    await page.locator('.conclusions').scrollIntoViewIfNeeded();
    await web.shot('case-card-history');
  });

  it('shows personal data only on request with a reason, and audits the read', async () => {
    await page.click('button.show-person');
    await page.click('.person-request button[type=submit]');
    await expect.poll(() => page.locator('.patient .error').textContent()).toContain('Укажите причину');
    await page.fill('input[name=pd_reason]', 'проверка полиса для акта МЭЭ-11/2025');
    await page.click('.person-request button[type=submit]');
    await page.locator('.patient .person').waitFor();
    // the birth date as a Russian reader writes it
    expect(await page.locator('.patient .person').textContent()).toMatch(/дата рождения \d{2}\.\d{2}\.\d{4},/);
    const [a] = await web.db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE login = 'exp' AND reason = 'проверка полиса для акта МЭЭ-11/2025' AND $1::bigint = ANY(case_ids)`,
      [target.id],
    );
    expect(a.n).toBe(1);
  });
});
