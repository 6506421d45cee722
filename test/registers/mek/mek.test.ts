/**
 * One test per MEK check: a valid record gives no finding of the check; the record broken in
 * exactly what the check tests gives it. Hand-computed values; real Q016/Q023 ids.
 */
import { describe, expect, it } from 'vitest';
import { oncologyInpatientZap } from '../flk/fixtures.js';
import {
  checkAcrossCases,
  checkCaseMek,
  checkFileSums,
  createFileSums,
  addToFileSums,
  summarize,
  MEK_CHECKS,
  type CaseSummary,
} from '../../../src/registers/mek/index.js';
import type { RegisterHeader, Zap, ZSl } from '../../../src/registers/model.js';
import { ksgCaseCost } from '../../../src/tariffs/ksg.js';
import { toKopecks, formatKopecks } from '../../../src/tariffs/money.js';

const header: RegisterHeader = {
  ZGLV: {
    VERSION: '3.1',
    DATA: '2021-04-23',
    FILENAME: 'HM750096T75_21041',
    SD_Z: '1',
  },
  SCHET: {
    CODE: '375',
    CODE_MO: '750096',
    YEAR: '2021',
    MONTH: '4',
    NSCHET: '375',
    DSCHET: '2021-04-23',
    SUMMAV: '115.09',
  },
};
const ctx = {
  fileName: 'HM750096T75_21041.XML',
  kind: 'H' as const,
  version: '3.1',
  year: 2021,
  month: 4,
};

/** A valid outpatient visit (the shape of the real H_VALID sample). */
function outpatient(): Zap {
  return {
    N_ZAP: '1',
    PR_NOV: '0',
    PACIENT: {
      ID_PAC: 'P1',
      VPOLIS: '3',
      NPOLIS: '7500000000000001',
      SMO: '75001',
      NOVOR: '0',
    },
    Z_SL: {
      IDCASE: '1',
      USL_OK: '3',
      VIDPOM: '13',
      FOR_POM: '3',
      LPU: '750096',
      DATE_Z_1: '2021-04-05',
      DATE_Z_2: '2021-04-05',
      RSLT: '314',
      ISHOD: '304',
      IDSP: '29',
      SUMV: '115.09',
      SL: [
        {
          SL_ID: '1',
          PODR: '12',
          PROFIL: '16',
          DET: '0',
          P_CEL: '1.0',
          NHISTORY: '1',
          DATE_1: '2021-04-05',
          DATE_2: '2021-04-05',
          DS1: 'L42',
          C_ZAB: '1',
          PRVS: '17',
          VERS_SPEC: 'V021',
          IDDOKT: '038-077-626 70',
          ED_COL: '1.00',
          TARIF: '115.09',
          SUM_M: '115.09',
          USL: [
            {
              IDSERV: '1',
              LPU: '750096',
              PODR: '12',
              PROFIL: '16',
              DET: '0',
              DATE_IN: '2021-04-05',
              DATE_OUT: '2021-04-05',
              DS: 'L42',
              CODE_USL: '601029',
              KOL_USL: '1.00',
              TARIF: '115.09',
              SUMV_USL: '115.09',
            },
          ],
        },
      ],
    },
  };
}
const inpatient = oncologyInpatientZap;
const withZ = (base: () => Zap, f: (z: ZSl, zap: Zap) => void) => () => {
  const zap = base();
  f(zap.Z_SL, zap);
  return zap;
};
const rules = (zap: Zap) => checkCaseMek(zap, header, ctx).map((f) => f.rule);

type Case = [id: string, what: string, valid: () => Zap, broken: () => Zap];
const sanked = (z: ZSl, opl: string, sump: string, sankIt: string, sums: string[]) => {
  z.OPLATA = opl;
  z.SUMP = sump;
  z.SANK_IT = sankIt;
  z.SANK = sums.map((s, i) => ({
    S_CODE: `S${i}`,
    S_SUM: s,
    S_TIP: '1',
    S_OSN: '222',
    DATE_ACT: '2021-05-01',
    NUM_ACT: '1',
    S_IST: '1',
  }));
};
const ambulance = withZ(outpatient, (z) =>
  Object.assign(z, {
    USL_OK: '4',
    VIDPOM: '2',
    FOR_POM: '1',
    RSLT: '401',
    ISHOD: '401',
    IDSP: '24',
  }),
);
const dayHospital = withZ(outpatient, (z) =>
  Object.assign(z, {
    USL_OK: '2',
    VIDPOM: '31',
    RSLT: '201',
    ISHOD: '201',
    IDSP: '32',
  }),
);

const cases: Case[] = [
  ['003K.00.0290', 'ambulance with a non-ambulance VIDPOM', ambulance, withZ(ambulance, (z) => (z.VIDPOM = '13'))],
  ['003K.00.0300', 'outpatient with VIDPOM 31', outpatient, withZ(outpatient, (z) => (z.VIDPOM = '31'))],
  ['003K.00.0310', 'day hospital with VIDPOM 2', dayHospital, withZ(dayHospital, (z) => (z.VIDPOM = '2'))],
  ['003K.00.0321', '24h hospital with VIDPOM 13', inpatient, withZ(inpatient, (z) => (z.VIDPOM = '13'))],
  [
    '003K.00.0331',
    'death (RSLT 105) without ISHOD 104',
    withZ(inpatient, (z) => Object.assign(z, { RSLT: '105', ISHOD: '104' })),
    withZ(inpatient, (z) => Object.assign(z, { RSLT: '105', ISHOD: '102' })),
  ],
  [
    '003K.00.0341',
    'death in day hospital (205) without ISHOD 204',
    withZ(dayHospital, (z) => Object.assign(z, { RSLT: '205', ISHOD: '204' })),
    withZ(dayHospital, (z) => Object.assign(z, { RSLT: '205', ISHOD: '202' })),
  ],
  [
    '003K.00.0351',
    'statement of death (313) without ISHOD 305',
    withZ(outpatient, (z) => Object.assign(z, { RSLT: '313', ISHOD: '305' })),
    withZ(outpatient, (z) => Object.assign(z, { RSLT: '313', ISHOD: '304' })),
  ],
  [
    '003K.00.0361',
    'death with ambulance (405) without ISHOD 403',
    withZ(ambulance, (z) => Object.assign(z, { RSLT: '405', ISHOD: '403' })),
    withZ(ambulance, (z) => Object.assign(z, { RSLT: '405', ISHOD: '401' })),
  ],
  ['003K.00.0371', 'day hospital in emergency form', dayHospital, withZ(dayHospital, (z) => (z.FOR_POM = '1'))],
  ['003K.00.0381', 'outpatient care in emergency form', outpatient, withZ(outpatient, (z) => (z.FOR_POM = '1'))],
  ['003K.00.0391', 'ambulance in planned form', ambulance, withZ(ambulance, (z) => (z.FOR_POM = '3'))],
  [
    '003K.00.0451',
    '24h hospital with an outpatient result',
    inpatient,
    withZ(inpatient, (z) => Object.assign(z, { RSLT: '301', ISHOD: '102' })),
  ],
  [
    '003K.00.0461',
    'day hospital with a 24h-hospital result',
    dayHospital,
    withZ(dayHospital, (z) => Object.assign(z, { RSLT: '101', ISHOD: '201' })),
  ],
  [
    '003K.00.0471',
    'outpatient with a hospital result',
    outpatient,
    withZ(outpatient, (z) => Object.assign(z, { RSLT: '101', ISHOD: '304' })),
  ],
  [
    '003K.00.0481',
    'ambulance with an outpatient result',
    ambulance,
    withZ(ambulance, (z) => Object.assign(z, { RSLT: '301', ISHOD: '401' })),
  ],
  [
    '003K.00.0211',
    'transferred (RSLT 102) with ISHOD recovery 101',
    inpatient,
    withZ(inpatient, (z) => Object.assign(z, { RSLT: '102', ISHOD: '101' })),
  ],
  [
    '003K.00.0220',
    'day hospital transfer (202) with ISHOD 201',
    withZ(dayHospital, (z) => Object.assign(z, { RSLT: '202', ISHOD: '202' })),
    withZ(dayHospital, (z) => Object.assign(z, { RSLT: '202', ISHOD: '201' })),
  ],
  [
    '003K.00.0200',
    'ambulance RSLT 407 without ISHOD 402',
    withZ(ambulance, (z) => Object.assign(z, { RSLT: '407', ISHOD: '402' })),
    withZ(ambulance, (z) => Object.assign(z, { RSLT: '407', ISHOD: '401' })),
  ],
  [
    '003K.00.0196',
    'examination outcome 306 with a non-examination result',
    withZ(outpatient, (z) => Object.assign(z, { RSLT: '314', ISHOD: '306' })),
    withZ(outpatient, (z) => Object.assign(z, { RSLT: '313', ISHOD: '306' })),
  ],
  ['002K.00.0370', 'SUMV ≠ Σ SUM_M', outpatient, withZ(outpatient, (z) => (z.SUMV = '115.10'))],
  ['002K.00.0460', 'SL TARIF above SUM_M', outpatient, withZ(outpatient, (z) => (z.SL[0].TARIF = '200.00'))],
  ['002K.00.0430', 'DS1 repeated as DS2', outpatient, withZ(outpatient, (z) => (z.SL[0].DS2 = ['L42']))],
  [
    '002K.00.0440',
    'DS2 repeated as DS3',
    withZ(outpatient, (z) => (z.SL[0].DS2 = ['I10'])),
    withZ(outpatient, (z) => Object.assign(z.SL[0], { DS2: ['I10'], DS3: ['I10'] })),
  ],
  ['002K.00.0570', 'service tariff above its cost', outpatient, withZ(outpatient, (z) => (z.SL[0].USL![0].TARIF = '120.00'))],
  [
    '003K.00.0250',
    'SANK_IT is the sum, not the largest S_SUM',
    withZ(outpatient, (z) => sanked(z, '3', '65.09', '50.00', ['50.00', '20.00'])),
    withZ(outpatient, (z) => sanked(z, '3', '45.09', '70.00', ['50.00', '20.00'])),
  ],
  [
    '003K.00.0240',
    'SUMP ≠ SUMV − SANK_IT',
    withZ(outpatient, (z) => sanked(z, '3', '65.09', '50.00', ['50.00'])),
    withZ(outpatient, (z) => sanked(z, '3', '60.00', '50.00', ['50.00'])),
  ],
  [
    '003K.00.0260',
    'partial refusal without a sanction',
    withZ(outpatient, (z) => sanked(z, '3', '65.09', '50.00', ['50.00'])),
    withZ(outpatient, (z) => sanked(z, '3', '115.09', '0.00', ['0.00'])),
  ],
  [
    '003K.00.0270',
    'full refusal with a sum accepted',
    withZ(outpatient, (z) => sanked(z, '2', '0.00', '115.09', ['115.09'])),
    withZ(outpatient, (z) => sanked(z, '2', '15.09', '100.00', ['100.00'])),
  ],
  [
    '003K.00.0280',
    'full payment with a sanction',
    withZ(outpatient, (z) => sanked(z, '1', '115.09', '0.00', ['0.00'])),
    withZ(outpatient, (z) => sanked(z, '1', '105.09', '10.00', ['10.00'])),
  ],
  ['003K.00.0430', 'bed-days above the stay', inpatient, withZ(inpatient, (z) => (z.SL[0].KD = '12'))],
  ['003K.00.0440', 'zero bed-days for the case', inpatient, withZ(inpatient, (z) => (z.KD_Z = '0'))],
  ['003K.00.0550', 'outpatient visit without units of payment', outpatient, withZ(outpatient, (z) => delete z.SL[0].ED_COL)],
  [
    '003K.00.0560',
    'paid per service: ED_COL ≠ number of services',
    withZ(outpatient, (z) => (z.IDSP = '28')),
    withZ(outpatient, (z) => Object.assign(z, { IDSP: '28' }) && (z.SL[0].ED_COL = '2.00')),
  ],
  [
    '003K.00.1000',
    'service without a quantity',
    withZ(outpatient, (z) => (z.IDSP = '28')),
    withZ(outpatient, (z) => Object.assign(z, { IDSP: '28' }) && (z.SL[0].USL![0].KOL_USL = '0.00')),
  ],
  ['003K.00.0970', 'KSLP flag without the applied coefficient', inpatient, withZ(inpatient, (z) => delete z.SL[0].KSG_KPG!.IT_SL)],
  [
    '003K.83.0019',
    'SUM_M not the KSG tariff',
    inpatient,
    withZ(inpatient, (z) => Object.assign(z, { SUMV: '80000.00' }) && (z.SL[0].SUM_M = '80000.00')),
  ],
  [
    '003K.36.0011',
    'paid per service: SUM_M ≠ Σ SUMV_USL',
    withZ(outpatient, (z) => (z.IDSP = '28')),
    withZ(outpatient, (z) => Object.assign(z, { IDSP: '28', SUMV: '120.00' }) && (z.SL[0].SUM_M = '120.00')),
  ],
  [
    '002K.00.0180',
    'case ended after the reporting month',
    outpatient,
    withZ(outpatient, (z) => Object.assign(z, { DATE_Z_2: '2021-05-02' })),
  ],
  [
    '002K.00.0160',
    'case ended after the reporting year',
    outpatient,
    withZ(outpatient, (z) => Object.assign(z, { DATE_Z_2: '2022-01-02' })),
  ],
];

describe('single-record MEK checks', () => {
  it.each(cases)('%s — %s', (id, _what, valid, broken) => {
    expect(rules(valid())).not.toContain(id);
    expect(rules(broken())).toContain(id);
  });
  it('the valid outpatient and oncology inpatient records pass MEK with no finding', () => {
    expect(rules(outpatient())).toEqual([]);
    expect(rules(inpatient())).toEqual([]);
  });
  it('the messages omsx writes quote dates as a Russian text does (dd.mm.yyyy), never ISO', () => {
    const message = (zap: Zap, id: string) => checkCaseMek(zap, header, ctx).find((f) => f.rule === id)?.message ?? '';
    const late = withZ(outpatient, (z) => Object.assign(z, { DATE_Z_2: '2021-05-02' }))();
    expect(message(late, '002K.00.0180')).toMatch(/: случай окончен 02\.05\.2021, после отчётного месяца 04\.2021$/);
    const nextYear = withZ(outpatient, (z) => Object.assign(z, { DATE_Z_2: '2022-01-02' }))();
    expect(message(nextYear, '002K.00.0160')).toMatch(/: случай окончен 02\.01\.2022, после отчётного 2021 года$/);
    // the oncology stay: 2021-04-05 … 2021-04-15, 10 bed-days at most
    const kd = withZ(inpatient, (z) => (z.SL[0].KD = '12'))();
    expect(message(kd, '003K.00.0430')).toMatch(/: KD=12 при датах 05\.04\.2021…15\.04\.2021 \(не более 10\)$/);
    const kdz = withZ(inpatient, (z) => (z.KD_Z = '0'))();
    expect(message(kdz, '003K.00.0440')).toMatch(/: KD_Z=0 при длительности 05\.04\.2021…15\.04\.2021$/);
    for (const [zap, id] of [
      [late, '002K.00.0180'],
      [kd, '003K.00.0430'],
      [kdz, '003K.00.0440'],
    ] as const)
      expect(message(zap, id)).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });
  it('KSG cost is BZTSZ·KOEF_Z·KOEF_UP·KOEF_U·KOEF_D + BZTSZ·KOEF_D·IT_SL, rounded once', () => {
    // 21728.40·2.5 = 54321.00; + 21728.40·1.1 = 23901.24 → 78222.24
    expect(
      formatKopecks(
        ksgCaseCost({
          base: '21728.40',
          koefZ: '2.50000',
          koefUp: '1.00000',
          koefU: '1.00000',
          koefD: '1.00000',
          itSl: '1.10000',
        }),
      ),
    ).toBe('78222.24');
    // 1000.05·0.5 = 500.025 → 500.03 (half-up); interrupted share 0.5: 250.0125 → 250.01 — rounding once, at the end
    // (rounding 500.03 first would give 250.015 → 250.02)
    expect(
      ksgCaseCost({
        base: '1000.05',
        koefZ: '0.5',
        koefUp: '1',
        koefU: '1',
        koefD: '1',
      }),
    ).toBe(50003);
    expect(
      ksgCaseCost({
        base: '1000.05',
        koefZ: '0.5',
        koefUp: '1',
        koefU: '1',
        koefD: '1',
        koefPr: '0.5',
      }),
    ).toBe(25001);
    expect(toKopecks('144782')).toBe(14478200);
    expect(toKopecks('1.5')).toBe(150);
    expect(toKopecks('1.555')).toBeUndefined();
  });
});

describe('file sums (SCHET vs records)', () => {
  const run = (h: Partial<RegisterHeader['SCHET']>, zaps: Zap[]) => {
    const s = createFileSums();
    zaps.forEach((z) => addToFileSums(s, z));
    return checkFileSums({ ...header, SCHET: { ...header.SCHET, ...h } }, s, ctx).map((f) => f.rule);
  };
  const two = () => [outpatient(), withZ(outpatient, (z) => sanked(z, '3', '65.09', '50.00', ['50.00']))()];
  it('003K.00.0130 SUMMAV = Σ SUMV', () => {
    expect(run({ SUMMAV: '230.18' }, two())).not.toContain('003K.00.0130');
    expect(run({ SUMMAV: '230.17' }, two())).toContain('003K.00.0130');
  });
  it('003K.00.0140 SUMMAP = Σ SUMP', () => {
    expect(run({ SUMMAV: '230.18', SUMMAP: '65.09' }, two())).not.toContain('003K.00.0140');
    expect(run({ SUMMAV: '230.18', SUMMAP: '180.18' }, two())).toContain('003K.00.0140');
  });
  it('003K.00.0150 SANK_MEK = Σ MEK sanctions', () => {
    expect(run({ SUMMAV: '230.18', SANK_MEK: '50.00' }, two())).not.toContain('003K.00.0150');
    expect(run({ SUMMAV: '230.18', SANK_MEK: '0.00' }, two())).toContain('003K.00.0150');
  });
  it('003K.00.0160 / 0170 SANK_MEE and SANK_EKMP = Σ of their sanctions (F006 51 and 71 under 231н)', () => {
    const zaps = two();
    zaps[1].Z_SL.SANK![0].S_TIP = '51';
    expect(run({ SUMMAV: '230.18', SANK_MEE: '50.00', SANK_EKMP: '0.00' }, zaps)).toEqual([]);
    expect(run({ SUMMAV: '230.18', SANK_MEE: '0.00' }, zaps)).toContain('003K.00.0160');
    zaps[1].Z_SL.SANK![0].S_TIP = '71';
    expect(run({ SUMMAV: '230.18', SANK_EKMP: '10.00' }, zaps)).toContain('003K.00.0170');
  });
});

describe('cross-record MEK', () => {
  const s = (zap: Zap, file = 'HM1.XML', key = 'E1'): CaseSummary => ({
    ...summarize(zap, header, file),
    personKey: key,
  });
  const stay = (d1: string, d2: string, n = '1') =>
    withZ(inpatient, (z, zap) => Object.assign(z, { DATE_Z_1: d1, DATE_Z_2: d2, IDCASE: n }) && (zap.N_ZAP = n))();
  const visit = (d: string, n = '9', f?: (z: ZSl) => void) =>
    withZ(outpatient, (z, zap) => Object.assign(z, { DATE_Z_1: d, DATE_Z_2: d, IDCASE: n }) && (zap.N_ZAP = n) && f?.(z))();
  const ids = (cur: CaseSummary[], hist: CaseSummary[] = []) => checkAcrossCases(cur, hist).map((f) => f.rule);

  it('003K.00.0420 duplicate visit within one register (reported once)', () => {
    expect(ids([s(visit('2021-04-05', '1')), s(visit('2021-04-05', '2'))])).toEqual(['003K.00.0420']);
    expect(ids([s(visit('2021-04-05', '1')), s(visit('2021-04-06', '2'))])).toEqual([]);
  });
  it('003K.36.0002 duplicate ambulance call within one register', () => {
    const call = (n: string) => withZ(ambulance, (z, zap) => Object.assign(z, { IDCASE: n }) && (zap.N_ZAP = n))();
    expect(ids([s(call('1')), s(call('2'))])).toEqual(['003K.36.0002']);
  });
  it('002K.75.0005 the same case billed again in a later register; a correction (PR_NOV=1) is not', () => {
    const old = { ...s(visit('2021-04-05', '1'), 'HM_OLD.XML'), stored: true };
    expect(ids([s(visit('2021-04-05', '1'), 'HM_NEW.XML')], [old])).toEqual(['002K.75.0005']);
    const fix = visit('2021-04-05', '1');
    fix.PR_NOV = '1';
    expect(ids([s(fix, 'HM_NEW.XML')], [old])).toEqual([]);
  });
  it('002K.75.0001 overlapping 24h stays; consecutive stays (transfer day) are fine', () => {
    expect(ids([s(stay('2021-04-01', '2021-04-10', '1')), s(stay('2021-04-08', '2021-04-12', '2'))])).toEqual(['002K.75.0001']);
    expect(ids([s(stay('2021-04-01', '2021-04-10', '1')), s(stay('2021-04-10', '2021-04-12', '2'))])).toEqual([]);
  });
  it('002K.75.0001 day hospital during a 24h stay', () => {
    const dh = withZ(
      dayHospital,
      (z, zap) =>
        Object.assign(z, {
          DATE_Z_1: '2021-04-05',
          DATE_Z_2: '2021-04-07',
          IDCASE: '5',
        }) && (zap.N_ZAP = '5'),
    )();
    expect(ids([s(stay('2021-04-01', '2021-04-10')), s(dh)])).toEqual(['002K.75.0001']);
  });
  it('003K.42.0003 outpatient visit during a 24h stay, except admission and discharge days', () => {
    expect(ids([s(stay('2021-04-01', '2021-04-10')), s(visit('2021-04-05'))])).toEqual(['003K.42.0003']);
    expect(ids([s(stay('2021-04-01', '2021-04-10')), s(visit('2021-04-10'))])).toEqual([]);
  });
  it('003F.47.0001 care after the date of death, naming the other record', () => {
    const died = withZ(inpatient, (z) =>
      Object.assign(z, {
        DATE_Z_1: '2021-03-01',
        DATE_Z_2: '2021-03-05',
        RSLT: '105',
        ISHOD: '104',
      }),
    )();
    const f = checkAcrossCases([s(visit('2021-04-05'))], [{ ...s(died, 'HM_MARCH.XML'), stored: true }]);
    expect(f.map((x) => x.rule)).toEqual(['003F.47.0001']);
    expect(f[0].message).toContain('HM_MARCH.XML');
    // the dates as a Russian text writes them: the date of death and the other case's dates
    expect(f[0].message).toContain(
      'помощь после даты смерти 05.03.2021; другой случай: HM_MARCH.XML N_ZAP 7 IDCASE 900007 (01.03.2021…05.03.2021)',
    );
    const dup = checkAcrossCases([s(visit('2021-04-05', '1')), s(visit('2021-04-05', '2'))], []);
    expect(dup[0].message).toMatch(/другой случай: HM1\.XML N_ZAP \d IDCASE \d \(05\.04\.2021…05\.04\.2021\)$/);
  });
  it('003K.19.0002 repeat ambulance call within 24 hours (a warning)', () => {
    const call = (d: string, n: string) =>
      withZ(ambulance, (z, zap) => Object.assign(z, { DATE_Z_1: d, DATE_Z_2: d, IDCASE: n }) && (zap.N_ZAP = n))();
    const f = checkAcrossCases([s(call('2021-04-05', '1')), s(call('2021-04-06', '2'))], []);
    expect(f.map((x) => [x.rule, x.severity])).toEqual([['003K.19.0002', 'warning']]);
  });
  it('different persons never conflict', () => {
    expect(ids([s(stay('2021-04-01', '2021-04-10'), 'HM1.XML', 'E1'), s(stay('2021-04-02', '2021-04-09', '2'), 'HM1.XML', 'E2')])).toEqual(
      [],
    );
  });
});

describe('catalogue', () => {
  it('at least 30 MEK checks, every one with its official name', () => {
    expect(MEK_CHECKS.size).toBeGreaterThanOrEqual(30);
    const tested = new Set([
      ...cases.map((c) => c[0]),
      '003K.00.0130',
      '003K.00.0140',
      '003K.00.0150',
      '003K.00.0160',
      '003K.00.0170',
      '003K.00.0420',
      '002K.75.0005',
      '002K.75.0001',
      '003K.42.0003',
      '003F.47.0001',
      '003K.19.0002',
    ]);
    expect(tested.size).toBeGreaterThanOrEqual(30);
    for (const id of tested) expect(MEK_CHECKS.get(id), id).toBeTruthy();
  });
});
