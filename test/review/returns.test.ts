/**
 * `omsx sank export` and expertise returns, on the real PostgreSQL: the sample region with its conclusions is
 * exported for one insurer and month; (1) the export ingested into an empty database gives the same conclusions,
 * (2) ingested into the database it came from it is a return: attached to the stored accounts, no case stored twice,
 * OPLATA/SUMP updated, conclusions unchanged; (3) a re-send that differs in a case element is refused, naming it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import yauzl from 'yauzl';
import { openTestDatabase, runCliCaptured, TEST_DATABASE_URL } from '../helpers/db.js';
import { tempDir, writeZip } from '../helpers/registers.js';
import { createDeps, type Deps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { ingestPackage } from '../../src/registers/ingest/ingest.service.js';
import { setFineNorm } from '../../src/review/fine-norm.service.js';
import { importConclusionsCsv, importConclusionsText } from '../../src/review/conclusions-import.service.js';

const a = await openTestDatabase('concl_ret_a');
const b = await openTestDatabase('concl_ret_b');
const envA = { DATABASE_URL: TEST_DATABASE_URL, OMSX_DB_SCHEMA: a.schema, OMSX_HOME: tempDir() };
const out = tempDir();
let depsA: Deps;
let depsB: Deps;
let packages: string[] = [];
const SAMPLE = 'data/sample/registers';

const n = async (db: Database, text: string, params: unknown[] = []) =>
  Number((await db.sql.query<{ n: string }>(`SELECT (${text})::text AS n`, params))[0].n);

/** The conclusions on the cases of the given register files, as comparable text (no ids, no provenance). */
async function conclusionsOf(db: Database, files: string[]) {
  const rows = await db.sql.query<{ k: string }>(
    `SELECT concat_ws('|', rf.file_name, c.idcase, k.sl_id, k.s_tip, k.control, k.defect, array_to_string(k.f014, ';'), k.amount_kop,
                      array_to_string(k.experts, ';'), k.date_act, k.num_act, k.comment) AS k
       FROM conclusion k JOIN "case" c ON c.id = k.case_id JOIN register_file rf ON rf.id = c.register_file_id
      WHERE rf.file_name = ANY($1::text[])`,
    [files],
  );
  return rows.map((r) => r.k).sort();
}

function unzip(path: string): Promise<{ name: string; text: string }[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const entries: { name: string; text: string }[] = [];
      zip.on('entry', (e: yauzl.Entry) =>
        zip.openReadStream(e, (er, s) => {
          if (er) return reject(er);
          const parts: Buffer[] = [];
          s.on('data', (d: Buffer) => parts.push(d)).on('end', () => {
            entries.push({ name: e.fileName, text: iconv.decode(Buffer.concat(parts), 'win1251') });
            zip.readEntry();
          });
        }),
      );
      zip.on('end', () => resolve(entries)).on('error', reject);
      zip.readEntry();
    });
  });
}

beforeAll(async () => {
  depsA = await createDeps(loadConfig(envA), { db: a });
  depsB = await createDeps(loadConfig({ OMSX_HOME: tempDir() }), { db: b });
  for (const f of readdirSync(SAMPLE).sort())
    expect((await ingestPackage(depsA, [join(SAMPLE, f)], { workers: false })).status).toBe('done');
  await setFineNorm(depsA, 2025, 1_950_000, 'test');
  const r = await importConclusionsCsv(depsA, 'data/sample/conclusions.csv', { skipUnmatched: true });
  expect(r.errors).toEqual([]);
  // a case reviewed twice, both experts refusing it with no SL named: its SANK need SL_ID (FLK 003F.00.1770) and
  // its SANK_IT is the larger S_SUM, not the sum (MEK 003K.00.0250)
  const [twice, several] = await a.sql.query<{ file_name: string; idcase: string }>(
    `SELECT rf.file_name, c.idcase FROM "case" c JOIN register_file rf ON rf.id = c.register_file_id
      WHERE c.year = 2025 AND c.month = 7 AND COALESCE(c.smo, c.plat) = '75003' AND c.status = 'accepted' AND rf.ref_code IS NULL
        AND NOT EXISTS (SELECT 1 FROM conclusion k WHERE k.case_id = c.id) ORDER BY c.id LIMIT 2`,
  );
  const line = (expert: string) => `${twice.file_name},${twice.idcase},50,defect,252,${expert},2025-08-21,T-${expert}`;
  // and an act finding three defects on one case: a SANK holds one S_OSN, so it goes out as three SANK of that act
  const three = `${several.file_name},${several.idcase},70,defect,255;252;256,E3,2025-08-22,T-3`;
  const csv = ['file,idcase,s_tip,result,f014,expert,date_act,num_act', line('E1'), line('E2'), three].join('\n');
  expect((await importConclusionsText(depsA, csv, 'twice.csv')).imported).toBe(3);
  const cli = await runCliCaptured(['sank', 'export', '--period', '2025-07', '--smo', '75003', '--out', out, '--json'], envA);
  expect(cli.code).toBe(0);
  packages = JSON.parse(cli.out).accounts.map((x: { package: string }) => x.package);
}, 240_000);

describe('omsx sank export', () => {
  it("writes each account of the month holding the insurer's cases, with SANK and the payment totals", async () => {
    const expected = await n(
      a,
      `SELECT count(DISTINCT register_file_id) FROM "case" WHERE year = 2025 AND month = 7 AND COALESCE(smo, plat) = '75003'`,
    );
    expect(packages.length).toBe(expected);
    // an account with conclusions: SANK_IT and SUMP of each case add up, SCHET totals match
    const withSank = [];
    for (const p of packages) {
      const [main] = (await unzip(p)).filter((e) => !e.name.startsWith('L'));
      if (main.text.includes('<SANK>')) withSank.push(main.text);
    }
    expect(withSank.length).toBeGreaterThan(0);
    const xml = withSank[0];
    expect(xml.startsWith('<?xml version="1.0" encoding="windows-1251"?>')).toBe(true);
    const sums = (tag: string, s: string) =>
      [...s.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => Math.round(Number(m[1]) * 100));
    const total = (xs: number[]) => xs.reduce((x, y) => x + y, 0);
    const zaps = xml.split('<ZAP>').slice(1);
    for (const z of zaps) {
      const sumv = sums('SUMV', z)[0];
      const sank = Math.max(0, ...sums('S_SUM', z));
      expect(sums('SUMP', z)[0]).toBe(sumv - sank);
      if (sank) expect(sums('SANK_IT', z)[0]).toBe(sank);
      expect(z).toMatch(sank === 0 ? /<OPLATA>1<\/OPLATA>/ : sank >= sumv ? /<OPLATA>2<\/OPLATA>/ : /<OPLATA>3<\/OPLATA>/);
    }
    expect(sums('SUMMAP', xml)[0]).toBe(total(zaps.map((z) => sums('SUMP', z)[0])));
    expect(sums('SANK_MEE', xml)[0] + sums('SANK_EKMP', xml)[0] + sums('SANK_MEK', xml)[0]).toBe(total(sums('S_SUM', xml)));
  });

  it('ingested into an empty database, reproduces the same conclusions', async () => {
    await setFineNorm(depsB, 2025, 1_950_000, 'test'); // the region's norm, so that fines are computed there too
    for (const p of packages) {
      const r = await ingestPackage(depsB, [p], { workers: false });
      expect(r.status).toBe('done');
      for (const f of r.files) expect(f.rejected, `${f.file}: ${JSON.stringify(f.findings.slice(0, 3))}`).toBe(0);
    }
    // the payment elements the export wrote pass the MEK checks of SANK_IT, SUMP and OPLATA
    const payment = await b.sql.query(`SELECT rule, idcase, message FROM finding WHERE rule BETWEEN '003K.00.0240' AND '003K.00.0280'`);
    expect(payment).toEqual([]);
    // an account whose FLK-rejected records were never stored counts and bills what it holds (SD_Z, SUMMAV)
    expect(await b.sql.query(`SELECT rule, message FROM finding WHERE rule IN ('006F.00.0110', '003K.00.0130')`)).toEqual([]);
    const files = (await b.sql.query<{ file_name: string }>(`SELECT file_name FROM register_file`)).map((r) => r.file_name);
    const before = await conclusionsOf(a, files);
    expect(before.length).toBeGreaterThan(0);
    expect(await conclusionsOf(b, files)).toEqual(before);
    // the act with three codes came back as one conclusion with its three codes, sum and fine
    const fine = `SELECT array_to_string(k.f014, ';') || '|' || k.amount_kop || '|' || k.fine_kop FROM conclusion k WHERE k.num_act = 'T-3'`;
    expect(await b.sql.query(fine)).toEqual(await a.sql.query(fine));
    expect(await n(b, `SELECT count(*) FROM conclusion WHERE num_act = 'T-3' AND f014 = '{255,252,256}'`)).toBe(1);
  });
});

describe('expertise returns', () => {
  it('attach to the stored account: no case stored twice, OPLATA/SUMP updated, conclusions unchanged', async () => {
    const cases = await n(a, `SELECT count(*) FROM "case"`);
    const versions = await n(a, `SELECT count(*) FROM conclusion_version`);
    const conclusions = await n(a, `SELECT count(*) FROM conclusion`);
    await a.sql.query(`UPDATE "case" SET oplata = NULL, sump = NULL WHERE year = 2025 AND month = 7`);
    for (const p of packages) {
      const r = await ingestPackage(depsA, [p], { workers: false });
      expect(r.status).toBe('done');
      const main = r.files.find((f) => !f.file.startsWith('L'))!;
      expect(main.status).toBe('accepted');
      expect(main.return?.accountFile).toBe(main.file);
      expect(main.return?.cases).toBe(main.accepted);
      // the copy's own MEK findings (its cases repeat the stored ones) are not stored, nor reported; its payment is right
      expect(main.findingCount, `${main.file}: ${JSON.stringify(main.findings)}`).toBe(0);
    }
    expect(
      await n(
        a,
        `SELECT count(*) FROM finding f JOIN register_file rf ON rf.id = f.register_file_id WHERE rf.package_id IN (SELECT max(id) FROM package)`,
      ),
    ).toBe(0);
    expect(await n(a, `SELECT count(*) FROM "case"`)).toBe(cases);
    expect(await n(a, `SELECT count(*) FROM conclusion`)).toBe(conclusions);
    expect(await n(a, `SELECT count(*) FROM conclusion_version`)).toBe(versions);
    // every case of the returned accounts now carries its payment: SUMP = SUMV − the largest sanction of its conclusions
    const files = packages.map((p) => p.split('/').pop()!.replace('.zip', '.XML'));
    const wrong = await n(
      a,
      `SELECT count(*) FROM "case" c JOIN register_file rf ON rf.id = c.register_file_id
        WHERE rf.file_name = ANY($1::text[]) AND (c.oplata IS NULL OR c.sump IS DISTINCT FROM
              c.sumv - COALESCE((SELECT max(k.amount_kop) FROM conclusion k WHERE k.case_id = c.id), 0) / 100.0)`,
      [files],
    );
    expect(wrong).toBe(0);
    // the same return again is a duplicate file: nothing changes
    const again = await ingestPackage(depsA, [packages[0]], { workers: false });
    expect(again.files.every((f) => f.status === 'duplicate')).toBe(true);
  });

  it('refuse a re-send that differs in a case element, naming the file, the IDCASE and the element', async () => {
    const entries = await unzip(packages[0]);
    const main = entries.find((e) => !e.name.startsWith('L'))!;
    const zaps = main.text.split('<ZAP>');
    const idcase = /<IDCASE>([^<]*)<\/IDCASE>/.exec(zaps[2])![1];
    expect(zaps[2]).toMatch(/<NHISTORY>[^<]+<\/NHISTORY>/);
    zaps[2] = zaps[2].replace(/<NHISTORY>([^<]+)<\/NHISTORY>/, '<NHISTORY>$1X</NHISTORY>');
    const changed = zaps.join('<ZAP>');
    expect(changed).not.toBe(main.text);
    const p = join(tempDir(), packages[0].split('/').pop()!);
    await writeZip(
      p,
      entries.map((e) => ({ name: e.name, content: e === main ? changed : e.text })),
    );
    const cases = await n(a, `SELECT count(*) FROM "case"`);
    const r = await ingestPackage(depsA, [p], { workers: false });
    const f = r.files.find((x) => x.file === main.name)!;
    expect(f.status).toBe('rejected');
    expect(f.error).toContain(main.name);
    expect(f.error).toContain(`IDCASE ${idcase}`);
    expect(f.error).toContain('element ZAP/Z_SL/SL/NHISTORY');
    expect(await n(a, `SELECT count(*) FROM "case"`)).toBe(cases);
  });

  it('attach a correction account (SCHET/REF, PR_NOV = 1) sent back the same way, instead of storing it again', async () => {
    const [corr] = await a.sql.query<{ file_name: string; smo: string }>(
      `SELECT rf.file_name, COALESCE(c.smo, c.plat) AS smo FROM register_file rf JOIN "case" c ON c.register_file_id = rf.id
        WHERE rf.ref_code IS NOT NULL AND rf.year = 2025 AND rf.month = 8 ORDER BY rf.file_name LIMIT 1`,
    );
    const dir = tempDir();
    const cli = await runCliCaptured(['sank', 'export', '--period', '2025-08', '--smo', corr.smo, '--out', dir, '--json'], envA);
    expect(cli.code).toBe(0);
    const pkg = JSON.parse(cli.out).accounts.find((x: { file: string }) => x.file === corr.file_name).package;
    const cases = await n(a, `SELECT count(*) FROM "case"`);
    const accepted = await n(a, `SELECT count(*) FROM "case" WHERE status = 'accepted'`);
    const r = await ingestPackage(depsA, [pkg], { workers: false });
    const main = r.files.find((f) => f.file === corr.file_name)!;
    expect(main.status).toBe('accepted');
    expect(main.return?.accountFile).toBe(corr.file_name);
    expect(main.superseded).toBe(0);
    expect(await n(a, `SELECT count(*) FROM "case"`)).toBe(cases);
    expect(await n(a, `SELECT count(*) FROM "case" WHERE status = 'accepted'`)).toBe(accepted);
    // omsx ingest says it was a return, in its table and in --json
    const other = JSON.parse(cli.out).accounts.find((x: { file: string }) => x.file !== corr.file_name);
    const text = await runCliCaptured(['ingest', other.package, '--no-workers'], envA);
    expect(text.code).toBe(0);
    expect(text.out).toContain(`${other.file} + L`);
    expect(text.out).toContain(`return of ${other.file}: payment of ${other.cases} stored cases updated`);
    expect(text.out).toContain('1 returns attached');
    const again = join(tempDir(), 'again.zip');
    await writeZip(
      again,
      (await unzip(pkg)).map((e) => ({ name: e.name, content: e.text.replace('<SUMP>', '<!-- again --><SUMP>') })),
    );
    const json = JSON.parse((await runCliCaptured(['ingest', again, '--json', '--no-workers'], envA)).out);
    expect(json.returns).toEqual({ files: 1, cases: main.return!.cases, sanctions: 0 });
    expect(json.conclusions).toMatchObject({ imported: 0, updated: 0 });
    expect(await n(a, `SELECT count(*) FROM "case"`)).toBe(cases);
  });

  it('keep the MEK findings of the payment a return brings (SANK_IT, SUMP), on the stored case', async () => {
    let tampered: { entries: { name: string; text: string }[]; main: string; idcase: string } | undefined;
    for (const p of packages) {
      const entries = await unzip(p);
      const main = entries.find((e) => !e.name.startsWith('L'))!;
      const zap = main.text.split('<ZAP>').find((z) => z.includes('<SANK_IT>') && !/<SANK_IT>0\.00</.test(z));
      if (!zap) continue;
      const idcase = /<IDCASE>([^<]*)<\/IDCASE>/.exec(zap)![1];
      // SANK_IT one rouble above the largest S_SUM: Q016 003K.00.0250 (and SUMP no longer SUMV − SANK_IT, 0240)
      const wrong = zap.replace(/<SANK_IT>([^<]*)<\/SANK_IT>/, (_, v: string) => `<SANK_IT>${(Number(v) + 1).toFixed(2)}</SANK_IT>`);
      const text = main.text.replace(zap, wrong);
      tampered = { entries: entries.map((e) => (e === main ? { name: e.name, text } : e)), main: main.name, idcase };
      break;
    }
    expect(tampered).toBeDefined();
    const p = join(tempDir(), `${tampered!.main.replace('.XML', '')}.zip`);
    await writeZip(
      p,
      tampered!.entries.map((e) => ({ name: e.name, content: e.text })),
    );
    const cases = await n(a, `SELECT count(*) FROM "case"`);
    const r = await ingestPackage(depsA, [p], { workers: false });
    const f = r.files.find((x) => x.file === tampered!.main)!;
    expect(f.return?.accountFile).toBe(tampered!.main);
    expect(f.findings.map((x) => x.rule).sort()).toEqual(['003K.00.0240', '003K.00.0250']);
    expect(f.findingCount).toBe(2);
    expect(await n(a, `SELECT count(*) FROM "case"`)).toBe(cases);
    // stored, about the stored case of the account
    const stored = await a.sql.query<{ rule: string; idcase: string; account: string }>(
      `SELECT f.rule, c.idcase, rf.file_name AS account FROM finding f JOIN "case" c ON c.id = f.case_id
         JOIN register_file rf ON rf.id = c.register_file_id
        WHERE f.register_file_id = $1::bigint ORDER BY f.rule`,
      [f.fileId],
    );
    expect(stored).toEqual([
      { rule: '003K.00.0240', idcase: tampered!.idcase, account: tampered!.main },
      { rule: '003K.00.0250', idcase: tampered!.idcase, account: tampered!.main },
    ]);
  });
});
