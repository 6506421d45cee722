/**
 * The worklist export and the acts of MEE in a real browser (chromium via playwright-core) against the real server on
 * a real PostgreSQL schema holding the sample region's August 2025 registers, selected with seed 1, with three MEE
 * conclusions entered through the service: the insurer's coordinator exports the worklist to XLSX (read back with
 * exceljs and compared with the database), opens the act of the MO, and downloads it as PDF and XLSX.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { addUser } from '../../src/access/auth.service.js';
import { importExperts } from '../../src/selection/inputs.service.js';
import { selectPeriod } from '../../src/selection/selection.service.js';
import { postConclusions } from '../../src/review/conclusions-api.service.js';
import { setFineNorm } from '../../src/review/fine-norm.service.js';
import { tempDir } from '../helpers/registers.js';
import { pdfText } from '../helpers/pdf-text.js';
import { ingestSampleMonth, openWebData, PASSWORD, SHOTS, startWeb, type WebHarness } from './harness.js';

let web: WebHarness;
let db: WebHarness['db'];
let page: Page;
let smo = '';
let mo = '';
/** The three concluded cases, in the act's order (N_ZAP). */
let concluded: { case_id: string; idcase: string; n_zap: string; sum_kop: number }[] = [];
const downloads = tempDir('omsx-e2e-downloads-');

beforeAll(async () => {
  const data = await openWebData('acts_e2e');
  const { deps } = data;
  // the key `omsx serve` always has: the act names patients by their pseudonym under it
  deps.config.pseudonymKey = 'acts-e2e-pseudonym-key-0123456789abcdef';
  db = data.db;
  await ingestSampleMonth(deps, '2508');
  await importExperts(deps, readFileSync('data/selection/experts-sample.csv', 'utf8'));
  await selectPeriod(deps, { year: 2025, month: 8, seed: 1 });
  // the insurer and, within it, the MO with the most MEE items
  [{ smo, mo }] = await db.sql.query<{ smo: string; mo: string }>(
    `SELECT smo, code_mo AS mo FROM worklist_item WHERE year = 2025 AND month = 8 AND control = 'MEE'
      GROUP BY smo, code_mo ORDER BY count(*) DESC, smo, code_mo LIMIT 1`,
  );
  concluded = await db.sql.query(
    `SELECT c.id::text AS case_id, c.idcase, c.n_zap, (c.sumv * 100)::int AS sum_kop FROM worklist_item i JOIN "case" c ON c.id = i.case_id
      WHERE i.year = 2025 AND i.month = 8 AND i.control = 'MEE' AND i.smo = $1 AND i.code_mo = $2
      ORDER BY i.id LIMIT 3`,
    [smo, mo],
  );
  expect(concluded).toHaveLength(3);
  concluded.sort((a, b) => Number(a.n_zap) - Number(b.n_zap));
  // the norm of 2025: 19 500.00 RUB, so K_SH 0.3 is a fine of 5 850.00
  await setFineNorm(deps, 2025, 1_950_000, 'e2e');
  const act = { s_tip: 51, num_act: 'МЭЭ-12/2025', date_act: '2025-10-20', experts: ['E50011'] };
  await postConclusions(
    deps,
    [
      // F014 204 (п. 1.4.1): K_NO 1 → the whole case withheld
      { ...act, case_id: concluded[0].case_id, result: 'defect', f014: [204] },
      { ...act, case_id: concluded[1].case_id, result: 'no_defect' },
      // 203 (п. 1.3): K_NO 1, K_SH 0.3; 10.00 withheld as given
      { ...act, case_id: concluded[2].case_id, result: 'defect', f014: [203], s_sum: '10.00' },
    ],
    'e2e',
  );
  await addUser(deps, { login: 'coord', password: PASSWORD, role: 'smo_coordinator', smo });
  web = await startWeb(data);
  page = web.page;
}, 300_000);

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await page?.screenshot({ path: join(SHOTS, `failed-acts-${ctx.task.name.slice(0, 40)}.png`) });
});

afterAll(async () => {
  await web?.close();
});

/** Clicks a download link and returns the file's bytes and suggested name. */
async function download(selector: string): Promise<{ name: string; body: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const path = join(downloads, d.suggestedFilename());
  await d.saveAs(path);
  return { name: d.suggestedFilename(), body: await readFile(path) };
}

async function sheetRows(body: Buffer): Promise<unknown[][]> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  wb.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe('worklist export and acts in chromium', () => {
  it("exports the coordinator's filtered worklist to XLSX: the rows of the database, in the export's order", async () => {
    await web.signIn('coord');
    await page.click('a[href="#/worklist"]');
    await page.fill('input[name=period]', '2025-08');
    await page.selectOption('select[name=control]', 'MEE');
    const expected = await db.sql.query<{ idcase: string; n_zap: string; mo: string; arm: string; expert: string | null }>(
      `SELECT c.idcase, c.n_zap, i.code_mo AS mo, i.arm, i.expert_code AS expert FROM worklist_item i JOIN "case" c ON c.id = i.case_id
        WHERE i.year = 2025 AND i.month = 8 AND i.control = 'MEE' AND i.smo = $1
        ORDER BY i.smo, i.control, i.usl_ok, i.rank NULLS FIRST, i.id`,
      [smo],
    );
    expect(expected.length).toBeGreaterThan(3);
    await expect.poll(() => page.locator('.filters .total').textContent()).toBe(`Найдено: ${expected.length}`);
    await web.shot('worklist-export');
    const x = await download('a.export');
    expect(x.name).toBe('worklist-2025-08-MEE.xlsx');
    const [head, ...rows] = await sheetRows(x.body);
    expect(head.slice(0, 5)).toEqual(['Файл', 'N_ZAP', 'IDCASE', 'МО', 'СМО']);
    expect(rows.map((r) => [r[1], r[2], r[3], r[4], r[6], r[8], r[17] ?? null])).toEqual(
      expected.map((e) => [e.n_zap, e.idcase, e.mo, smo, 'MEE', e.arm, e.expert]),
    );
  });

  it('opens the act of the MO: its lines, defects and totals as computed by hand', async () => {
    await page.click('a[href="#/acts"]');
    await page.waitForSelector('h1:has-text("Акты экспертизы")');
    // first opened, the page moves from last month (no conclusions) to the latest period that has them
    await expect.poll(() => page.inputValue('input[name=period]')).toBe('2025-08');
    const none = await page.evaluate(() => fetch('/api/acts/list?period=2020-01').then((r) => r.json()));
    expect(none).toEqual({ period: '2020-01', acts: [], latestPeriod: '2025-08' });
    await page.fill('input[name=period]', '2025-08');
    // the coordinator sees its own insurer's acts only: the one MO with conclusions
    await expect.poll(() => page.locator('select[name=act] option').allTextContents()).toEqual([`МО ${mo} · СМО ${smo} · МЭЭ (3 случая)`]);
    await page.waitForSelector('.act h2');
    expect(await page.locator('.act h2').textContent()).toBe('Акт медико-экономической экспертизы № МЭЭ-12/2025 от 20.10.2025');
    const lines = page.locator('.act-lines tbody tr[data-idcase]');
    expect(await lines.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-idcase')))).toEqual(concluded.map((c) => c.idcase));
    expect(await lines.nth(0).locator('td').nth(8).textContent()).toBe('204 (п. 1.4.1)');
    for (const p of await page.locator('.act-lines td.patient').allTextContents()) expect(p).toMatch(/^[0-9a-f]{32}$/);
    expect(await lines.nth(1).locator('td').nth(8).textContent()).toBe('нет');
    // the treatment's dates as a Russian reader writes them (dd.mm.yyyy), the register's own
    const [d] = await db.sql.query<{ d1: string; d2: string }>(
      `SELECT to_char(date_z_1, 'DD.MM.YYYY') AS d1, to_char(date_z_2, 'DD.MM.YYYY') AS d2 FROM "case" WHERE id = $1`,
      [concluded[0].case_id],
    );
    expect(await lines.nth(0).locator('td').nth(5).textContent()).toBe(d.d1);
    expect(await lines.nth(0).locator('td').nth(6).textContent()).toBe(d.d2);
    expect(await lines.nth(0).locator('td').nth(13).textContent()).toBe('20.10.2025');
    const rub = (k: number) => (k / 100).toLocaleString('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const sum = concluded.reduce((s, c) => s + c.sum_kop, 0);
    expect(await page.locator('.act-lines tr.total .sum').textContent()).toBe(rub(sum));
    expect(await page.locator('.act-lines tr.total .amount').textContent()).toBe(rub(concluded[0].sum_kop + 1000));
    expect(await page.locator('.act-lines tr.total .fine').textContent()).toBe(rub(585_000));
    expect(await page.locator('.act-lines tr.total td').first().textContent()).toBe('Итого: случаев 3, с нарушениями 2');
    await web.shot('acts');
    // laid out for printing: the navigation and the form are hidden, the act stays
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.top').isVisible()).toBe(false);
    expect(await page.locator('button:has-text("Печать")').isVisible()).toBe(false);
    expect(await page.locator('.act-lines').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    expect(await page.locator('button:has-text("Печать")').isVisible()).toBe(true);
  });

  it('downloads the act as PDF and as XLSX: both carry the cases and the totals', async () => {
    const pdf = await download('a[data-format=pdf]');
    expect(pdf.name).toBe(`act-MEE-${mo}-2025-08-${smo}.pdf`);
    expect(pdf.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf.body).join('');
    expect(text).toContain('Акт медико-экономической экспертизы № МЭЭ-12/2025 от 20.10.2025');
    for (const c of concluded) expect(text).toContain(c.idcase);
    expect(text).toContain('случаев с нарушениями: 2 из 3');
    const xlsx = await download('a[data-format=xlsx]');
    expect(xlsx.name).toBe(`act-MEE-${mo}-2025-08-${smo}.xlsx`);
    const rows = await sheetRows(xlsx.body);
    const head = rows.findIndex((r) => r[0] === '№');
    expect(rows.slice(head + 1, head + 4).map((r) => r[3])).toEqual(concluded.map((c) => c.idcase));
    expect(String(rows[0][0])).toBe('Акт медико-экономической экспертизы № МЭЭ-12/2025 от 20.10.2025');
    // the act's date is a date cell (dd.mm.yyyy), not the ISO text
    expect(rows[head + 1][13]).toEqual(new Date('2025-10-20T00:00:00Z'));
    const total = rows[head + 4];
    expect([total[0], total[7], total[9], total[10]]).toEqual([
      'Итого',
      concluded.reduce((s, c) => s + c.sum_kop, 0) / 100,
      (concluded[0].sum_kop + 1000) / 100,
      5850,
    ]);
  });
});
