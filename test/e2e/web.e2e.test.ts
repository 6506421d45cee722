/**
 * The web application in a real browser (Debian's chromium driven by playwright-core) against the real server on a
 * real PostgreSQL schema holding the sample region's August 2025 registers, selected with seed 1: sign in as the
 * insurer's coordinator, filter and sort the worklist, assign an expert, open a case, enter a conclusion, and find it
 * on the agreement page. Screenshots of each page go to test/e2e/screenshots/ (ignored by git).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { addUser } from '../../src/access/auth.service.js';
import { importExperts } from '../../src/selection/inputs.service.js';
import { selectPeriod } from '../../src/selection/selection.service.js';
import { ingestSampleMonth, openWebData, PASSWORD, SHOTS, startWeb, type WebHarness } from './harness.js';

let web: WebHarness;
let db: WebHarness['db'];
let page: Page;
let base = '';
let smo = '';

beforeAll(async () => {
  const data = await openWebData('web_e2e');
  const { deps } = data;
  db = data.db;
  await ingestSampleMonth(deps, '2508');
  await importExperts(deps, readFileSync('data/selection/experts-sample.csv', 'utf8'));
  await selectPeriod(deps, { year: 2025, month: 8, seed: 1 });
  // the insurer with the most random MEE items, picked with the insurer filter
  [{ smo }] = await db.sql.query<{ smo: string }>(
    `SELECT smo FROM worklist_item WHERE year = 2025 AND month = 8 AND control = 'MEE' AND arm = 'random'
      GROUP BY smo ORDER BY count(*) DESC, smo LIMIT 1`,
  );
  await addUser(deps, { login: 'lead', password: PASSWORD, role: 'admin' });
  await addUser(deps, { login: 'coord', password: PASSWORD, role: 'smo_coordinator', smo });
  web = await startWeb(data);
  ({ page, base } = web);
}, 300_000);

// a failed step leaves its page behind for a look
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await page?.screenshot({ path: join(SHOTS, `failed-${ctx.task.name.slice(0, 40)}.png`) });
});

afterAll(async () => {
  await web?.close();
});

const shot = (name: string) => web.shot(name);
const rows = () => page.locator('table.worklist tbody tr');

describe('the web application in chromium', () => {
  it('serves the page and its assets without signing in, and keeps the API closed', async () => {
    const index = await fetch(`${base}/`);
    expect(index.status).toBe(200);
    const html = await index.text();
    expect(html).toContain('lang="ru"');
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1];
    const js = await fetch(`${base}${asset}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${base}/assets/..%2f..%2fpackage.json`)).status).toBe(404);
    expect((await fetch(`${base}/api/worklists?period=2025-08`)).status).toBe(401);
  });

  it('refuses a wrong password with a readable message, then signs in', async () => {
    await page.goto(base);
    await page.fill('input[name=login]', 'lead');
    await page.fill('input[name=password]', 'wrong-password');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('.error').textContent()).toContain('Нужно войти в систему');
    await shot('01-login');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('h1:has-text("Списки случаев для экспертизы")');
    expect(await page.locator('.top .who').textContent()).toBe('lead · администратор');
  });

  it('filters the worklist by period, insurer, control and arm, and sorts it', async () => {
    // the arms an item can have, and only those (the API refuses any other)
    expect(await page.locator('select[name=arm] option').allTextContents()).toEqual([
      'все',
      'обязательный (триггер)',
      'по модели',
      'случайный',
      'ручной список',
    ]);
    await page.fill('input[name=period]', '2025-08');
    await page.fill('input[name=smo]', smo);
    await page.selectOption('select[name=control]', 'MEE');
    await page.selectOption('select[name=arm]', 'random');
    const [{ n }] = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM worklist_item WHERE year = 2025 AND month = 8 AND control = 'MEE' AND arm = 'random' AND smo = $1`,
      [smo],
    );
    expect(n).toBeGreaterThan(1);
    await expect.poll(() => page.locator('.filters .total').textContent()).toBe(`Найдено: ${n}`);
    await expect.poll(() => rows().count()).toBe(Math.min(n, 50));
    // at 1366×768 the page does not scroll sideways (the assign form beside each expert), and no link of the bar is
    // broken over two lines (an administrator has nine)
    expect(await page.locator('html').evaluate((h) => h.scrollWidth)).toBeLessThanOrEqual(1366);
    const links = await page.locator('.top nav a').evaluateAll((as) => as.map((a) => a.getClientRects().length));
    expect(links.length).toBeGreaterThan(8);
    expect(links.every((n) => n === 1)).toBe(true);
    for (const arm of await page.locator('table.worklist tbody tr td:nth-child(11)').allTextContents()) expect(arm).toBe('случайный');
    // sort by the case, descending (second click): the first row is the largest case id
    await page.click('th[data-sort=case]');
    await page.click('th[data-sort=case]');
    const [{ last }] = await db.sql.query<{ last: string }>(
      `SELECT c.idcase AS last FROM worklist_item i JOIN "case" c ON c.id = i.case_id
        WHERE i.year = 2025 AND i.month = 8 AND i.control = 'MEE' AND i.arm = 'random' AND i.smo = $1 ORDER BY i.case_id DESC LIMIT 1`,
      [smo],
    );
    await expect.poll(() => rows().first().locator('td:nth-child(6) a').textContent()).toBe(last);
    // the priority the model arm ranks by, and beside it the model's probability of a defect as the database has it
    expect(await page.locator('table.worklist thead th:nth-child(2)').getAttribute('title')).toContain('вероятность дефекта ×');
    const [{ p }] = await db.sql.query<{ p: number | null }>(
      `SELECT i.p_defect AS p FROM worklist_item i JOIN "case" c ON c.id = i.case_id
        WHERE i.year = 2025 AND i.month = 8 AND i.control = 'MEE' AND i.arm = 'random' AND i.smo = $1 AND c.idcase = $2`,
      [smo, last],
    );
    expect(await rows().first().locator('td:nth-child(3)').textContent()).toBe(
      p === null ? '—' : `${(p * 100).toFixed(1).replace('.', ',')} %`,
    );
    await page.click('th[data-sort=case]'); // back to the list's own order
    await shot('02-worklist-filtered');
  });

  it('assigns an expert; an unknown expert is refused with a readable message', async () => {
    const first = rows().first();
    const itemId = (await first.getAttribute('data-item'))!;
    await first.locator('input[name=expert]').fill('E99999');
    await first.locator('button[type=submit]').click();
    await expect.poll(() => first.locator('.error').textContent()).toBe('Не найдено: expert E99999 not found');
    await first.locator('input[name=expert]').fill('E50011');
    await first.locator('button[type=submit]').click();
    await expect.poll(() => page.locator(`tr[data-item="${itemId}"] .expert`).textContent()).toBe('E50011');
    const [it] = await db.sql.query<{ state: string; expert_code: string }>(
      `SELECT state, expert_code FROM worklist_item WHERE id = $1::bigint`,
      [itemId],
    );
    expect(it).toEqual({ state: 'assigned', expert_code: 'E50011' });
    await shot('03-worklist');
  });

  it('opens the case card and enters a conclusion, which shows with its history', async () => {
    const row = page.locator('tr', { has: page.locator('.expert', { hasText: 'E50011' }) }).first();
    const itemId = (await row.getAttribute('data-item'))!;
    const idcase = (await row.locator('td:nth-child(6) a').textContent())!;
    await row.locator('td:nth-child(6) a').click();
    await page.waitForSelector(`h1:has-text("Случай ${idcase}")`);
    expect(await page.locator('.score').textContent()).toContain('случайный');
    expect(await page.locator('.fields').textContent()).not.toContain('PACIENT');
    // a code that is not a number is refused in the form, before the server
    await page.fill('input[name=f014]', 'abc');
    await page.click('.conclusion-form button[type=submit]');
    await expect.poll(() => page.locator('.conclusion-form .error').textContent()).toContain('Коды F014 должны быть числами');
    await page.fill('input[name=f014]', '');
    await page.fill('input[name=num_act]', 'МЭЭ-7/2025');
    await page.fill('input[name=date_act]', '2025-10-15');
    await page.fill('textarea[name=comment]', 'проверено, дефектов нет');
    await page.click('.conclusion-form button[type=submit]');
    await expect.poll(() => page.locator('.conclusion-form .ok').textContent()).toBe('Заключение сохранено');
    await expect.poll(() => page.locator('.conclusions > li').count()).toBe(1);
    const li = page.locator('.conclusions > li').first();
    expect(await li.textContent()).toContain('МЭЭ (50): без дефектов');
    expect(await li.textContent()).toContain('Акт № МЭЭ-7/2025 от 15.10.2025');
    expect(await li.locator('summary').textContent()).toBe('История: версий 1');
    // when, as a Russian reader writes it
    expect(await li.locator('li[data-version="1"]').textContent()).toMatch(/^версия 1, \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}, /);
    await shot('04-case');
    const [k] = await db.sql.query<{ arm: string; defect: boolean; num_act: string; experts: string[] }>(
      `SELECT k.arm, k.defect, k.num_act, k.experts FROM conclusion k JOIN worklist_item i ON i.case_id = k.case_id WHERE i.id = $1::bigint`,
      [itemId],
    );
    expect(k).toEqual({ arm: 'random', defect: false, num_act: 'МЭЭ-7/2025', experts: ['E50011'] });
    const [it] = await db.sql.query<{ state: string }>(`SELECT state FROM worklist_item WHERE id = $1::bigint`, [itemId]);
    expect(it.state).toBe('concluded');
  });

  it('shows the conclusion on the agreement page: 0 of 1 on the random arm, Wilson 95 % interval [0, 0.7935]', async () => {
    await page.click('a[href="#/agreement"]');
    const random = page.locator('tr[data-arm=random]');
    await random.waitFor();
    const cells = await random.locator('td').allTextContents();
    // hand-computed: 0 of 1, Wilson upper bound z²/(1+z²) = 3.8416/4.8416 = 0.7935
    expect(cells.slice(0, 6)).toEqual(['случайный', '1', '1', '0', '0,0 %', '0,0 % – 79,3 %']);
    expect(await page.locator('table.agreement thead th').nth(4).textContent()).toBe('Доля подтверждений');
    await shot('05-agreement');
  });

  it('shows the models page (none registered on this schema)', async () => {
    await page.click('a[href="#/models"]');
    await expect.poll(() => page.locator('main .muted').textContent()).toContain('Зарегистрированных версий нет');
    await shot('06-models');
  });

  it("the insurer's coordinator sees its own lists and enters a conclusion under row-level security", async () => {
    await page.click('.top button.link'); // Выйти
    await page.fill('input[name=login]', 'coord');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.click('a[href="#/worklist"]');
    await page.waitForSelector('h1:has-text("Списки случаев для экспертизы")');
    expect(await page.locator('.top .who').textContent()).toBe(`coord · координатор СМО · СМО ${smo}`);
    // the administrator's filters (the insurer, MEE, random) are not the next user's: the coordinator starts afresh,
    // on the latest period with lists, without the insurer field (it sees its own insurer only)
    await expect.poll(() => page.inputValue('input[name=period]')).toBe('2025-08');
    expect(await page.inputValue('select[name=control]')).toBe('');
    expect(await page.inputValue('select[name=arm]')).toBe('');
    expect(await page.locator('input[name=smo]').count()).toBe(0);
    await page.selectOption('select[name=control]', 'MEE');
    await page.selectOption('select[name=arm]', 'random');
    // one random MEE item is concluded, the rest not
    await page.selectOption('select[name=state]', 'selected');
    await expect
      .poll(async () => [...new Set(await page.locator('table.worklist tbody tr td:nth-child(12)').allTextContents())])
      .toEqual(['отобран']);
    const row = rows().first();
    const itemId = (await row.getAttribute('data-item'))!;
    await row.locator('td:nth-child(6) a').click();
    await page.waitForSelector('.conclusion-form');
    await page.fill('input[name=num_act]', 'МЭЭ-8/2025');
    await page.click('.conclusion-form button[type=submit]');
    await expect.poll(() => page.locator('.conclusion-form .ok').textContent()).toBe('Заключение сохранено');
    const [k] = await db.sql.query<{ smo: string; arm: string; num_act: string }>(
      `SELECT k.smo, k.arm, k.num_act FROM conclusion k JOIN worklist_item i ON i.case_id = k.case_id WHERE i.id = $1::bigint`,
      [itemId],
    );
    expect(k).toEqual({ smo, arm: 'random', num_act: 'МЭЭ-8/2025' });
  });
});
