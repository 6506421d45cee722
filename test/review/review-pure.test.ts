/** The pure parts of conclusions: sanctions arithmetic, codes, identity, the CSV format, the return diff, the SANK export. */
import { describe, expect, it } from 'vitest';
import { fineKop, fineShare, nonPaymentKop } from '../../src/review/sanctions.js';
import { armOf, controlOf, mergeContent, naturalKey, type ConclusionContent } from '../../src/review/conclusion.js';
import { csvRecords, parseConclusionsCsv } from '../../src/review/conclusions-csv.js';
import { firstDifferingPath } from '../../src/registers/ingest/return-account.js';
import { accountWithSank } from '../../src/review/sank-export.js';
import { checkCaseArithmetic } from '../../src/registers/mek/case.checks.js';
import type { RegisterHeader } from '../../src/registers/model.js';

const coef = (c: number) => ({ 252: { kNo: 0.4, kSh: 0.3 }, 253: { kNo: 0.9, kSh: 1 }, 202: { kNo: 0, kSh: 1 } })[c];

describe('sanctions of order 231н', () => {
  it('non-payment: the case sum × the largest K_NO, to the kopeck', () => {
    expect(nonPaymentKop(1_234_567, [252], coef)).toBe(493_827); // 12 345.67 × 0.4 = 4 938.268 → 4 938.27
    expect(nonPaymentKop(1_234_567, [252, 253], coef)).toBe(1_111_110); // × 0.9 = 11 111.103 → 11 111.10
    expect(nonPaymentKop(1_234_567, [], coef)).toBe(0);
  });
  it('fine: the norm × the largest K_SH; pending without a norm when one is due', () => {
    expect(fineKop(1_950_000, fineShare([252], coef))).toEqual({ fine: 585_000, pending: false });
    expect(fineKop(1_950_000, fineShare([252, 202], coef))).toEqual({ fine: 1_950_000, pending: false });
    expect(fineKop(undefined, fineShare([252], coef))).toEqual({ fine: 0, pending: true });
    expect(fineKop(undefined, fineShare([], coef))).toEqual({ fine: 0, pending: false });
  });
});

describe('codes and identity', () => {
  it('control of an F006 code; MEK is none', () => {
    expect([50, 59, 70, 86, 2, 3, 1, 10, 12, 60].map(controlOf)).toEqual([
      'MEE',
      'MEE',
      'EKMP',
      'EKMP',
      'MEE',
      'EKMP',
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
  it('arm of a reason', () => {
    expect(['random', 'trigger:72', 'legacy:sum', 'model', 'manual', '', null, 'trigger', 'lottery'].map(armOf)).toEqual([
      'random',
      'trigger',
      'legacy',
      'model',
      'manual',
      'unknown',
      'unknown',
      undefined,
      undefined,
    ]);
  });
  it('the natural key: by act number, else act date and experts in any order', () => {
    expect(naturalKey('7', 50, 'A-1', '2025-08-20', ['E2'])).toBe(naturalKey('7', 50, 'A-1', null, []));
    expect(naturalKey('7', 50, null, '2025-08-20', ['E2', 'E1'])).toBe(naturalKey('7', 50, null, '2025-08-20', ['E1', 'E2']));
    expect(naturalKey('7', 50, 'A-1', null, [])).not.toBe(naturalKey('7', 70, 'A-1', null, []));
  });
  it('a re-import keeps what its source does not know, and changes nothing when the rest is the same', () => {
    const stored: ConclusionContent = {
      sl_id: null,
      s_tip: 50,
      control: 'MEE',
      defect: true,
      f014: [252],
      amount_kop: 100,
      fine_kop: 585_000,
      fine_pending: false,
      experts: ['E1'],
      date_act: '2025-08-20',
      num_act: 'A-1',
      comment: 'c',
      arm: 'random',
      reason: 'random',
      propensity: 0.04,
    };
    const fromRegister = {
      ...stored,
      comment: null,
      arm: 'unknown' as const,
      reason: null,
      propensity: null,
      fine_kop: 0,
      fine_pending: true,
    };
    expect(mergeContent(stored, fromRegister)).toBeNull();
    expect(mergeContent(stored, { ...fromRegister, amount_kop: 200 })).toMatchObject({
      amount_kop: 200,
      arm: 'random',
      comment: 'c',
      fine_kop: 585_000,
    });
  });
});

describe('CSV', () => {
  it('reads quotes, doubled quotes, CRLF and a quoted line break, with the line each record starts on', () => {
    const r = csvRecords('\ufeffa,b\r\n"x,1","say ""hi"""\r\n\r\n"multi\nline",2\n');
    expect(r).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x,1', 'say "hi"'] },
      { line: 4, cells: ['multi\nline', '2'] },
    ]);
  });
  it('takes columns by name, control for s_tip, several codes and experts', () => {
    const p = parseConclusionsCsv('result,control,n_zap,file,f014,expert,s_sum\ndefect,EKMP,5,HM1.XML,252;253,E1;E2,10.5\n', 'x.csv');
    expect(p.errors).toEqual([]);
    expect(p.rows[0]).toMatchObject({
      line: 2,
      ref: { file: 'HM1.XML', by: 'n_zap', value: '5' },
      input: { sTip: 70, defect: true, f014: [252, 253], experts: ['E1', 'E2'], amountKop: 1050, sourceRef: 'x.csv:2' },
    });
  });
  it('names the line of each malformed value and a missing column', () => {
    const p = parseConclusionsCsv(
      'file,idcase,s_tip,result,date_act,s_sum\nF,1,50,defect,20.08.2025,\nF,2,5x,no_defect,,\nF,3,50,no_defect,,1,2\n',
      'x',
    );
    expect(p.errors.map((e) => e.line)).toEqual([2, 3]);
    expect(p.errors[0].message).toMatch(/date_act/);
    expect(p.errors[1].message).toMatch(/s_tip/);
    expect(parseConclusionsCsv('file,result\n', 'x').errors[0].message).toMatch(/idcase or n_zap.*s_tip or control/);
  });
});

describe('returns and the SANK export', () => {
  it('an account missing the records the FLK rejected counts and bills what it holds (SD_Z, SUMMAV); a complete one keeps them', () => {
    const header = { ZGLV: { VERSION: '5.1', SD_Z: '3' }, SCHET: { CODE: '1', SUMMAV: '300.05' } } as unknown as RegisterHeader;
    const kase = (id: string, sumv: string) => ({
      id,
      n_zap: id,
      pr_nov: 0,
      pacient: {},
      zsl: { IDCASE: id, SUMV: sumv },
      sls: [],
      mek: [],
    });
    // record 2 (100.05) was rejected by the FLK and never stored: the file written holds 1 and 3
    const two = accountWithSank(header, [kase('1', '100.00'), kase('3', '100.00')], []).header;
    expect([two.ZGLV.SD_Z, two.SCHET.SUMMAV, two.SCHET.SUMMAP]).toEqual(['2', '200.00', '200.00']);
    const all = accountWithSank(header, [kase('1', '100.00'), kase('2', '100.05'), kase('3', '100.00')], []).header;
    expect([all.ZGLV.SD_Z, all.SCHET.SUMMAV]).toEqual(['3', '300.05']);
  });

  it('names the first differing element of two records', () => {
    const a = { N_ZAP: '1', Z_SL: { IDCASE: '5', SL: [{ DS1: 'A00' }, { DS1: 'B00' }] } };
    expect(firstDifferingPath(a, structuredClone(a), 'ZAP')).toBeUndefined();
    expect(firstDifferingPath(a, { ...a, Z_SL: { ...a.Z_SL, SL: [{ DS1: 'A00' }, { DS1: 'B01' }] } }, 'ZAP')).toBe('ZAP/Z_SL/SL/DS1');
    expect(firstDifferingPath(a, { ...a, Z_SL: { ...a.Z_SL, KD_Z: '3' } }, 'ZAP')).toBe('ZAP/Z_SL/KD_Z');
  });
  it('fills SANK, SANK_IT, SUMP, OPLATA and the SCHET totals', () => {
    const header = { ZGLV: { VERSION: '5.1' }, SCHET: { CODE: '1', SUMMAV: '300.00' } } as unknown as RegisterHeader;
    const kase = (id: string, sumv: string) => ({
      id,
      n_zap: id,
      pr_nov: 0,
      pacient: {},
      zsl: { IDCASE: id, SUMV: sumv, OPLATA: '1' },
      sls: [{ SL_ID: `s${id}` }],
      mek: [],
    });
    const mek = { S_CODE: 'M', S_SUM: '10.00', S_TIP: '1' };
    const cases = [{ ...kase('1', '100.00'), mek: [mek] }, kase('2', '120.00'), kase('3', '80.00')];
    const concl = (id: string, caseId: string, control: 'MEE' | 'EKMP', kop: number) => ({
      id,
      case_id: caseId,
      s_tip: control === 'MEE' ? 50 : 70,
      control,
      f014: kop ? [252] : [],
      amount_kop: kop,
      sl_id: null,
      experts: ['E1'],
      date_act: '2025-08-20',
      num_act: `A${id}`,
      comment: null,
    });
    const { header: h, zaps } = accountWithSank(
      header,
      [...cases, kase('4', '90.00')],
      [
        concl('7', '1', 'MEE', 4000),
        concl('8', '2', 'EKMP', 12000),
        concl('9', '3', 'MEE', 0),
        // reviewed twice, both experts refuse it in full
        concl('10', '4', 'MEE', 9000),
        concl('11', '4', 'MEE', 9000),
      ],
    );
    const z = zaps.map((x) => x.Z_SL as unknown as Record<string, unknown>);
    // SANK_IT is the largest S_SUM (Q016 003K.00.0250), SUMP = SUMV − SANK_IT (003K.00.0240)
    expect(z.map((x) => [x.OPLATA, x.SUMP, x.SANK_IT])).toEqual([
      ['3', '60.00', '40.00'], // 100 − max(10 MEK, 40 MEE)
      ['2', '0.00', '120.00'],
      ['1', '80.00', '0.00'],
      ['2', '0.00', '90.00'], // not 180
    ]);
    const sank = (i: number) => z[i].SANK as { S_CODE: string; SL_ID?: string[] }[];
    expect(sank(0).map((s) => s.S_CODE)).toEqual(['M', 'C7']);
    // a SANK with a sum names its SLs (FLK 003F.00.1770): the whole case's when the conclusion names none
    expect(sank(0)[1].SL_ID).toEqual(['s1']);
    expect(sank(2)[0].SL_ID).toBeUndefined();
    expect(h.SCHET).toMatchObject({ SUMMAP: '140.00', SANK_MEK: '10.00', SANK_MEE: '220.00', SANK_EKMP: '120.00' });
    // the records pass the MEK checks the ingestion applies to a return
    for (const zap of zaps) {
      const found: string[] = [];
      checkCaseArithmetic(zap, h, (rule) => found.push(rule));
      expect(found, String(zap.N_ZAP)).toEqual([]);
    }
  });
});
