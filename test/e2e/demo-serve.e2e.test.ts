/**
 * Issue 19's "done when", as a person would try it: `omsx demo` on the embedded database in a fresh OMSX_HOME (no
 * DATABASE_URL), then `omsx serve` as a child process on that database, then every page of the navigation bar in
 * chromium for each demo user (password `demo-<login>-only`): a heading, no error shown, no uncaught script error,
 * no refused (403) or failed (≥ 500) API call. Then a few tasks on the demo's own data: the insurer's coordinator
 * opens a model-selected case from the worklist, reads its score and reasons, and enters a conclusion; the analyst
 * finds the active model; the TFOMS sees the agreement by arm. Screenshots: test/e2e/screenshots/demo-<role>-<page>.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { distIsCurrent } from '../../scripts/dist.mjs';
import { DEMO_USERS, demoPassword } from '../../src/access/demo-users.js';
import { WEB_DIST } from '../../src/api/web.plugin.js';
import { launchChromium, SHOTS, signInAt } from './harness.js';

const run = promisify(execFile);
const DEMO_TIMEOUT = 6 * 60_000;
const SERVE_TIMEOUT = 3 * 60_000;

const home = mkdtempSync(join(tmpdir(), 'omsx-demo-e2e-'));
// the demo's own environment: the embedded database in a fresh home, nothing from the test server
const env: NodeJS.ProcessEnv = { ...process.env, OMSX_HOME: home };
for (const k of ['DATABASE_URL', 'OMSX_DB_SCHEMA', 'OMSX_PSEUDONYM_KEY', 'PORT', 'HOST']) delete env[k];

let serve: ChildProcess | undefined;
let serveLog = '';
let browser: Browser | undefined;
let base = '';
let demoOut = '';
const timings: Record<string, number> = {};

/** Ends `omsx serve` (SIGTERM, then SIGKILL after 10 s); also on the test process's exit, so no server outlives it. */
function stopServe(): Promise<void> {
  const child = serve;
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
const killOnExit = () => serve?.kill('SIGKILL');
process.once('exit', killOnExit);

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as { port: number }).port;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

async function waitForHealth(url: string, deadline: number): Promise<unknown> {
  for (;;) {
    if (serve?.exitCode !== null && serve?.exitCode !== undefined) throw new Error(`omsx serve exited (${serve.exitCode}):\n${serveLog}`);
    try {
      const r = await fetch(`${url}/health`);
      if (r.ok) return await r.json();
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`omsx serve did not answer /health in ${SERVE_TIMEOUT / 1000} s:\n${serveLog}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Whether web/dist was built after the last change under web/ (its sources, index.html, Vite's config). */
function webDistIsCurrent(): boolean {
  const index = join(WEB_DIST, 'index.html');
  if (!existsSync(index)) return false;
  const built = statSync(index).mtimeMs;
  const web = join(WEB_DIST, '..');
  const sources = readdirSync(web, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter((f) => !f.startsWith(WEB_DIST) && !f.includes('node_modules'));
  return sources.every((f) => statSync(f).mtimeMs <= built);
}

beforeAll(
  async () => {
    // bin/omsx.js runs dist/ when it is current and the sources otherwise; the web app is served from web/dist: build
    // both when either is stale, so the test runs the code now in src/ and web/
    if (!distIsCurrent() || !webDistIsCurrent())
      await run(process.execPath, ['scripts/build.mjs'], { maxBuffer: 1 << 24, timeout: 6 * 60_000 });
    mkdirSync(SHOTS, { recursive: true });

    let t0 = Date.now();
    const demo = await run(process.execPath, ['bin/omsx.js', 'demo'], { env, maxBuffer: 1 << 24, timeout: DEMO_TIMEOUT });
    timings.demoMs = Date.now() - t0;
    demoOut = demo.stdout;

    const port = await freePort();
    t0 = Date.now();
    serve = spawn(process.execPath, ['bin/omsx.js', 'serve', '--port', String(port)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    serve.stdout!.on('data', (d) => (serveLog = (serveLog + d).slice(-20_000)));
    serve.stderr!.on('data', (d) => (serveLog = (serveLog + d).slice(-20_000)));
    base = `http://127.0.0.1:${port}`;
    expect(await waitForHealth(base, Date.now() + SERVE_TIMEOUT)).toMatchObject({ ok: true, db: 'pglite' });
    timings.serveMs = Date.now() - t0;
    browser = await launchChromium();
    console.log(
      `omsx demo: ${(timings.demoMs / 1000).toFixed(1)} s; omsx serve answered /health after ${(timings.serveMs / 1000).toFixed(1)} s`,
    );
  },
  DEMO_TIMEOUT + SERVE_TIMEOUT + 7 * 60_000,
);

afterAll(async () => {
  await browser?.close();
  await stopServe();
  process.off('exit', killOnExit);
  rmSync(home, { recursive: true, force: true });
}, 30_000);

/** What went wrong on a page while it was used: uncaught script errors, refused (403) and failed (≥ 500) API calls. */
interface Watch {
  problems: string[];
  /** API requests sent and not answered yet. */
  inFlight: Set<unknown>;
}

async function openAs(login: string): Promise<{ page: Page; watch: Watch; settle: () => Promise<void>; close: () => Promise<void> }> {
  const context = await browser!.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ru-RU' });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const watch: Watch = { problems: [], inFlight: new Set() };
  page.on('pageerror', (e) => watch.problems.push(`script error: ${e.message}`));
  const isApi = (url: string) => new URL(url).pathname.startsWith('/api/');
  page.on('request', (r) => void (isApi(r.url()) && watch.inFlight.add(r)));
  page.on('requestfinished', (r) => void watch.inFlight.delete(r));
  page.on('requestfailed', (r) => void watch.inFlight.delete(r));
  page.on('response', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/api/') && (r.status() >= 500 || r.status() === 403))
      watch.problems.push(`${r.request().method()} ${url.pathname}${url.search} → ${r.status()}`);
  });
  await signInAt(page, base, login, demoPassword(login));
  const settle = () => settleAll(page, watch);
  return { page, watch, settle, close: () => context.close() };
}

/**
 * Waits until the page shows its heading and has stopped loading: no API request in flight for 0.7 s (a page's
 * first answer on the embedded database can take seconds; the load event of a hash route says nothing of them),
 * and no «Загрузка…» left.
 */
async function settleAll(page: Page, watch: Watch): Promise<void> {
  await page.locator('main h1').first().waitFor();
  const deadline = Date.now() + 60_000;
  let quietSince = Date.now();
  for (;;) {
    if (watch.inFlight.size) quietSince = Date.now();
    else if (Date.now() - quietSince >= 700) break;
    if (Date.now() > deadline) throw new Error(`the page still waits for ${watch.inFlight.size} API answer(s) after 60 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await expect.poll(() => page.locator('main :text-is("Загрузка…"), .total:has-text("Загрузка…")').count(), { timeout: 30_000 }).toBe(0);
}

/** The visible error messages on the page (a `.error` element with text). */
async function shownErrors(page: Page): Promise<string[]> {
  const out: string[] = [];
  for (const e of await page.locator('.error').all()) {
    const text = ((await e.textContent()) ?? '').trim();
    if (text && (await e.isVisible())) out.push(text);
  }
  return out;
}

const latestPeriod = () => {
  const periods = [...demoOut.matchAll(/^\s+(\d{4}-\d{2})\s+(?:MEE|EKMP)\s/gm)].map((m) => m[1]).sort();
  return periods.at(-1)!;
};

describe('omsx demo, then omsx serve on the embedded database, in chromium', () => {
  it('the demo prints its worklists, the active model and the demo users', () => {
    expect(demoOut).toContain('database: pglite');
    expect(latestPeriod()).toMatch(/^\d{4}-\d{2}$/);
    expect(demoOut).toMatch(/model \S+ \(active\)/);
    for (const u of DEMO_USERS) expect(demoOut).toContain(demoPassword(u.login));
  });

  for (const { login, role } of DEMO_USERS)
    it(`${login} (${role}): every page of the navigation bar opens without an error`, { timeout: 5 * 60_000 }, async () => {
      const { page, watch, settle, close } = await openAs(login);
      try {
        // the landing page, then each link of the bar
        await settle();
        const landing = { errors: await shownErrors(page), problems: [...watch.problems] };
        await page.screenshot({ path: join(SHOTS, `demo-${login}-start.png`) });
        expect(landing, `${login}: the first page`).toEqual({ errors: [], problems: [] });
        const links = await page
          .locator('.top nav a')
          .evaluateAll((as) => as.map((a) => ({ href: a.getAttribute('href')!, label: a.textContent!.trim() })));
        for (const link of links) {
          watch.problems.length = 0;
          await page.locator(`.top nav a[href="${link.href}"]`).click();
          await page.waitForFunction(`location.hash === ${JSON.stringify(link.href)}`);
          await settle();
          const name = link.href.replace(/^#\//, '').replace(/[^\w-]+/g, '-');
          await page.screenshot({ path: join(SHOTS, `demo-${login}-${name}.png`) });
          const seen = {
            h1: ((await page.locator('main h1').first().textContent()) ?? '').trim() !== '',
            errors: await shownErrors(page),
            problems: [...watch.problems],
          };
          expect(seen, `${login} → «${link.label}» (${link.href})`).toEqual({ h1: true, errors: [], problems: [] });
        }
      } finally {
        await close();
      }
    });

  it(
    'smo: the worklist of the demo period, a model-selected case with its score and reasons, a conclusion entered',
    { timeout: 5 * 60_000 },
    async () => {
      const { page, watch, settle, close } = await openAs('smo');
      try {
        await page.goto(`${base}/#/worklist`);
        await settle();
        // a first visit shows the latest period that has lists (not last month's, empty on the demo's data)
        const rows = page.locator('table.worklist tbody tr');
        await expect.poll(() => page.inputValue('input[name=period]'), { timeout: 30_000 }).toBe(latestPeriod());
        await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThan(0);
        await page.selectOption('select[name=arm]', 'model');
        await expect.poll(() => rows.first().textContent(), { timeout: 30_000 }).toContain('по модели');
        await settle();
        await page.screenshot({ path: join(SHOTS, 'demo-smo-worklist-model.png') });
        // an item still to review (the list also holds items concluded before the selection, without an expert)
        const open = rows.filter({ hasText: 'назначен эксперт' }).first();
        await open.locator('a[href^="#/cases/"]').click();
        await page.waitForSelector('h1:has-text("Случай")');
        await settle();
        // the line's selection and the model's score with its reasons
        expect(await page.locator('.score').textContent()).toContain('по модели');
        await expect.poll(() => page.locator('.model-score .reasons li').count()).toBeGreaterThan(0);
        const before = await page.locator('.conclusions > li').count();
        await page.fill('input[name=f014]', '246');
        await page.click('.f014-options button[data-code="246"]');
        await expect.poll(() => page.locator('.f014-chips .chip').count()).toBe(1);
        await expect.poll(() => page.locator('.sanction .amount').count()).toBe(1);
        await page.fill('input[name=num_act]', 'МЭЭ-демо/1');
        await page.fill('textarea[name=comment]', 'проверка демо: КСГ завышена');
        await page.click('.conclusion-form button[type=submit]');
        // the form's answer, whichever it is: a refusal is reported with its text
        const answer = page.locator('.conclusion-form .ok, .conclusion-form .error[role=alert]');
        await expect.poll(() => answer.first().textContent(), { timeout: 30_000 }).toBe('Заключение сохранено');
        await expect.poll(() => page.locator('.conclusions > li').count()).toBe(before + 1);
        expect(await page.locator('.conclusions').textContent()).toContain('проверка демо: КСГ завышена');
        await page.screenshot({ path: join(SHOTS, 'demo-smo-case-conclusion.png'), fullPage: true });
        expect(await shownErrors(page)).toEqual([]);
        expect(watch.problems).toEqual([]);
      } finally {
        await close();
      }
    },
  );

  it('analyst: the models page lists the demo model as active', async () => {
    const version = /model (\S+) \(active\)/.exec(demoOut)![1];
    const { page, watch, settle, close } = await openAs('analyst');
    try {
      await page.goto(`${base}/#/models`);
      await settle();
      const row = page.locator('table.models tbody tr', { hasText: version });
      await expect.poll(() => row.count()).toBe(1);
      expect(await row.locator('td.status').getAttribute('class')).toContain('active');
      expect(watch.problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it('tfoms: the agreement page shows the arms with their numbers', async () => {
    const { page, watch, settle, close } = await openAs('tfoms');
    try {
      await page.goto(`${base}/#/agreement`);
      await settle();
      const arms = await page
        .locator('table.agreement tbody tr[data-arm]')
        .evaluateAll((trs) =>
          trs.map((tr) => ({ arm: tr.getAttribute('data-arm'), reviewed: Number(tr.querySelectorAll('td')[2]?.textContent) })),
        );
      expect(arms.map((a) => a.arm)).toEqual(expect.arrayContaining(['random', 'trigger']));
      for (const a of arms) expect(a.reviewed, a.arm!).toBeGreaterThan(0);
      expect(watch.problems).toEqual([]);
    } finally {
      await close();
    }
  });
});
