import { describe, expect, it } from 'vitest';
import { openTestDatabase, TEST_DATABASE_URL, runCliCaptured } from '../helpers/db.js';
import { seedAgreementPeriod } from './agreement-fixture.js';
import { createDeps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { buildAppAs } from '../helpers/auth.js';
import { agreementReport } from '../../src/review/agreement.service.js';
import { formatAgreementTable } from '../../src/review/agreement-format.js';
import { tempDir } from '../helpers/registers.js';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { migrate } from '../../src/db/migrate.js';

const db = await openTestDatabase('agreement_api');
await seedAgreementPeriod(db.sql);
const deps = await createDeps(loadConfig({}), { db });
const app = await buildAppAs(deps, { role: 'admin' });
const env = { DATABASE_URL: TEST_DATABASE_URL, OMSX_DB_SCHEMA: db.schema };

describe('GET /api/agreement', () => {
  it('returns the whole report through its response schema, unchanged', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/agreement?from=2025-01&to=2025-02&by=arm,smo' });
    expect(res.statusCode).toBe(200);
    const want = await agreementReport(deps, { from: '2025-01', to: '2025-02', by: 'arm,smo' });
    expect(res.json()).toEqual(JSON.parse(JSON.stringify(want)));
    expect(res.json().groups[3]).toMatchObject({ key: { arm: 'trigger', smo: 'S1' }, reviewed: 4, confirmed: 4 });
    expect(res.json().models[0]).toMatchObject({ version: 'm1', psi_level: 'watch' });
  });
  it('groups by arm when no grouping is given; 400 for an unknown dimension or a bad period', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/agreement?from=2025-01&to=2025-02' });
    expect(res.json().by).toEqual(['arm']);
    expect((await app.inject({ method: 'GET', url: '/api/agreement?by=colour' })).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/api/agreement?from=2025-1' })).statusCode).toBe(400);
  });
});

describe('omsx agreement', () => {
  it('--json prints {"groups":[{"key","reviewed","confirmed","hit_rate","hit_rate_ci","recovered",…}], …}', async () => {
    const { code, out } = await runCliCaptured(['agreement', '--from', '2025-01', '--to', '2025-02', '--by', 'arm', '--json'], env);
    expect(code).toBe(0);
    const j = JSON.parse(out);
    expect(j.groups[1]).toMatchObject({ key: { arm: 'random' }, reviewed: 10, confirmed: 3, hit_rate: 0.3, recovered: 650 });
    expect(j.groups[1].hit_rate_ci).toHaveLength(2);
    expect(j.total).toMatchObject({ reviewed: 24, confirmed: 13, recovered: 8290 });
  });
  it('prints a readable table by default, and CSV', async () => {
    const { code, out } = await runCliCaptured(['agreement', '--from', '2025-01', '--to', '2025-02'], env);
    expect(code).toBe(0);
    const trigger = out.split('\n').find((l) => l.startsWith('trigger'))!;
    // reviewed, confirmed, hit rate, its Wilson interval (centre 0.6689 ± 0.2596), recovered, per review, lift 2.5 (0.89–6.99)
    expect(trigger.split(/\s{2,}/)).toEqual(['trigger', '8', '6', '75.0%', '40.9–92.9', '6 000.00', '750.00', '2.50', '0.89–6.99']);
    expect(out).toContain('all');
    expect(out).toContain('defective cases (Horvitz–Thompson): 40 (95% CI 8–72)');
    expect(out).toContain('expert vs expert κ: 0.50 on 4 cases reviewed twice');
    expect(out).toMatch(/model m1 \(active\).*\n.*ROC-AUC 0\.833/);
    const csv = await runCliCaptured(['agreement', '--from', '2025-01', '--to', '2025-02', '--by', 'control', '--csv'], env);
    const lines = csv.out.trim().split('\n');
    expect(lines[0]).toBe(
      'control,conclusions,reviewed,confirmed,hit_rate,hit_rate_lo,hit_rate_hi,recovered_rub,non_payment_rub,fine_rub,lift,lift_lo,lift_hi',
    );
    // EKMP: the model arm's five cases; MEE the rest (19 of 24 cases)
    expect(lines[1]).toMatch(/^EKMP,5,5,4,0\.8,/);
    expect(lines[2]).toMatch(/^MEE,24,19,9,/);
  });
  it('--xlsx writes the groups, arms and models sheets', async () => {
    const file = join(tempDir(), 'agreement.xlsx');
    const { code, err } = await runCliCaptured(['agreement', '--from', '2025-01', '--to', '2025-02', '--xlsx', file], env);
    expect(code).toBe(0);
    expect(err).toContain(`${file} written`);
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(file)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['groups', 'arms', 'models']);
    expect(wb.getWorksheet('arms')!.getRow(6).values).toContain('all');
    expect(wb.getWorksheet('models')!.getRow(2).getCell(1).value).toBe('m1');
  });
  it('exits 2 naming an unknown dimension', async () => {
    const { code, err } = await runCliCaptured(['agreement', '--by', 'colour'], env);
    expect(code).toBe(2);
    expect(err).toContain('colour');
  });
  it('formatAgreementTable without scores says so', async () => {
    const r = await agreementReport(deps, { from: '2025-01', to: '2025-02' });
    expect(formatAgreementTable({ ...r, models: null })).toContain('no scores yet');
  });
});

describe('on the embedded database (PGlite, the CLI default)', () => {
  it(
    'says which migration is missing without a conclusion table, then gives the same report as PostgreSQL',
    { timeout: 300_000 },
    async () => {
      const { openDatabase } = await import('../../src/db/database.js');
      const lite = await openDatabase({ migrate: false }); // one instance: starting PGlite takes seconds
      try {
        await expect(agreementReport({ db: lite, config: deps.config }, {})).rejects.toThrow(/0310_conclusion/);
        await migrate(lite.sql);
        await seedAgreementPeriod(lite.sql);
        for (const by of ['arm,smo', 'expert,defect_group', 'model']) {
          const q = { from: '2025-01', to: '2025-02', by };
          const want = await agreementReport(deps, q);
          const got = await agreementReport({ db: lite, config: deps.config }, q);
          expect(JSON.parse(JSON.stringify(got))).toEqual(JSON.parse(JSON.stringify(want)));
        }
      } finally {
        await lite.close();
      }
    },
  );
});
