/**
 * The Registers and Audit pages in chromium against the real server on PostgreSQL, with jobs run in this process (as
 * `omsx serve` runs them on the embedded database): an admin uploads a sample package through the page, watches the
 * upload and the processing, opens the package, reads its protocol and downloads the FLK_P XML; an MO's user sees
 * only its MO's packages; the audit page lists a personal-data read.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import type { Page } from 'playwright-core';
import { addUser } from '../../src/access/auth.service.js';
import { createDeps, type Deps } from '../../src/deps.js';
import { inProcessQueue, type InProcessQueue } from '../../src/jobs/in-process.queue.js';
import { ingestPackage } from '../../src/registers/ingest/ingest.service.js';
import { protocolName } from '../../src/registers/protocol/flk-p.js';
import { assignCases, signIn as signInApi } from '../helpers/auth.js';
import { launchChromium, openWebData, PASSWORD, SAMPLE, SHOTS, startWeb, type WebHarness } from './harness.js';

// MO 750006's package of August 2025 has FLK and MEK findings
const UPLOAD = 'HM750006T76_2508.zip';
let web: WebHarness;
let deps: Deps;
let queue: InProcessQueue;
let page: Page;
const jobErrors: unknown[] = [];
let otherPackage = '';
const MO = '750006';

beforeAll(async () => {
  const data = await openWebData('registers_e2e');
  // uploads are processed by the job queue: the in-process one, as on the embedded database
  queue = inProcessQueue((name, e) => jobErrors.push([name, e]));
  deps = await createDeps(data.deps.config, { db: data.db, queue });
  queue.attach(deps);
  // two other MOs' packages of the month, read in as the system
  otherPackage = (await ingestPackage(deps, [join(SAMPLE, 'HM750007T76_2508.zip')], { workers: false })).packageId;
  await ingestPackage(deps, [join(SAMPLE, 'HM750001T76_2508.zip')], { workers: false });
  await addUser(deps, { login: 'lead', password: PASSWORD, role: 'admin' });
  await addUser(deps, { login: 'mo6', password: PASSWORD, role: 'mo', mo: MO });
  await addUser(deps, { login: 'chief', password: PASSWORD, role: 'tfoms' });
  web = await startWeb({ db: data.db, deps });
  page = web.page;
}, 300_000);

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await page?.screenshot({ path: join(SHOTS, `failed-${ctx.task.name.slice(0, 40)}.png`) });
});

afterAll(async () => {
  await web?.close();
  await queue?.close();
});

const rowOf = (id: string) => page.locator(`table.packages tr[data-package="${id}"]`);

describe('the Registers and Audit pages in chromium', () => {
  let uploaded = '';

  it('uploads a package through the page: progress, then processed, with its counts and findings in the list', async () => {
    await web.signIn('lead');
    await page.click('a[href="#/registers"]');
    await page.waitForSelector('h1:has-text("Реестры счетов")');
    await expect.poll(() => page.locator('table.packages tbody tr').count()).toBe(2);
    await page.setInputFiles('input[type=file]', join(SAMPLE, UPLOAD));
    await page.waitForSelector('.upload-progress');
    await expect.poll(() => page.locator('.upload-percent').textContent()).toBe('100 %');
    await expect.poll(() => page.locator('.upload-state .pkg-status').textContent(), { timeout: 120_000 }).toContain('обработан');
    const status = (await page.locator('.upload-state .pkg-status').textContent())!;
    uploaded = /Пакет №(\d+)/.exec(status)![1];
    const [pkg] = await web.db.sql.query<{
      status: string;
      stats: { files: Array<{ cases: number; accepted: number; rejected: number }> };
    }>('SELECT status, stats FROM package WHERE id = $1', [uploaded]);
    expect(pkg.status).toBe('done');
    const sum = (k: 'cases' | 'accepted' | 'rejected') => pkg.stats.files.reduce((n, f) => n + f[k], 0);
    expect(status).toContain(`случаев ${sum('cases')}, принято ${sum('accepted')}, отклонено ${sum('rejected')}`);
    // the list shows it first, processed, with the same counts and its most frequent rules
    await expect.poll(() => page.locator('table.packages tbody tr').count()).toBe(3);
    const row = rowOf(uploaded);
    await row.waitFor();
    expect(await page.locator('table.packages tbody tr').first().getAttribute('data-package')).toBe(uploaded);
    expect(await row.locator('.source a').textContent()).toBe(UPLOAD);
    // the list is read again when the package is done: the row may show «обрабатывается» until that answer arrives
    await expect.poll(() => row.locator('.pkg-status').textContent()).toBe('обработан');
    expect(await row.locator('.mo').textContent()).toBe(MO);
    expect(await row.locator('.cases').textContent()).toBe(String(sum('cases')));
    expect(await row.locator('.accepted').textContent()).toBe(String(sum('accepted')));
    expect(await row.locator('.rejected').textContent()).toBe(String(sum('rejected')));
    const rules = await web.db.sql.query<{ rule: string; n: number }>(
      'SELECT rule, count(*)::int AS n FROM finding WHERE package_id = $1 GROUP BY rule ORDER BY n DESC, rule LIMIT 5',
      [uploaded],
    );
    expect(await row.locator('.rule-chip').allTextContents()).toEqual(rules.map((r) => `${r.rule} ×${r.n}`));
    await web.shot('registers-list');
    // the same file again: the page says it was loaded before (its package), rather than reporting it processed anew
    await page.setInputFiles('input[type=file]', join(SAMPLE, UPLOAD));
    await expect
      .poll(() => page.locator('.upload-state .pkg-status').textContent())
      .toContain(`Этот пакет уже был загружен, повторно он не обрабатывается. Пакет №${uploaded}: обработан`);
    expect(await page.locator('table.packages tbody tr').count()).toBe(3);
  });

  it('opens the package: its files, findings by rule with their descriptions, the protocol, and the FLK_P download', async () => {
    await rowOf(uploaded).locator('.source a').click();
    await page.waitForSelector(`h1:has-text("Пакет №${uploaded}")`);
    const files = await web.db.sql.query<{ file_name: string }>('SELECT file_name FROM register_file WHERE package_id = $1', [uploaded]);
    await expect
      .poll(() => page.locator('table.package-files tbody tr td:first-child').allTextContents())
      .toEqual(expect.arrayContaining(files.map((f) => f.file_name)));
    const rules = await web.db.sql.query<{ rule: string; n: number }>(
      'SELECT rule, count(*)::int AS n FROM finding WHERE package_id = $1 GROUP BY rule ORDER BY n DESC, rule',
      [uploaded],
    );
    await expect.poll(() => page.locator('table.rules tbody tr').count()).toBe(rules.length || 0);
    for (const r of rules) {
      const cells = await page.locator(`table.rules tr[data-rule="${r.rule}"] td`).allTextContents();
      expect(cells[1]).toBe(r.rule);
      expect(cells[2].length).toBeGreaterThan(3);
      expect(cells[3]).toBe(String(r.n));
    }
    // the protocol of the file with the most findings, shown in the page: one row per finding
    const [{ main, n }] = await web.db.sql.query<{ main: string; n: number }>(
      'SELECT file_name AS main, count(*)::int AS n FROM finding WHERE package_id = $1 GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1',
      [uploaded],
    );
    expect(n).toBeGreaterThan(0);
    await page.click(`table.package-files tr[data-file="${main}"] button`);
    await page.waitForSelector(`.protocol[data-file="${main}"]`);
    await expect.poll(() => page.locator('table.protocol-table tbody tr').count()).toBe(n);
    const flk = await web.db.sql.query<{ rule: string }>('SELECT rule FROM finding WHERE package_id = $1 AND file_name = $2 ORDER BY id', [
      uploaded,
      main,
    ]);
    expect(await page.locator('table.protocol-table tbody tr td:nth-child(2)').allTextContents()).toEqual(flk.map((f) => f.rule));
    await web.shot('registers-package');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('.protocol a.download')]);
    expect(download.suggestedFilename()).toBe(`${protocolName(main)}.xml`);
    expect(download.suggestedFilename()).toMatch(/^V/);
    const bytes = readFileSync((await download.path())!);
    expect(bytes.subarray(0, 60).toString('latin1')).toMatch(/^<\?xml version="1\.0" encoding="windows-1251"\?>/);
    const xml = iconv.decode(bytes, 'win1251');
    expect(xml).toMatch(/<FLK_P>/);
    expect(xml).toContain(`<FNAME_I>${main.replace(/\.xml$/i, '')}</FNAME_I>`);
    expect((xml.match(/<PR>/g) ?? []).length).toBe(n);
  });

  it('takes a package dropped on the page; a file that is not a package, or a broken ZIP, reads as a sentence', async () => {
    await page.click('a[href="#/registers"]');
    await page.waitForSelector('.dropzone');
    const drop = async (name: string, bytes: Buffer) => {
      const dt = await page.evaluateHandle(
        ([n, b64]) => {
          // runs in the page (this file is compiled without the DOM's types)
          const w = globalThis as unknown as {
            DataTransfer: new () => { items: { add(f: unknown): void } };
            File: new (parts: unknown[], name: string) => unknown;
            atob(s: string): string;
          };
          const t = new w.DataTransfer();
          t.items.add(new w.File([Uint8Array.from(w.atob(b64), (c) => c.charCodeAt(0))], n));
          return t;
        },
        [name, bytes.toString('base64')] as const,
      );
      await page.dispatchEvent('.dropzone', 'drop', { dataTransfer: dt });
    };
    await drop('notes.txt', Buffer.from('hello'));
    await expect
      .poll(() => page.locator('.upload .error').textContent())
      .toBe('Файл notes.txt: нужен пакет реестров — ZIP-архив (или XML-файл)');
    // the same package again: the package made for these bytes before
    await drop(UPLOAD, readFileSync(join(SAMPLE, UPLOAD)));
    await expect.poll(() => page.locator('.upload-state .pkg-status').textContent()).toContain(`Пакет №${uploaded}: обработан`);
    await drop('HM750001T76_2599.zip', Buffer.from('not a zip archive at all'));
    await expect.poll(() => page.locator('.upload-state .pkg-status').textContent(), { timeout: 60_000 }).toContain('отклонён');
    const error = (await page.locator('.upload .error').textContent())!;
    expect(error).toMatch(/^Пакет отклонён: \S/);
    expect(error).not.toMatch(/\bat \S+ \(|\/tmp\/|uploads/);
    await expect.poll(() => page.locator('table.packages tbody tr').first().locator('.pkg-status').textContent()).toBe('отклонён');
  });

  it("an MO's user sees only its MO's packages", async () => {
    // the page names its icon (none): a fresh browser asks for no /favicon.ico, whose 404 was a console error on
    // every first load (chromium reports that request to no page event: only the console says it)
    const fresh = await launchChromium(); // a browser of its own: a browser remembers a missing icon across contexts
    const first = await fresh.newPage();
    const notFound: string[] = [];
    first.on('console', (m) => void (m.type() === 'error' && m.text().includes('404') && notFound.push(m.text())));
    await first.goto(web.base);
    await first.waitForSelector('input[name=login]');
    await first.waitForTimeout(500);
    await fresh.close();
    expect(notFound).toEqual([]);
    await web.signIn('mo6');
    await page.goto(`${web.base}/#/registers`);
    await page.waitForSelector('h1:has-text("Реестры счетов")');
    await expect.poll(() => page.locator('table.packages tbody tr').count()).toBe(1);
    expect(await page.locator('table.packages tbody tr').first().getAttribute('data-package')).toBe(uploaded);
    expect(await page.locator('.top nav').textContent()).not.toContain('Журнал доступа');
    // the bar says whose registers these are, as it names a coordinator's insurer
    expect(await page.locator('.top .who').textContent()).toBe(`mo6 · медицинская организация · МО ${MO}`);
    // another MO's package answers as if it did not exist
    await page.goto(`${web.base}/#/registers/${otherPackage}`);
    await expect.poll(() => page.locator('.register-package .error').textContent()).toContain('Не найдено');
    // a case card, which an MO's role may not read, says so in Russian (the API's words were shown as they are)
    const [one] = await web.db.sql.query<{ id: string }>(`SELECT id::text FROM "case" ORDER BY id LIMIT 1`);
    await page.goto(`${web.base}/#/cases/${one.id}`);
    await expect
      .poll(() => page.locator('main .error').textContent())
      .toBe('Недостаточно прав для этого действия: карточки случаев вашей роли недоступны');
  });

  it('the audit page lists a personal-data read by an expert', async () => {
    const [c] = await web.db.sql.query<{ id: string; smo: string }>(
      `SELECT id::text, smo FROM "case" WHERE smo IS NOT NULL ORDER BY id LIMIT 1`,
    );
    const expert = await signInApi(web.app, deps, { role: 'expert', smo: c.smo, login: 'expert1' });
    await assignCases(deps, expert.expert!, [c.id]);
    expect((await expert.inject({ method: 'GET', url: `/api/cases/${c.id}/person` })).statusCode).toBe(200);
    await web.signIn('lead');
    await page.click('a[href="#/audit"]');
    await page.waitForSelector('h1:has-text("Журнал доступа")');
    const row = page.locator('table.audit-log tbody tr').first();
    await expect.poll(() => row.locator('.audit-login').textContent()).toBe('expert1');
    expect(await row.locator('.cases').textContent()).toBe(c.id);
    expect(await row.textContent()).toContain('просмотр персональных данных');
    await page.fill('input[name=login]', 'nobody');
    await expect.poll(() => page.locator('.audit p.muted').textContent()).toContain('обращений к персональным данным нет');
    await page.fill('input[name=login]', 'expert1');
    await expect.poll(() => page.locator('.filters .total').textContent()).toBe('Записей: 1');
    expect(await row.locator('.persons').textContent()).toBe('1'); // an administrator sees how many, not whose
    await web.shot('audit');
    // TFOMS sees whose data was read (the patient's key)
    await web.signIn('chief');
    await page.click('a[href="#/audit"]');
    const [{ person_key }] = await web.db.sql.query<{ person_key: string }>('SELECT person_key FROM "case" WHERE id = $1', [c.id]);
    await expect.poll(() => page.locator('table.audit-log tbody tr').first().locator('.persons').textContent()).toBe(person_key);
    expect(jobErrors).toEqual([]);
  });
});
