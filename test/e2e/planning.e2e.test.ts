/**
 * The Planning page in chromium against the real server on a real PostgreSQL schema holding the sample region's August
 * 2025 registers and a small plan of sample MOs (by MO and condition, and by profile / KSG): the plan-fact table shows
 * the API's numbers, the heat map is drawn, a correction made on the page appears in the history, and a plan file
 * chosen on the page is checked and stored.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { addUser } from '../../src/access/auth.service.js';
import { plansRepo } from '../../src/planning/plans.repo.js';
import { planMonitorService } from '../../src/planning/plan-monitor.service.js';
import { parsePlanCsv } from '../../web/src/pages/planning/plan-csv.js';
import { ingestSampleMonth, openWebData, PASSWORD, SHOTS, startWeb, type WebHarness } from './harness.js';

let web: WebHarness;
let page: Page;
let planId = '';
let monitor: ReturnType<typeof planMonitorService>;

// annual plan tasks of 2025 for MOs of the sample; August's accepted cases are in the comments
const lines = [
  { mo: '750002', uslOk: 1, profile: 60, volume: 156, amountKop: 960_000_000 }, // 13 cases
  { mo: '750002', uslOk: 2, volume: 48, amountKop: 144_000_000 }, // 3 cases
  { mo: '750004', uslOk: 1, profile: 97, ksg: 'st27.009', volume: 60, amountKop: 170_000_000 }, // 5 cases
  { mo: '750004', uslOk: 1, profile: 97, volume: 36, amountKop: 60_000_000 }, // 2 cases (st27.004)
  { mo: '750004', uslOk: 1, volume: 120, amountKop: 900_000_000 }, // 14 cases of other profiles
  { mo: '750005', uslOk: 3, volume: 600, amountKop: 2_400_000 }, // 45 cases
];

it('data/planning/plan-tasks.csv is this plan (the README points to it)', () => {
  expect(parsePlanCsv(readFileSync('data/planning/plan-tasks.csv', 'utf8'))).toEqual(lines);
});

beforeAll(async () => {
  const data = await openWebData('planning_e2e');
  await ingestSampleMonth(data.deps, '2508');
  planId = await plansRepo(data.db.sql).create({ year: 2025, author: 'tfoms-plan', reason: 'решение комиссии № 1', lines });
  monitor = planMonitorService(data.db.sql);
  await addUser(data.deps, { login: 'planner', password: PASSWORD, role: 'tfoms' });
  web = await startWeb(data);
  page = web.page;
}, 300_000);

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await page?.screenshot({ path: join(SHOTS, `failed-planning-${ctx.task.name.slice(0, 30)}.png`) });
});

afterAll(async () => {
  await web?.close();
});

const rub = (kop: number) => `${(kop / 100).toLocaleString('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ₽`;
const pctText = (x: number | null) => (x === null ? '—' : `${x.toLocaleString('ru-RU', { maximumFractionDigits: 1 })} %`);
const vol = (x: number) => x.toLocaleString('ru-RU', { maximumFractionDigits: Number.isInteger(x) ? 0 : 1 });
const cellsOf = async (sel: string) => (await page.locator(`${sel} td`).allTextContents()).map((t) => t.trim());

describe('the Planning page', () => {
  it('shows the plan-fact by MO and condition with the numbers of the API', async () => {
    await web.signIn('planner');
    await page.click('.top a:has-text("Планирование")');
    await page.waitForSelector('table.plan-fact tbody tr.total');
    const api = await monitor.summary(planId, {});
    // the sample has August only: the span is August, the plan 1/12 of the year
    expect(api).toMatchObject({ from: 8, through: 8, monthsWithData: [8] });
    const planned = api.rows.filter((r) => r.planned);
    expect(planned.map((r) => `${r.mo}/${r.uslOk}`)).toEqual(['750002/1', '750002/2', '750004/1', '750005/3']);
    // 750004 in 24h hospital: 216 a year → 18 a month; 21 accepted cases
    expect(planned[2]).toMatchObject({ planVolume: 18, factVolume: 21 });
    expect(await page.locator('table.plan-fact tbody tr:not(.total)').count()).toBe(planned.length);
    for (const r of planned) {
      const tds = await cellsOf(`table.plan-fact tr[data-mo="${r.mo}"][data-usl="${r.uslOk}"]`);
      expect(tds.slice(2)).toEqual([
        vol(r.planYearVolume),
        vol(r.planVolume),
        vol(r.factVolume),
        vol(r.deviationVolume),
        pctText(r.volumePct),
        rub(r.planKop),
        rub(r.factKop),
        rub(r.deviationKop),
        pctText(r.kopPct),
      ]);
    }
    const total = await cellsOf('table.plan-fact tr.total');
    expect(total.slice(1)).toEqual([
      vol(api.total.planYearVolume),
      vol(api.total.planVolume),
      vol(api.total.factVolume),
      vol(api.total.deviationVolume),
      pctText(api.total.volumePct),
      rub(api.total.planKop),
      rub(api.total.factKop),
      rub(api.total.deviationKop),
      pctText(api.total.kopPct),
    ]);
    expect(api.total.factVolume).toBe(13 + 3 + 21 + 45);
    expect(await page.locator('.planning p.unplanned-note').textContent()).toContain(`${api.unplanned.factVolume} случаев`);
    // the MOs without a plan line appear on request
    await page.check('input[name=unplanned]');
    await expect.poll(() => page.locator('table.plan-fact tbody tr.unplanned').count()).toBe(api.rows.length - planned.length);
    await page.uncheck('input[name=unplanned]');
    await web.shot('planning');
  });

  it('draws the execution heat map by profile and by KSG', async () => {
    const heat = page.locator('.planning-heatmap canvas').first();
    await heat.waitFor();
    await heat.scrollIntoViewIfNeeded();
    const box = await heat.boundingBox();
    expect(box!.width).toBeGreaterThan(300);
    expect(box!.height).toBeGreaterThan(100);
    const grid = await monitor.execution(planId, 'profile', 'quarter');
    expect(grid.rows.map((r) => r.key)).toEqual(['60', '97', null]);
    // profile 97 of 750004: 96 a year = 24 a quarter, 7 cases in August
    expect(grid.rows[1].cells[2]).toMatchObject({ hasData: true, planVolume: 24, factVolume: 7 });
    expect(grid.rows[1].cells[0].volumePct).toBeNull();
    await page.locator('.planning-execution').evaluate((e) => e.scrollIntoView());
    await web.shot('planning-heatmap');
    // two choices in a row, the answer to the first held back until after the second's: the page shows the second
    const held = '**/execution?by=ksg&period=quarter';
    await page.route(held, async (route) => {
      await new Promise((r) => setTimeout(r, 700));
      await route.continue();
    });
    await page.selectOption('select[name=by]', 'ksg');
    await page.selectOption('select[name=period]', 'month');
    await expect.poll(() => page.locator('.planning-execution p.muted').textContent()).toContain('годовой план / 12');
    await page.waitForTimeout(1000);
    expect(await page.locator('.planning-execution p.muted').textContent()).toContain('годовой план / 12');
    await page.unroute(held);
    expect((await page.locator('.planning-heatmap canvas').first().boundingBox())!.width).toBeGreaterThan(300);
  });

  it('applies a correction made on the page and shows it in the history', async () => {
    await page.selectOption('select[name=cell-0]', { label: '750004 · стационар' });
    expect(await page.inputValue('input[name=volume-0]')).toBe('120');
    await page.fill('input[name=volume-0]', '110');
    await page.click('button.add-change');
    await page.selectOption('select[name=cell-1]', { label: '750004 · стационар · профиль 97' });
    await page.fill('input[name=volume-1]', '46');
    // without a reason the form says what is missing
    await page.click('button:has-text("Применить корректировку")');
    await expect.poll(() => page.locator('.planning-correction .error').textContent()).toContain('Укажите основание');
    await page.fill('input[name=reason]', 'протокол комиссии № 7');
    await page.click('button:has-text("Применить корректировку")');
    const entry = page.locator('.planning-history > li').nth(1);
    await entry.waitFor();
    expect(await entry.textContent()).toContain('Корректировка 1');
    expect(await entry.locator('.author').textContent()).toBe('planner');
    expect(await entry.locator('.reason').textContent()).toBe('Основание: протокол комиссии № 7');
    expect(await cellsOf('.planning-history > li:nth-child(2) table.changes tbody tr:nth-child(1)')).toEqual([
      '750004 · стационар',
      '120',
      '110',
      rub(900_000_000),
      rub(900_000_000),
    ]);
    // the new version is the chosen one, and its plan-fact reads the corrected lines (216 a year still)
    const chosen = await page.inputValue('select[name=version]');
    expect(chosen).not.toBe(planId);
    const history = await monitor.history(chosen);
    expect(history.map((h) => h.author)).toEqual(['tfoms-plan', 'planner']);
    expect((await cellsOf('table.plan-fact tr[data-mo="750004"][data-usl="1"]'))[2]).toBe('216');
    // a correction that changes the totals is refused with the server's reason
    await page.selectOption('select[name=cell-0]', { label: '750005 · амбулаторно' });
    await page.fill('input[name=volume-0]', '601');
    await page.fill('input[name=reason]', 'ошибка');
    await page.click('button:has-text("Применить корректировку")');
    await expect
      .poll(() => page.locator('.planning-correction .error').textContent())
      .toContain(`Корректировка меняет итоги плана: объём ${vol(1020)} → ${vol(1021)}`);
    await page.locator('.planning-history').scrollIntoViewIfNeeded();
    await web.shot('planning-corrections');
  });

  it('checks a plan file chosen on the page, then stores it as a new plan', async () => {
    const upload = (name: string, text: string) =>
      page.setInputFiles('input[name=plan-file]', { name, mimeType: 'text/csv', buffer: Buffer.from(text) });
    await upload('bad.csv', 'mo,uslOk,volume,amountKop\n750001,4,сто,100\n');
    await expect
      .poll(() => page.locator('.planning-upload .error').textContent())
      .toBe('bad.csv: Строка 2: «volume» должно быть целым числом не меньше 0, а не «сто»');
    await upload('plan.csv', 'mo,uslOk,volume,amountKop,profile\n750005,3,600,2400000,\n750006,3,480,1920000,16\n');
    await expect.poll(() => page.locator('.planning-upload .ok').textContent()).toContain('2 строк');
    await page.fill('input[name=plan-year]', '2025');
    await page.fill('input[name=plan-reason]', 'проект плана');
    await page.click('button:has-text("Сохранить план")');
    await expect.poll(() => page.locator('select[name=version] option:checked').textContent()).toContain('проект плана');
    const id = await page.inputValue('select[name=version]');
    const stored = await monitor.summary(id, {});
    expect(stored.rows.filter((r) => r.planned).map((r) => r.mo)).toEqual(['750005', '750006']);
    await expect.poll(() => page.locator('table.plan-fact tbody tr:not(.total)').count()).toBe(2);
  });
});
