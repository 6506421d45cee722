/**
 * The Models page in chromium against the real server on PostgreSQL: the baseline model and a shadow copy of it
 * (the same files under another version name, in a models directory of the test's own), the sample region's August
 * 2025 with its features and both versions' scores. As a data scientist: open the page, open a card (metrics with
 * intervals, calibration and PR charts drawn), see the PSI of 2025-08 by feature, and promote the shadow version
 * through the confirmation; the database then has it active and the baseline in shadow.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { addUser } from '../../src/access/auth.service.js';
import { createDeps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { computeFeatures } from '../../src/features/features.service.js';
import { cardMarkdown, type ModelCard } from '../../src/ml/card.js';
import { BUNDLED_MODELS_DIR } from '../../src/ml/model-files.js';
import { registerModel } from '../../src/ml/models.service.js';
import { featureReport } from '../../src/ml/drift.service.js';
import { scorePeriod } from '../../src/scoring/scores.service.js';
import { tempDir } from '../helpers/registers.js';
import { ingestSampleMonth, openWebData, PASSWORD, SHOTS, startWeb, type WebHarness } from './harness.js';

const BASELINE = 'nn-2025-04-682cc913';
const SHADOW = 'nn-2025-04-shadow-copy';

let web: WebHarness;
let db: WebHarness['db'];
let deps: WebHarness['deps'];
let page: Page;
let base = '';

beforeAll(async () => {
  const data = await openWebData('models_e2e');
  db = data.db;
  // a models directory of the test's own: the baseline and a copy of it named as another version (not a baseline)
  const dir = tempDir();
  cpSync(join(BUNDLED_MODELS_DIR, BASELINE), join(dir, BASELINE), { recursive: true });
  mkdirSync(join(dir, SHADOW));
  cpSync(join(BUNDLED_MODELS_DIR, BASELINE, 'model.onnx'), join(dir, SHADOW, 'model.onnx'));
  const card = JSON.parse(readFileSync(join(dir, BASELINE, 'card.json'), 'utf8')) as ModelCard;
  const copy: ModelCard = { ...card, version: SHADOW, baseline: undefined, notes: ['A copy of the baseline for the browser test.'] };
  writeFileSync(join(dir, SHADOW, 'card.json'), JSON.stringify(copy));
  writeFileSync(join(dir, SHADOW, 'card.md'), cardMarkdown(copy));
  await data.deps.close();
  deps = await createDeps(loadConfig({ OMSX_HOME: tempDir(), OMSX_MODELS_DIR: dir }), { db });
  expect((await registerModel(deps, BASELINE)).status).toBe('active');
  expect((await registerModel(deps, SHADOW)).status).toBe('shadow');
  await ingestSampleMonth(deps, '2508');
  await computeFeatures(deps, { year: 2025, month: 8 });
  await scorePeriod(deps, { year: 2025, month: 8 });
  await addUser(deps, { login: 'analyst', password: PASSWORD, role: 'data_scientist' });
  web = await startWeb({ db, deps });
  ({ page, base } = web);
}, 300_000);

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await page?.screenshot({ path: join(SHOTS, `failed-models-${ctx.task.name.slice(0, 30)}.png`) });
});

afterAll(async () => {
  await web?.close();
});

const row = (v: string) => page.locator(`table.models tbody tr[data-version="${v}"]`);

/** The drawing size of every canvas under `sel` (read as a plain object: the tests are compiled without DOM types). */
async function canvasSizes(sel: string): Promise<{ w: number; h: number }[]> {
  return page
    .locator(`${sel} canvas`)
    .evaluateAll((els) => els.map((e) => e as unknown as { width: number; height: number }).map((c) => ({ w: c.width, h: c.height })));
}

describe('the Models page in chromium', () => {
  it('lists the versions with their status', async () => {
    await web.signIn('analyst');
    await page.goto(`${base}/#/models`);
    await page.waitForSelector('table.models tbody tr');
    expect(await row(BASELINE).locator('td.status').textContent()).toBe('действующая');
    expect(await row(BASELINE).locator('td').nth(5).textContent()).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
    expect(await row(SHADOW).locator('td.status').textContent()).toBe('теневая');
    await web.shot('models');
  });

  it('opens a card: window, metrics with 95 % intervals, calibration and PR charts drawn, comparison, history', async () => {
    await row(BASELINE).locator('button.open-card').click();
    await page.waitForSelector(`.model-card[data-version="${BASELINE}"] table.metrics`);
    const card = page.locator('.model-card');
    expect(await card.locator('h2').first().textContent()).toContain(`Карточка версии ${BASELINE} · действующая`);
    expect(await card.locator('.fields').textContent()).toContain('2025-01 – 2025-03: 4819 проверенных случаев');
    const roc = await card.locator('tr[data-metric="roc_auc"] td').allTextContents();
    // the card's 0.634 [0.564; 0.721]
    expect(roc).toEqual(['ROC-AUC', '0,634', '0,564 – 0,721']);
    expect(await card.locator('table.metrics tbody tr').count()).toBe(6);
    expect(await card.locator('table.comparison tbody tr').count()).toBe(2);
    expect(await card.locator('.history li').first().textContent()).toContain('действующая');
    // when, as a Russian reader writes it
    expect(await card.locator('.history li').first().textContent()).toMatch(/^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} — /);
    await expect.poll(async () => (await canvasSizes('.model-card')).length).toBe(2);
    for (const s of await canvasSizes('.model-card')) expect(s.w * s.h).toBeGreaterThan(0);
    expect(await card.textContent()).toContain('Кривая сохранена при обучении');
    await web.shot('model-card');
  });

  it('shows the PSI of 2025-08 by feature, sorted, with the flags, as the service computes it', async () => {
    await page.fill('input[name=drift-period]', '2025-13');
    await page.click('.model-drift button[type=submit]');
    expect(await page.locator('.model-drift .error').textContent()).toContain('ГГГГ-ММ');
    await page.fill('input[name=drift-period]', '2025-08');
    await page.click('.model-drift button[type=submit]');
    await page.waitForSelector('table.drift tbody tr');
    const report = await featureReport(deps, { year: 2025, month: 8 }, BASELINE);
    expect(report.reference?.source).toBe('card');
    const names = await page.locator('table.drift tbody tr td:first-child').allTextContents();
    expect(names).toEqual(report.features.map((f) => f.name));
    const psis = (await page.locator('table.drift tbody tr td:nth-child(2)').allTextContents()).map((s) =>
      Number(s.replace(/\s/g, '').replace(',', '.')),
    );
    expect(psis).toEqual([...psis].sort((a, b) => b - a));
    expect(psis[0]).toBeCloseTo(report.features[0].psi!, 4);
    const flagged = report.features.filter((f) => f.flag === 'drift').length;
    expect(await page.locator('table.drift td.flag.drift').count()).toBe(flagged);
    expect(await page.locator('.drift-summary').textContent()).toContain(`2025-08: ${report.rows} случаев`);
    await expect.poll(async () => (await canvasSizes('.model-drift')).length).toBe(1);
    for (const s of await canvasSizes('.model-drift')) expect(s.w * s.h).toBeGreaterThan(0);
    await page.locator('.model-drift').scrollIntoViewIfNeeded();
    await web.shot('model-drift');
  });

  it('promotes the shadow version after the confirmation; the database has it active and the baseline in shadow', async () => {
    await page.evaluate('window.scrollTo(0, 0)');
    await row(SHADOW).locator('button:has-text("Сделать действующей")').click();
    // nothing changes before the confirmation
    expect(await row(SHADOW).locator('.confirm').textContent()).toContain('текущая станет теневой');
    const before = await db.sql.query<{ version: string; status: string }>('SELECT version, status FROM model_version ORDER BY version');
    expect(before).toEqual([
      { version: BASELINE, status: 'active' },
      { version: SHADOW, status: 'shadow' },
    ]);
    await row(SHADOW).locator('button:has-text("Подтвердить")').click();
    await expect.poll(() => page.locator('p.ok').textContent()).toContain(`Версия ${SHADOW} стала действующей`);
    await expect.poll(() => row(SHADOW).locator('td.status').textContent()).toBe('действующая');
    expect(await row(BASELINE).locator('td.status').textContent()).toBe('теневая');
    const after = await db.sql.query<{ version: string; status: string }>('SELECT version, status FROM model_version ORDER BY version');
    expect(after).toEqual([
      { version: BASELINE, status: 'shadow' },
      { version: SHADOW, status: 'active' },
    ]);
    const events = await db.sql.query<{ version: string; status: string; changed_by: string | null }>(
      `SELECT version, status, changed_by FROM model_status_event WHERE changed_by IS NOT NULL ORDER BY id`,
    );
    expect(events).toEqual([
      { version: BASELINE, status: 'shadow', changed_by: 'analyst' },
      { version: SHADOW, status: 'active', changed_by: 'analyst' },
    ]);
  });
});
