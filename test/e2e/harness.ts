/**
 * What every browser test needs: a real server (buildApp on a real PostgreSQL schema of its own), Debian's chromium
 * driven by playwright-core at 1366×768 in Russian, signing in, and screenshots under test/e2e/screenshots/ (ignored
 * by git). A test file calls `startWeb` in its beforeAll, after putting its data in place with `deps`.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { openTestDatabase } from '../helpers/db.js';
import { dropSchema } from '../../src/db/migrate.js';
import { tempDir } from '../helpers/registers.js';
import { createDeps, type Deps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/api/app.js';
import { WEB_DIST } from '../../src/api/web.plugin.js';
import { ingestPackage } from '../../src/registers/ingest/ingest.service.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SHOTS = 'test/e2e/screenshots';
export const SAMPLE = 'data/sample/registers';
export const PASSWORD = 'e2e-password-1';

export type TestDatabase = Awaited<ReturnType<typeof openTestDatabase>>;

export interface WebHarness {
  db: TestDatabase;
  deps: Deps;
  app: FastifyInstance;
  browser: Browser;
  page: Page;
  /** http://127.0.0.1:PORT */
  base: string;
  /** A screenshot of the page as it is, as SHOTS/<name>.png. */
  shot: (name: string) => Promise<Buffer>;
  /** Signs in through the login page (signing out first when someone is signed in). */
  signIn: (login: string, password?: string) => Promise<void>;
  close: () => Promise<void>;
}

/** A database schema of its own and the deps over it, for a test file to fill before `startWeb`. */
export async function openWebData(schema: string): Promise<{ db: TestDatabase; deps: Deps }> {
  if (!existsSync(join(WEB_DIST, 'index.html'))) throw new Error('web/dist is missing: run npm run build');
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  const db = await openTestDatabase(schema);
  const deps = await createDeps(loadConfig({ OMSX_HOME: tempDir() }), { db });
  return { db, deps };
}

/** Ingests the sample region's packages of one month (`YYMM`, e.g. '2508'), in process. */
export async function ingestSampleMonth(deps: Deps, yymm: string): Promise<void> {
  for (const f of readdirSync(SAMPLE)
    .filter((f) => f.endsWith(`_${yymm}.zip`))
    .sort())
    await ingestPackage(deps, [join(SAMPLE, f)], { workers: false });
}

/** Starts the server on a free port and a headless chromium page on it. */
export async function startWeb(data: { db: TestDatabase; deps: Deps }): Promise<WebHarness> {
  mkdirSync(SHOTS, { recursive: true });
  const app = await buildApp(data.deps, { logger: !!process.env.E2E_LOG });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const base = address.replace('localhost', '127.0.0.1');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'ru-RU', acceptDownloads: true });
  page.setDefaultTimeout(20_000);
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
  const signIn = async (login: string, password = PASSWORD) => {
    await page.goto(base);
    const out = page.locator('.top button.link');
    await page.waitForSelector('input[name=login], .top button.link');
    if (await out.count()) {
      await out.click();
      await page.waitForSelector('input[name=login]');
    }
    await page.fill('input[name=login]', login);
    await page.fill('input[name=password]', password);
    await page.click('button[type=submit]');
    await page.waitForSelector('.top .who');
  };
  const close = async () => {
    await browser.close();
    await app.close();
    // openWebData runs in a test file's beforeAll, where openTestDatabase's own afterAll (the drop) is not registered:
    // the schema is dropped here, or every run left one behind
    await dropSchema(data.db.sql, data.db.schema);
  };
  return { ...data, app, browser, page, base, shot, signIn, close };
}

/** Chromium's switches for a headless run on this machine (as startWeb launches it). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Debian's chromium, headless, for a test that brings its own server (e.g. a real `omsx serve`). */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Signs in on `base`'s login page in a page of a fresh context (no one signed in yet). */
export async function signInAt(page: Page, base: string, login: string, password: string): Promise<void> {
  await page.goto(base);
  await page.waitForSelector('input[name=login]');
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForSelector('.top .who');
}
