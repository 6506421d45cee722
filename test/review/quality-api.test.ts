/**
 * The quality-control page's API on the hand-built agreement period (agreement-fixture.ts): grouping by month, the
 * XLSX/CSV export of the shown table, and an insurer's user seeing only its insurer's figures in both.
 */
import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../helpers/db.js';
import { seedAgreementPeriod } from './agreement-fixture.js';
import { createDeps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/api/app.js';
import { signIn } from '../helpers/auth.js';
import { agreementReport } from '../../src/review/agreement.service.js';

const db = await openTestDatabase('quality_api');
await seedAgreementPeriod(db.sql);
const deps = await createDeps(loadConfig({}), { db });
const app = await buildApp(deps);
const admin = await signIn(app, deps, { role: 'admin' });
const smoS2 = await signIn(app, deps, { role: 'smo_coordinator', smo: 'S2' });

const readXlsx = async (body: Buffer) => {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb;
};

describe('grouping by month', () => {
  it('counts each conclusion in its period YYYY-MM (hand-counted from the fixture)', async () => {
    const r = await agreementReport(deps, { by: 'month' });
    // January: every row without a month (24 conclusions on 19 cases: random 1–5, trigger 11–18 with 5 second
    // conclusions, model 21–25, unknown 31), 13 confirmed (1–3, 11–16, 21–24), 600 + 6 000 + 1 640 + 50 = 8 290 ₽;
    // February: random 6–10, none confirmed; March: case 41, confirmed, 999.99 ₽
    expect(r.groups.map((g) => [g.key.month, g.conclusions, g.reviewed, g.confirmed, g.recovered])).toEqual([
      ['2025-01', 24, 19, 13, 8290],
      ['2025-02', 5, 5, 0, 0],
      ['2025-03', 1, 1, 1, 999.99],
    ]);
    expect(r.groups[1].hit_rate).toBe(0);
    expect(r.groups[1].hit_rate_ci![1]).toBeCloseTo(1.959963984540054 ** 2 / (5 + 1.959963984540054 ** 2), 12);
  });
  it('combines with the arm and the period filter; the API accepts by=month', async () => {
    const r = await agreementReport(deps, { from: '2025-01', to: '2025-02', by: 'month,arm' });
    expect(r.groups.filter((g) => g.key.arm === 'random').map((g) => [g.key.month, g.reviewed, g.confirmed])).toEqual([
      ['2025-01', 5, 3],
      ['2025-02', 5, 0],
    ]);
    const res = await admin.inject({ method: 'GET', url: '/api/agreement?by=month&from=2025-02&to=2025-03' });
    expect(res.statusCode).toBe(200);
    expect(res.json().groups.map((g: { key: { month: string } }) => g.key.month)).toEqual(['2025-02', '2025-03']);
  });
});

describe('GET /api/agreement/export', () => {
  it('writes the shown table as XLSX (groups, arms, models) with the same figures as the report', async () => {
    const res = await admin.inject({ method: 'GET', url: '/api/agreement/export?from=2025-01&to=2025-02&by=defect_group' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toBe('attachment; filename="agreement-2025-01_2025-02_defect_group.xlsx"');
    const wb = await readXlsx(res.rawPayload);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['groups', 'arms', 'models']);
    const g = wb.getWorksheet('groups')!;
    expect((g.getRow(1).values as unknown[]).slice(1, 5)).toEqual(['defect_group', 'conclusions', 'reviewed', 'confirmed']);
    // the F014 groups as agreement.test.ts counts them: 2.15 → 8 conclusions on 6 cases, 6 000 ₽
    expect((g.getRow(2).values as unknown[]).slice(1, 5)).toEqual(['2.15', 8, 6, 6]);
    expect(g.getRow(2).getCell(8).value).toBe(6000);
  });
  it('lang=ru (the web app): the same rows under Russian headers and sheet names, the arms named', async () => {
    const res = await admin.inject({ method: 'GET', url: '/api/agreement/export?from=2025-01&to=2025-02&by=arm,defect_group&lang=ru' });
    expect(res.statusCode).toBe(200);
    const wb = await readXlsx(res.rawPayload);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Группы', 'Способы отбора', 'Модели']);
    const g = wb.getWorksheet('Группы')!;
    expect((g.getRow(1).values as unknown[]).slice(1, 9)).toEqual([
      'Способ отбора',
      'Группа F014 (пункт 231н)',
      'Заключений',
      'Проверено случаев',
      'Подтверждено',
      'Доля подтверждений',
      'Доля подтверждений: нижняя граница 95 %',
      'Доля подтверждений: верхняя граница 95 %',
    ]);
    const rows = (g.getSheetValues().slice(2) as unknown[][]).map((r) => r.slice(1, 6));
    // model arm: 3.2 on cases 21–24 (4 of 4), case 25 without defect; random: 2.16 on 1 and 3, 3.2 on 2 and 3
    expect(rows.filter((r) => r[0] === 'по модели')).toEqual([
      ['по модели', '3.2', 4, 4, 4],
      ['по модели', 'без дефекта', 1, 1, 0],
    ]);
    expect(rows.filter((r) => r[0] === 'случайный').map((r) => [r[1], r[4]])).toEqual([
      ['2.16', 2],
      ['3.2', 2],
      ['без дефекта', 0],
    ]);
    const arms = wb.getWorksheet('Способы отбора')!;
    expect(arms.getRow(6).getCell(1).value).toBe('всего');
    expect(arms.getRow(6).getCell(3).value).toBe(24);
  });
  it('CSV on request; 400 for an unknown grouping', async () => {
    const csv = await admin.inject({ method: 'GET', url: '/api/agreement/export?by=month&format=csv' });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\n').slice(0, 2)).toEqual([
      'month,conclusions,reviewed,confirmed,hit_rate,hit_rate_lo,hit_rate_hi,recovered_rub,non_payment_rub,fine_rub,lift,lift_lo,lift_hi',
      expect.stringMatching(/^2025-01,24,19,13,0\.684/),
    ]);
    const bad = await admin.inject({ method: 'GET', url: '/api/agreement/export?by=colour' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('colour');
  });
  it("an insurer's coordinator gets its insurer's figures only, on the page's API and in the file", async () => {
    const page = await smoS2.inject({ method: 'GET', url: '/api/agreement?from=2025-01&to=2025-02&by=smo' });
    expect(page.json().groups.map((g: { key: { smo: string }; reviewed: number }) => [g.key.smo, g.reviewed])).toEqual([['S2', 9]]);
    const file = await smoS2.inject({ method: 'GET', url: '/api/agreement/export?from=2025-01&to=2025-02&by=smo' });
    const rows = (await readXlsx(file.rawPayload)).getWorksheet('groups')!.getSheetValues().slice(2);
    expect(rows.map((r) => (r as unknown[])[1])).toEqual(['S2']);
  });
});
