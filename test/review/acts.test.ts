/**
 * Acts of MEE / EKMP and the worklist export through the API, on the real PostgreSQL: a register of MO 750096 with
 * two insurers (75001: records 1–2, 75002: records 3–4, each case 115.09 RUB) and one of MO 750097, conclusions
 * entered through the service, and the act's totals computed by hand from the F014 coefficients of data/nsi.
 */
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openTestDatabase, runCliCaptured, TEST_DATABASE_URL } from '../helpers/db.js';
import { lFileFor, multiRecordH, tempDir, writeZip } from '../helpers/registers.js';
import { signIn } from '../helpers/auth.js';
import { pdfText } from '../helpers/pdf-text.js';
import { createDeps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/api/app.js';
import { ingestPackage } from '../../src/registers/ingest/ingest.service.js';
import { postConclusions } from '../../src/review/conclusions-api.service.js';
import { setFineNorm } from '../../src/review/fine-norm.service.js';
import { buildAct, rubles, type ActSource } from '../../src/review/acts/act.js';

const db = await openTestDatabase('acts');
const dir = tempDir();
const KEY = 'acts-test-pseudonym-key-0123456789abcdef';
const deps = await createDeps(loadConfig({ OMSX_HOME: dir, OMSX_PSEUDONYM_KEY: KEY }), { db });
const smoOf = (i: number) => (i <= 2 ? '75001' : '75002');
const zipA = await writeZip(join(dir, 'HM750096T75_21041.zip'), [
  {
    name: 'HM750096T75_21041.XML',
    content: multiRecordH(4, { mutate: (z, i) => z.replace('<SMO>75001</SMO>', `<SMO>${smoOf(i)}</SMO>`) }),
  },
  { name: 'LM750096T75_21041.XML', content: lFileFor(4) },
]);
const zipB = await writeZip(join(dir, 'HM750097T75_21041.zip'), [
  { name: 'HM750097T75_21041.XML', content: multiRecordH(2, { fileName: 'HM750097T75_21041' }).replace(/750096/g, '750097') },
  { name: 'LM750097T75_21041.XML', content: lFileFor(2, 'HM750097T75_21041') },
]);
await ingestPackage(deps, [zipA], { workers: false });
await ingestPackage(deps, [zipB], { workers: false });
const cases = await db.sql.query<{ id: string; code_mo: string; n_zap: string; person_key: string; enp: string | null }>(
  'SELECT id::text, code_mo, n_zap, person_key, enp FROM "case" ORDER BY code_mo, n_zap::int',
);
const caseOf = (mo: string, nZap: number) => cases.find((c) => c.code_mo === mo && c.n_zap === String(nZap))!.id;

// the per-capita norm of 2021: 10 000.00 RUB, so a K_SH of 0.3 is a fine of 3 000.00
await setFineNorm(deps, 2021, 1_000_000, 'acts test');
const act = { date_act: '2021-06-10', num_act: 'МЭЭ-1' };
await postConclusions(
  deps,
  [
    // F014 204 (231н п. 1.4.1): K_NO 1, K_SH 0 → the whole case withheld (115.09), no fine
    { case_id: caseOf('750096', 1), s_tip: 51, result: 'defect', f014: [204], experts: ['E1'], ...act },
    // 203 (K_NO 1, K_SH 0.3) and 201 (K_NO 0, K_SH 0.3): 50.00 withheld as given, fine 0.3 × 10 000.00 = 3 000.00
    { case_id: caseOf('750096', 2), s_tip: 51, result: 'defect', f014: [203, 201], s_sum: '50.00', experts: ['E2'], ...act },
    // the other insurer's case, no defect
    { case_id: caseOf('750096', 3), s_tip: 51, result: 'no_defect', experts: ['E3'], ...act },
    // EKMP of case 1 (not in the MEE act): 228, K_NO 1, K_SH 3
    { case_id: caseOf('750096', 1), s_tip: 70, result: 'defect', f014: [228], experts: ['E9'], date_act: '2021-06-20', num_act: 'ЭКМП-4' },
    // the other MO
    { case_id: caseOf('750097', 1), s_tip: 51, result: 'no_defect', experts: ['E1'], ...act },
  ],
  'test',
);

const app = await buildApp(deps);
const tfoms = await signIn(app, deps, { role: 'tfoms' });
const smoA = await signIn(app, deps, { role: 'smo_coordinator', smo: '75001' });
const smoB = await signIn(app, deps, { role: 'smo_coordinator', smo: '75002' });
const expertA = await signIn(app, deps, { role: 'expert', smo: '75001' });
const MEE_A = '/api/acts?period=2021-04&mo=750096&control=MEE&smo=75001';

describe('the act of MEE from the stored conclusions', () => {
  it('has one line per reviewed case and the totals computed by hand', async () => {
    const r = await tfoms.inject({ method: 'GET', url: MEE_A });
    expect(r.statusCode).toBe(200);
    const a = r.json();
    expect(a).toMatchObject({ period: '2021-04', control: 'MEE', mo: { code: '750096' }, smo: '75001', experts: ['E1', 'E2'] });
    expect(a.acts).toEqual([{ num: 'МЭЭ-1', date: '2021-06-10' }]);
    expect(a.accounts).toHaveLength(1);
    expect(a.accounts[0]).toMatchObject({ file: 'HM750096T75_21041.XML' });
    expect(a.accounts[0].nschet).toMatch(/^T[0-9a-f]{12}$/);
    expect(a.lines.map((l: { n_zap: string }) => l.n_zap)).toEqual(['1', '2']);
    const [l1, l2] = a.lines;
    expect(l1).toMatchObject({
      idcase: '263696',
      date_1: '2021-04-05',
      date_2: '2021-04-05',
      sum_kop: 11509,
      amount_kop: 11509,
      fine_kop: 0,
    });
    expect(l1.defects).toEqual([{ code: 204, item: '1.4.1.', name: expect.any(String) }]);
    expect(l2).toMatchObject({ amount_kop: 5000, fine_kop: 300000, experts: ['E2'], num_act: 'МЭЭ-1', date_act: '2021-06-10' });
    expect(l2.defects.map((d: { code: number; item: string }) => `${d.code} ${d.item}`)).toEqual(['203 1.3.', '201 1.1.']);
    expect(a.totals).toEqual({ cases: 2, with_defects: 2, sum_kop: 23018, amount_kop: 16509, fine_kop: 300000, fines_pending: 0 });
    expect(a.defects.map((d: { code: number; cases: number }) => [d.code, d.cases])).toEqual([
      [201, 1],
      [203, 1],
      [204, 1],
    ]);
  });

  it('names the patient by the pseudonym only: no stored key, ENP or name leaves the server', async () => {
    const r = await tfoms.inject({ method: 'GET', url: MEE_A });
    const [l1] = r.json().lines;
    expect(l1.patient).toMatch(/^[0-9a-f]{32}$/);
    const c1 = cases.find((c) => c.id === caseOf('750096', 1))!;
    for (const secret of [c1.person_key, c1.enp, 'Иванов', '7500000000000001'].filter(Boolean)) expect(r.body).not.toContain(secret);
  });

  it('the EKMP act of the same MO holds only the EKMP conclusion', async () => {
    const a = (await tfoms.inject({ method: 'GET', url: '/api/acts?period=2021-04&mo=750096&control=EKMP' })).json();
    expect(a.totals).toEqual({ cases: 1, with_defects: 1, sum_kop: 11509, amount_kop: 11509, fine_kop: 3_000_000, fines_pending: 0 });
    expect(a.acts).toEqual([{ num: 'ЭКМП-4', date: '2021-06-20' }]);
  });

  it('clear errors: no conclusions → 404 naming the MO, period and control; two insurers without smo → 400 naming them', async () => {
    const none = await tfoms.inject({ method: 'GET', url: '/api/acts?period=2021-05&mo=750096&control=MEE' });
    expect(none.statusCode).toBe(404);
    expect(none.json().message).toBe('no conclusions for MO 750096, period 2021-05, MEE');
    const two = await tfoms.inject({ method: 'GET', url: '/api/acts?period=2021-04&mo=750096&control=MEE' });
    expect(two.statusCode).toBe(400);
    expect(two.json().message).toContain('belong to insurers 75001, 75002: choose one with smo');
    const bad = await tfoms.inject({ method: 'GET', url: '/api/acts?period=2021-04&mo=750096&control=MEK' });
    expect(bad.statusCode).toBe(400);
  });

  it("insurer isolation: an insurer's coordinator gets its own act, and 404 for the other insurer's", async () => {
    const own = await smoB.inject({ method: 'GET', url: '/api/acts?period=2021-04&mo=750096&control=MEE' });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ smo: '75002', totals: { cases: 1, with_defects: 0, amount_kop: 0 } });
    const other = await smoB.inject({ method: 'GET', url: MEE_A });
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toContain('263696');
    expect((await smoB.inject({ method: 'GET', url: `${MEE_A}&format=pdf` })).statusCode).toBe(404);
    const list = await smoB.inject({ method: 'GET', url: '/api/acts/list?period=2021-04' });
    expect(list.json().acts).toEqual([{ mo: '750096', smo: '75002', control: 'MEE', cases: 1 }]);
    // an expert may not make acts at all
    expect((await expertA.inject({ method: 'GET', url: MEE_A })).statusCode).toBe(403);
  });

  it('lists the acts of a period for the page', async () => {
    const r = await tfoms.inject({ method: 'GET', url: '/api/acts/list?period=2021-04' });
    expect(r.json().acts).toEqual([
      { mo: '750096', smo: '75001', control: 'MEE', cases: 2 },
      { mo: '750096', smo: '75001', control: 'EKMP', cases: 1 },
      { mo: '750096', smo: '75002', control: 'MEE', cases: 1 },
      { mo: '750097', smo: '75001', control: 'MEE', cases: 1 },
    ]);
  });

  it('as XLSX: read back, the lines, the amounts as numbers and the totals row', async () => {
    const r = await smoA.inject({ method: 'GET', url: `${MEE_A}&format=xlsx` });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-disposition']).toBe('attachment; filename="act-MEE-750096-2021-04-75001.xlsx"');
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    // a Russian act's dates, dd.mm.yyyy: the act's, the account's (DSCHET 2021-04-23), the lines' (JSON keeps ISO)
    expect(String(rows[0][0])).toBe('Акт медико-экономической экспертизы № МЭЭ-1 от 10.06.2021');
    const accounts = rows.find((x) => x[0] === 'Счета')!;
    expect(String(accounts[4])).toMatch(/^№ T[0-9a-f]{12} от 23\.04\.2021 \(HM750096T75_21041\.XML\)$/);
    const head = rows.findIndex((x) => x[0] === '№');
    expect(rows[head].slice(2, 4)).toEqual(['N_ZAP', 'IDCASE']);
    const lines = rows.slice(head + 1, head + 3);
    expect(lines.map((x) => [x[2], x[3], x[7], x[8], x[9], x[10]])).toEqual([
      ['1', '263696', 115.09, '204 (п. 1.4.1)', 115.09, 0],
      ['2', '263697', 115.09, '203 (п. 1.3)\n201 (п. 1.1)', 50, 3000],
    ]);
    // the treatment's dates and the act's date are date cells shown dd.mm.yyyy
    const utc = (d: string) => new Date(`${d}T00:00:00Z`);
    expect(lines.map((x) => [x[5], x[6], x[13]])).toEqual([
      [utc('2021-04-05'), utc('2021-04-05'), utc('2021-06-10')],
      [utc('2021-04-05'), utc('2021-04-05'), utc('2021-06-10')],
    ]);
    for (const c of [6, 7, 14]) expect(ws.getRow(head + 2).getCell(c).numFmt).toBe('dd.mm.yyyy');
    const total = rows[head + 3];
    expect([total[0], total[7], total[9], total[10]]).toEqual(['Итого', 230.18, 165.09, 3000]);
    expect(rows.some((x) => x[0] === 204 && x[1] === '1.4.1.')).toBe(true);
  });

  it('as PDF: a PDF whose text has the title, the cases, the defects and the totals', async () => {
    const r = await tfoms.inject({ method: 'GET', url: `${MEE_A}&format=pdf` });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    const pdf = r.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000); // the embedded Roboto subset alone is several kB
    const text = pdfText(pdf).join('');
    expect(text).toContain('Акт медико-экономической экспертизы № МЭЭ-1 от 10.06.2021');
    expect(text).toContain('Медицинская организация750096');
    expect(text).toMatch(/Счета№ T[0-9a-f]{12} от 23\.04\.2021 /);
    // the first line: …, the pseudonym, its treatment's start and end, its sum; the act's date closes the line
    expect(text).toContain(`05.04.202105.04.2021${rubles(11509)}`);
    expect(text).toContain('МЭЭ-110.06.2021');
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(text).toContain('263697');
    expect(text).toContain('203 (п. 1.3)');
    expect(text).toContain(`Итого${rubles(23018)}случаев с нарушениями: 2 из 2${rubles(16509)}${rubles(300000)}`);
    expect(rubles(300000)).toBe('3\u00a0000,00');
  });

  it('omsx acts writes the PDF and the XLSX, lists the acts, and exits 2 naming what has no conclusions', async () => {
    const env = { DATABASE_URL: TEST_DATABASE_URL, OMSX_DB_SCHEMA: db.schema, OMSX_HOME: tempDir(), OMSX_PSEUDONYM_KEY: KEY };
    const out = join(tempDir(), 'act.pdf');
    const r = await runCliCaptured(
      ['acts', '--period', '2021-04', '--mo', '750096', '--control', 'MEE', '--smo', '75001', '--out', out],
      env,
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe(`${out}: 2 cases (2 with defects), withheld 165,09 RUB, fines 3\u00a0000,00 RUB\n`);
    expect((await readFile(out)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const x = await runCliCaptured(
      ['acts', '--period', '2021-04', '--mo', '750097', '--control', 'mee', '--out', join(dir, 'b.xlsx')],
      env,
    );
    expect(x.code).toBe(0);
    const list = await runCliCaptured(['acts', '--period', '2021-04'], env);
    expect(list.out.split('\n')[0]).toBe('750096\t75001\tMEE\t2 cases');
    const empty = await runCliCaptured(['acts', '--period', '2021-05', '--smo', '75001'], env);
    expect([empty.code, empty.out, empty.err]).toEqual([0, '', 'no acts for 2021-05, insurer 75001: no conclusions on its cases\n']);
    const none = await runCliCaptured(
      ['acts', '--period', '2021-04', '--mo', '750099', '--control', 'EKMP', '--out', join(dir, 'c.pdf')],
      env,
    );
    expect(none.code).toBe(2);
    expect(none.err).toContain('no conclusions for MO 750099, period 2021-04, EKMP');
  });
});

describe('buildAct (pure)', () => {
  const src = (o: Partial<ActSource>): ActSource => ({
    conclusion_id: '1',
    case_id: '1',
    smo: '1',
    file: 'F',
    nschet: '1',
    dschet: null,
    n_zap: '1',
    idcase: '1',
    patient: null,
    date_1: '2025-01-01',
    date_2: '2025-01-02',
    usl_ok: 1,
    sum_kop: 0,
    s_tip: 51,
    defect: false,
    f014: [],
    amount_kop: 0,
    fine_kop: 0,
    fine_pending: false,
    experts: [],
    num_act: null,
    date_act: null,
    comment: null,
    ...o,
  });
  it('counts a code once per case, lists accounts and acts once, and counts the fines waiting for the norm', () => {
    const a = buildAct(
      { period: '2025-01', control: 'EKMP', mo: 'M', smo: '1' },
      [
        src({ defect: true, f014: [5, 5, 7], sum_kop: 100, amount_kop: 100, fine_pending: true, num_act: 'A', date_act: '2025-02-01' }),
        src({
          case_id: '2',
          file: 'G',
          nschet: '2',
          f014: [7],
          defect: true,
          sum_kop: 250,
          amount_kop: 25,
          fine_kop: 7,
          num_act: 'A',
          date_act: '2025-02-01',
        }),
        src({ case_id: '3', sum_kop: 1 }),
        // case 2 reviewed again (another S_TIP, the same code 7 and a new 5): a line of its own, its sum and its codes
        // counted once, its amounts added
        src({ case_id: '2', s_tip: 73, file: 'G', nschet: '2', defect: true, f014: [7, 5], sum_kop: 250, amount_kop: 10, fine_kop: 3 }),
      ],
      (c) => (c === 5 ? { item: '3.1.', name: 'five' } : undefined),
    );
    expect(a.lines).toHaveLength(4);
    expect(a.defects).toEqual([
      { code: 5, item: '3.1.', name: 'five', cases: 2 },
      { code: 7, item: null, name: null, cases: 2 },
    ]);
    expect(a.accounts.map((x) => x.nschet)).toEqual(['1', '2']);
    expect(a.acts).toEqual([
      { num: null, date: null },
      { num: 'A', date: '2025-02-01' },
    ]);
    expect(a.totals).toEqual({ cases: 3, with_defects: 2, sum_kop: 351, amount_kop: 135, fine_kop: 10, fines_pending: 1 });
    expect(rubles(123456789)).toBe('1\u00a0234\u00a0567,89');
    expect(rubles(5)).toBe('0,05');
  });
});

describe('GET /api/worklists/export', () => {
  it("exports the request's filters under its scope: XLSX with the Russian header, CSV with the CLI's English one", async () => {
    // one MEE item on each case of MO 750096 (written as the system, as the selection does)
    await db.sql.query(
      `WITH w AS (INSERT INTO worklist (year, month, smo, control, usl_ok, quota, cases, seed)
                  SELECT DISTINCT year, month, smo, 'MEE', 1, 2, 2, 1 FROM "case" WHERE code_mo = '750096' RETURNING id, smo)
       INSERT INTO worklist_item (worklist_id, case_id, control, s_tip, arm, state, year, month, smo, code_mo, rank, reasons)
       SELECT w.id, c.id, 'MEE', 51, CASE WHEN c.n_zap::int % 2 = 1 THEN 'random' ELSE 'model' END, 'selected', c.year, c.month, c.smo, c.code_mo,
              c.n_zap::int, '[{"feature":"x","text":"причина"}]'::jsonb
         FROM w JOIN "case" c ON c.smo = w.smo AND c.code_mo = '750096'`,
    );
    const x = await smoA.inject({ method: 'GET', url: '/api/worklists/export?period=2021-04' });
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-disposition']).toBe('attachment; filename="worklist-2021-04.xlsx"');
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.rowCount).toBe(3); // the header and insurer 75001's two items, not 75002's
    expect(ws.getRow(1).getCell(5).value).toBe('СМО');
    expect([2, 3].map((i) => [ws.getRow(i).getCell(3).value, ws.getRow(i).getCell(5).value, ws.getRow(i).getCell(14).value])).toEqual([
      ['263696', '75001', 'причина'],
      ['263697', '75001', 'причина'],
    ]);
    const csv = await tfoms.inject({ method: 'GET', url: '/api/worklists/export?period=2021-04&arm=random&format=csv' });
    expect(csv.headers['content-disposition']).toBe('attachment; filename="worklist-2021-04-random.csv"');
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe(
      'file,n_zap,idcase,mo,smo,usl_ok,control,s_tip,arm,propensity,p_defect,expected_amount,rank,reason_1,reason_2,reason_3,reason_4,expert',
    );
    expect(lines.slice(1).map((l) => l.split(',').slice(1, 3).join(' '))).toEqual(['1 263696', '3 263698']);
    expect((await smoA.inject({ method: 'GET', url: '/api/worklists/export?period=2021-4' })).statusCode).toBe(400);
  });
});
