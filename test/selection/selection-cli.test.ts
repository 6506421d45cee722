// omsx select, worklist export and the experts/triggers imports from the command line, on the sample region.
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openTestDatabase, runCliCaptured, TEST_DATABASE_URL } from '../helpers/db.js';
import { tempDir } from '../helpers/registers.js';
import { loadSampleForSelection } from '../helpers/sample-selection.js';
import { createDeps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';

const db = await openTestDatabase('selection_cli');
/** The items of a month (July: the period these tests select), by control and arm. */
const items = (month = 7) =>
  db.sql.query<{ control: string; arm: string }>(`SELECT control, arm FROM worklist_item WHERE year = 2025 AND month = $1`, [month]);

beforeAll(async () => {
  await loadSampleForSelection(await createDeps(loadConfig({ OMSX_HOME: tempDir() }), { db }));
}, 180_000);

describe('CLI', () => {
  const env = () => ({ DATABASE_URL: TEST_DATABASE_URL, OMSX_DB_SCHEMA: db.schema, OMSX_HOME: tempDir() });
  it("omsx select --json prints the issue's shape; export writes the CSV; a bad expert file exits 2 naming the row", async () => {
    const r = await runCliCaptured(['select', '--period', '2025-07', '--control', 'EKMP', '--seed', '9', '--json'], env());
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ period: '2025-07', ranking: 'rules', seed: 9 });
    for (const w of j.worklists) {
      expect(w.control).toBe('EKMP');
      expect(Object.keys(w.selected).sort()).toEqual(['manual', 'model', 'random', 'trigger']);
      expect(w.selected.model + w.selected.random).toBe(w.quota);
    }
    const dir = tempDir();
    const out = join(dir, 'w.csv');
    expect((await runCliCaptured(['worklist', 'export', '--period', '2025-07', '--out', out], env())).code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(
      'file,n_zap,idcase,mo,smo,usl_ok,control,s_tip,arm,propensity,p_defect,expected_amount,rank,reason_1,reason_2,reason_3,reason_4,expert',
    );
    expect(lines.length - 1).toBe((await items(7)).length);
    const bad = join(dir, 'experts.csv');
    writeFileSync(bad, 'code,name,specialties,code_mo,controls,capacity\nX1,a,76,,EKMP,5\nX2,b,76;9999,,EKMP,5\n');
    const e = await runCliCaptured(['experts', 'import', bad], env());
    expect(e.code).toBe(2);
    expect(e.err).toMatch(/experts row 3: unknown V021 specialty 9999/);
    expect((await db.sql.query(`SELECT 1 FROM expert WHERE code = 'X1'`)).length).toBe(0); // nothing half-imported
    const q = join(dir, 'q.json');
    writeFileSync(q, JSON.stringify({ quotas: [{ control: 'MEE', uslOk: 7, pct: 3 }] }));
    const b = await runCliCaptured(['select', '--period', '2025-07', '--config', q], env());
    expect(b.code).toBe(2);
    expect(b.err).toMatch(/quota row 1 .*unknown care condition/);
  });

  it('worklist export refuses a misspelt --control or --arm with exit 2 (it wrote an empty file and exited 0)', async () => {
    const out = join(tempDir(), 'w.csv');
    const c = await runCliCaptured(['worklist', 'export', '--period', '2025-07', '--control', 'EKPM', '--out', out], env());
    expect([c.code, c.err]).toEqual([2, 'omsx: --control must be MEE or EKMP, got "EKPM"\n']);
    const a = await runCliCaptured(['worklist', 'export', '--period', '2025-07', '--arm', 'rand', '--out', out], env());
    expect([a.code, a.err]).toEqual([2, 'omsx: --arm must be one of trigger, model, random, manual, got "rand"\n']);
    expect(existsSync(out)).toBe(false);
    const ok = await runCliCaptured(
      ['worklist', 'export', '--period', '2025-07', '--control', 'ekmp', '--arm', 'trigger', '--out', out],
      env(),
    );
    expect(ok.code).toBe(0);
    const n = (await items(7)).filter((i) => i.control === 'EKMP' && i.arm === 'trigger').length;
    expect(n).toBeGreaterThan(0);
    expect(readFileSync(out, 'utf8').trim().split('\n').length - 1).toBe(n);
  });

  it('a file that is not CSV, given to experts or triggers import, exits 2 naming the file and line (was a CsvError stack trace, exit 1)', async () => {
    const notCsv = join(tempDir(), 'region.json');
    writeFileSync(notCsv, '{\n "seed": 23,\n "okato": "76000"\n}\n');
    for (const command of ['experts', 'triggers']) {
      const r = await runCliCaptured([command, 'import', notCsv], env());
      expect(r.code).toBe(2);
      expect(r.err).toMatch(new RegExp(`^omsx: ${notCsv} is not a readable CSV file: .*at line 2`));
    }
  });
});
