/**
 * Conclusions on the sample region (data/sample: three months, 20 MOs; the second and third months carry the first
 * month's and second month's sanctions as corrected registers with SANK), on the real PostgreSQL. Expectations are
 * read from the generator's conclusions.csv, not from the code under test.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openTestDatabase, runCliCaptured, TEST_DATABASE_URL } from '../helpers/db.js';
import { tempDir } from '../helpers/registers.js';
import { createDeps, type Deps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { ingestPackage } from '../../src/registers/ingest/ingest.service.js';
import { setFineNorm } from '../../src/review/fine-norm.service.js';
import { buildApp } from '../../src/api/app.js';

const db = await openTestDatabase('concl');
const env = { DATABASE_URL: TEST_DATABASE_URL, OMSX_DB_SCHEMA: db.schema, OMSX_HOME: tempDir() };
let deps: Deps;
const SAMPLE = 'data/sample/registers';
const CSV = 'data/sample/conclusions.csv';
const NORM_KOP = 1_950_000; // 19 500.00 RUB, the test's per-capita norm of 2025

/** The generator's conclusions, as objects by header name. */
const csv = (() => {
  const [head, ...lines] = readFileSync(CSV, 'utf8').trim().split('\n');
  const h = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [h[i], v])));
})();
const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => db.sql.query<T>(text, params);
const n = async (text: string) => Number((await q<{ n: string }>(`SELECT (${text})::text AS n`))[0].n);

beforeAll(async () => {
  deps = await createDeps(loadConfig(env), { db });
  for (const f of readdirSync(SAMPLE).sort()) {
    const r = await ingestPackage(deps, [join(SAMPLE, f)], { workers: false });
    expect(r.status).toBe('done');
  }
}, 180_000);

describe('conclusions from registers', () => {
  it("turn the corrected registers' expert SANK into conclusions on the cases as first billed", async () => {
    // the generator sends a first review's defects in the next month's package (months 1 and 2 of 3) as corrections;
    // those the FLK accepted superseded their originals
    const corrected = new Set(
      (
        await q<{ k: string }>(
          `SELECT rf.file_name || '|' || o.idcase AS k FROM "case" o JOIN register_file rf ON rf.id = o.register_file_id WHERE o.status = 'superseded'`,
        )
      ).map((r) => r.k),
    );
    const expected = csv
      .filter((r) => r.review === '1' && r.result === 'defect' && r.month !== '2025-09' && corrected.has(`${r.file}|${r.idcase}`))
      .map((r) => `${r.file}|${r.idcase}|${r.s_tip}|${r.f014}|${r.s_sum}|${r.num_act}|${r.expert}`)
      .sort();
    expect(expected.length).toBeGreaterThan(5);
    const got = await q<{ k: string; pr_nov: number; source: string; arm: string; fine_pending: boolean }>(
      `SELECT rf.file_name || '|' || c.idcase || '|' || k.s_tip || '|' || array_to_string(k.f014, ';') || '|' ||
              to_char(k.amount_kop / 100.0, 'FM999999990.00') || '|' || k.num_act || '|' || array_to_string(k.experts, ';') AS k,
              c.pr_nov, k.source, k.arm, k.fine_pending
         FROM conclusion k JOIN "case" c ON c.id = k.case_id JOIN register_file rf ON rf.id = c.register_file_id`,
    );
    expect(got.map((g) => g.k).sort()).toEqual(expected);
    expect(got.every((g) => g.pr_nov === 0 && g.source === 'register' && g.arm === 'unknown')).toBe(true);
    // no norm configured yet: the fines of codes with K_SH wait for it
    const withKsh = csv.filter(
      (r) => expected.some((e) => e.startsWith(`${r.file}|${r.idcase}|`)) && r.review === '1' && Number(r.k_sh) > 0,
    );
    expect(got.filter((g) => g.fine_pending).length).toBe(withKsh.length);
    // MEK sanctions (S_TIP 1) are not expert conclusions
    expect(await n(`SELECT count(*) FROM conclusion WHERE s_tip IN (1, 10, 11, 12)`)).toBe(0);
  });

  it('compute the waiting fines when the norm is set: norm × K_SH, a new version each', async () => {
    const r = await setFineNorm(deps, 2025, NORM_KOP, 'test');
    expect(r.finesComputed).toBeGreaterThan(0);
    const rows = await q<{ file: string; idcase: string; num_act: string; fine: string; versions: number }>(
      `SELECT rf.file_name AS file, c.idcase, k.num_act, k.fine_kop::text AS fine,
              (SELECT count(*)::int FROM conclusion_version v WHERE v.conclusion_id = k.id) AS versions
         FROM conclusion k JOIN "case" c ON c.id = k.case_id JOIN register_file rf ON rf.id = c.register_file_id WHERE k.fine_kop > 0`,
    );
    expect(rows.length).toBe(r.finesComputed);
    for (const row of rows) {
      const line = csv.find((x) => x.file === row.file && x.idcase === row.idcase && x.num_act === row.num_act)!;
      expect(Number(row.fine)).toBe(Math.round(NORM_KOP * Number(line.k_sh)));
      expect(row.versions).toBe(2);
    }
  });
});

describe('omsx conclusions import', () => {
  it('loads the generator CSV: the SANK already loaded gain their arm and propensity, the rest are new', async () => {
    // the generator also reviewed a few cases the FLK refused: not stored, so not found
    const stored = new Set(
      (
        await q<{ k: string }>(
          `SELECT rf.file_name || '|' || c.idcase AS k FROM "case" c JOIN register_file rf ON rf.id = c.register_file_id`,
        )
      ).map((r) => r.k),
    );
    const unmatchedLines = csv.flatMap((r, i) => (stored.has(`${r.file}|${r.idcase}`) ? [] : [i + 2]));
    expect(unmatchedLines.length).toBeGreaterThan(0);
    const fromRegisters = await n('SELECT count(*) FROM conclusion');
    // by default a line whose case is not found refuses the file
    const strict = await runCliCaptured(['conclusions', 'import', CSV, '--json'], env);
    expect(strict.code).toBe(2);
    const so = JSON.parse(strict.out);
    expect(so.errors.map((e: { line: number }) => e.line)).toEqual(unmatchedLines);
    expect(so.unmatched).toBe(unmatchedLines.length);
    expect(await n('SELECT count(*) FROM conclusion')).toBe(fromRegisters);

    const r = await runCliCaptured(['conclusions', 'import', CSV, '--json', '--skip-unmatched'], env);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    const matched = csv.length - unmatchedLines.length;
    expect(out).toMatchObject({
      rows: csv.length,
      imported: matched - fromRegisters,
      updated: fromRegisters,
      unchanged: 0,
      unmatched: unmatchedLines.length,
      errors: [],
    });
    expect(out.skipped.map((e: { line: number }) => e.line)).toEqual(unmatchedLines);
    expect(await n('SELECT count(*) FROM conclusion')).toBe(matched);
    const lines = csv.filter((r) => stored.has(`${r.file}|${r.idcase}`));
    const arms = await q<{ arm: string; n: number }>(`SELECT arm, count(*)::int AS n FROM conclusion GROUP BY arm ORDER BY arm`);
    const byArm = (a: string) => lines.filter((x) => x.reason.split(':')[0] === a).length;
    expect(arms.map((a) => [a.arm, a.n])).toEqual(['legacy', 'random', 'trigger'].filter((a) => byArm(a) > 0).map((a) => [a, byArm(a)]));
    // every amount is the CSV's S_SUM, every fine the norm × the K_SH the generator wrote beside it, every propensity the CSV's
    const rows = await q<{ file: string; idcase: string; num_act: string; fine: string; amount: string; propensity: number }>(
      `SELECT rf.file_name AS file, c.idcase, k.num_act, k.fine_kop::text AS fine, k.amount_kop::text AS amount, k.propensity
         FROM conclusion k JOIN "case" c ON c.id = k.case_id JOIN register_file rf ON rf.id = c.register_file_id`,
    );
    for (const row of rows) {
      const line = lines.find((x) => x.file === row.file && x.idcase === row.idcase && x.num_act === row.num_act)!;
      expect(Number(row.fine)).toBe(line.k_sh ? Math.round(NORM_KOP * Number(line.k_sh)) : 0);
      expect(Number(row.amount)).toBe(Math.round(Number(line.s_sum) * 100));
      expect(row.propensity).toBe(Number(line.propensity));
    }
  });

  it('changes nothing when the same file is imported again', async () => {
    const versions = await n('SELECT count(*) FROM conclusion_version');
    const count = await n('SELECT count(*) FROM conclusion');
    const r = await runCliCaptured(['conclusions', 'import', CSV, '--json', '--skip-unmatched'], env);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ rows: csv.length, imported: 0, updated: 0, unchanged: count, errors: [] });
    expect(await n('SELECT count(*) FROM conclusion_version')).toBe(versions);
  });

  it('refuses a file with invalid lines, naming each line, and stores nothing of it', async () => {
    const first = csv[0];
    const file = join(tempDir(), 'bad.csv');
    writeFileSync(
      file,
      [
        'idcase,file,control,result,f014,date_act,expert,num_act', // columns in another order
        `${first.idcase},${first.file.replace('.XML', '')},MEE,no_defect,,2025-08-21,E1,NEW-1`, // valid on its own
        `${first.idcase},${first.file},MEE,defect,99999,2025-08-21,E1,NEW-2`, // unknown F014
        `99999999999,${first.file},EKMP,no_defect,,2025-08-21,E1,NEW-3`, // no such case
        `${first.idcase},${first.file},EKMP,no_defect,,2025-13-01,E1,NEW-4`, // no such date
        `${first.idcase},${first.file},EKMP,maybe,,2025-08-21,E1,NEW-5`, // bad result
        '"' + first.idcase + '",' + first.file + ',MEE,defect,"",2025-08-21,E1,NEW-6', // defect without a code
      ].join('\n') + '\n',
    );
    const before = await n('SELECT count(*) FROM conclusion');
    const r = await runCliCaptured(['conclusions', 'import', file, '--json'], env);
    expect(r.code).toBe(2);
    const out = JSON.parse(r.out);
    expect(out.rows).toBe(6);
    expect(out.imported).toBe(0);
    expect(out.unmatched).toBe(1);
    expect(out.errors.map((e: { line: number }) => e.line)).toEqual([3, 4, 5, 6, 7]);
    expect(out.errors[0].message).toMatch(/F014 code 99999/);
    expect(out.errors[1].message).toMatch(/case not found/);
    expect(out.errors[2].message).toMatch(/date_act/);
    expect(out.errors[3].message).toMatch(/result/);
    expect(out.errors[4].message).toMatch(/F014/);
    expect(await n('SELECT count(*) FROM conclusion')).toBe(before);
  });

  it('asks for the norm when a fine needs one that is not configured', async () => {
    const line = csv.find((x) => x.result === 'defect' && Number(x.k_sh) > 0)!;
    const file = join(tempDir(), 'norm.csv');
    // the same case in another year's act does not change the case's year: use a case of 2025 and remove 2025's norm
    await q(`DELETE FROM fine_norm WHERE year = 2025`);
    writeFileSync(file, `file,idcase,s_tip,result,f014,num_act\n${line.file},${line.idcase},${line.s_tip},defect,${line.f014},NORM-1\n`);
    const r = await runCliCaptured(['conclusions', 'import', file, '--json'], env);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out).errors[0]).toMatchObject({
      line: 2,
      message: expect.stringMatching(/norm of 2025.*omsx conclusions norm 2025/),
    });
    await setFineNorm(deps, 2025, NORM_KOP, 'test');
  });
});

describe('API', () => {
  it('adds a conclusion, corrects it with a history, and shows it on the case', async () => {
    const app = await buildApp(deps);
    try {
      const c = csv.find((x) => x.result === 'no_defect' && x.review === '1')!;
      const [{ id: caseId, sumv }] = await q<{ id: string; sumv: string }>(
        `SELECT c.id::text, c.sumv::text FROM "case" c JOIN register_file rf ON rf.id = c.register_file_id WHERE rf.file_name = $1 AND c.idcase = $2`,
        [c.file, c.idcase],
      );
      const post = await app.inject({
        method: 'POST',
        url: '/api/conclusions',
        payload: {
          case_id: caseId,
          s_tip: 71,
          result: 'no_defect',
          experts: ['E9'],
          date_act: '2025-10-01',
          num_act: 'API-1',
          reason: 'manual',
        },
      });
      expect(post.statusCode).toBe(201);
      const id = post.json().ids[0];
      // a batch with one bad item stores nothing and names the item
      const bad = await app.inject({
        method: 'POST',
        url: '/api/conclusions',
        payload: [
          { case_id: caseId, s_tip: 71, result: 'no_defect', num_act: 'API-2' },
          { case_id: caseId, s_tip: 1, result: 'no_defect', num_act: 'API-3' },
        ],
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().details.errors).toEqual([{ index: 1, message: expect.stringMatching(/MEK/) }]);
      expect(await n(`SELECT count(*) FROM conclusion WHERE num_act IN ('API-2', 'API-3')`)).toBe(0);
      // correction: a defect of F014 code 252 (231н item 3.1.3: K_NO 0.4, K_SH 0.3) — sums recomputed, version 2
      const put = await app.inject({
        method: 'PUT',
        url: `/api/conclusions/${id}`,
        payload: { result: 'defect', f014: [252], changed_by: 'coordinator' },
      });
      expect(put.statusCode).toBe(200);
      const body = put.json();
      expect(body.version).toBe(2);
      expect(body.amount_kop).toBe(Math.round(Math.round(Number(sumv) * 100) * 0.4));
      expect(body.fine_kop).toBe(585_000); // 19 500.00 × 0.3
      expect(
        body.history.map((h: { version: number; changed_by: string; data: { defect: boolean } }) => [
          h.version,
          h.changed_by,
          h.data.defect,
        ]),
      ).toEqual([
        [1, 'api', false],
        [2, 'api:coordinator', true],
      ]);
      // the case shows it with its history
      const kase = await app.inject({ method: 'GET', url: `/api/cases/${caseId}` });
      expect(kase.statusCode).toBe(200);
      const cj = kase.json();
      expect(cj.case.idcase).toBe(c.idcase);
      expect(cj.subCases.length).toBeGreaterThan(0);
      const mine = cj.conclusions.find((x: { id: string }) => x.id === id);
      expect(mine.history).toHaveLength(2);
      expect(cj.conclusions.some((x: { num_act: string }) => x.num_act === c.num_act)).toBe(true);
    } finally {
      await app.close();
    }
  });
});
