/** The pure parts of the features with hand-computed values: ICD-10 grouping, dates, tariffs, history windows. */
import { describe, expect, it } from 'vitest';
import { icdBlock, icdCategory, icdChapter, ICD10_BLOCKS } from '../../src/features/icd10-blocks.js';
import { casesBefore, days, isBefore, stayDays, type CaseInput, type PastCase } from '../../src/features/case-input.js';
import { tariffKop, weekday } from '../../src/features/care.js';
import { ageYears } from '../../src/features/repeats.js';
import { ReviewHistory } from '../../src/features/history.js';
import { injectionDays, onkSummary } from '../../src/features/oncology.js';
import { caseFeatures, featureRecord } from '../../src/features/case-features.js';
import { CATEGORICAL, NUMERIC, currentSpec } from '../../src/features/feature-spec.js';
import type { Sl } from '../../src/registers/model.js';

describe('ICD-10 grouping', () => {
  it('category, block and chapter of codes', () => {
    expect([icdCategory('i21.4'), icdBlock('I21.4'), icdChapter('I21.4')]).toEqual(['I21', 'I20-I25', 'IX']);
    expect([icdBlock('C50.1'), icdChapter('C50.1')]).toEqual(['C50-C50', 'II']);
    expect([icdBlock('D48.0'), icdChapter('D48.0'), icdChapter('D50.0')]).toEqual(['D37-D48', 'II', 'III']);
    expect([icdBlock('H60.0'), icdChapter('H60.0'), icdChapter('H59.0')]).toEqual(['H60-H62', 'VIII', 'VII']);
    expect([icdBlock('T14.1'), icdChapter('T14.1')]).toEqual(['T08-T14', 'XIX']);
    expect([icdBlock('U07.1'), icdChapter('U07.1')]).toEqual(['U00-U49', 'XXII']);
    expect([icdBlock('Z34.0'), icdChapter('Z34.0')]).toEqual(['Z30-Z39', 'XXI']);
    expect([icdBlock('R53'), icdBlock('L42'), icdBlock('N63')]).toEqual(['R50-R69', 'L40-L45', 'N60-N64']);
  });
  it('codes in no block or not ICD-10 at all', () => {
    expect(icdBlock('B10.0')).toBeNull(); // between B09 and B15
    expect(icdChapter('B10.0')).toBe('I');
    expect([icdCategory(''), icdCategory('12.3'), icdBlock(null), icdChapter('X')]).toEqual([null, null, null, null]);
  });
  it('blocks are in order and do not overlap', () => {
    for (let i = 1; i < ICD10_BLOCKS.length; i++) expect(ICD10_BLOCKS[i].slice(0, 3) > ICD10_BLOCKS[i - 1].slice(4)).toBe(true);
  });
});

describe('dates', () => {
  it('weekday and age', () => {
    expect(weekday(days('2025-03-10')!)).toBe(1); // a Monday
    expect(weekday(days('2025-03-16')!)).toBe(7);
    expect(weekday(days('1969-12-31')!)).toBe(3); // before 1970 too
    expect(ageYears(days('1960-03-11')!, days('2025-03-10')!)).toBe(64);
    expect(ageYears(days('1960-03-11')!, days('2025-03-11')!)).toBe(65);
    expect(ageYears(days('2000-02-29')!, days('2025-02-28')!)).toBe(24);
  });
  it('stay: KD_Z, else the days between (a day hospital counts both ends, a 24h stay at least one)', () => {
    const d = days('2025-03-10')!;
    expect(stayDays({ uslOk: 1, kdZ: 7, dateZ1: d, dateZ2: d + 3 })).toBe(7);
    expect(stayDays({ uslOk: 1, kdZ: null, dateZ1: d, dateZ2: d + 3 })).toBe(3);
    expect(stayDays({ uslOk: 1, kdZ: null, dateZ1: d, dateZ2: d })).toBe(1);
    expect(stayDays({ uslOk: 2, kdZ: null, dateZ1: d, dateZ2: d + 3 })).toBe(4);
  });
});

const past = (id: string, d1: string, d2: string, more: Partial<PastCase> = {}): PastCase => ({
  id,
  dateZ1: days(d1)!,
  dateZ2: days(d2)!,
  uslOk: 1,
  ds1: 'I10',
  codeMo: 'M1',
  profil: 97,
  onk: null,
  ...more,
});

describe('what is dated before a case', () => {
  const c = { id: '10', dateZ1: days('2025-03-10')! };
  it('ended before it began, or a transfer ending on its first day; never itself or a same-day visit', () => {
    expect(isBefore(past('1', '2025-03-01', '2025-03-09'), c)).toBe(true);
    expect(isBefore(past('2', '2025-03-01', '2025-03-10'), c)).toBe(true); // transfer
    expect(isBefore(past('3', '2025-03-10', '2025-03-10'), c)).toBe(false); // same day, not earlier
    expect(isBefore(past('10', '2025-03-01', '2025-03-09'), c)).toBe(false); // itself
    expect(isBefore(past('4', '2025-03-01', '2025-03-11'), c)).toBe(false); // still in hospital
  });
  it('the latest first, whatever the order of loading', () => {
    const l = [past('1', '2025-01-01', '2025-01-05'), past('3', '2025-02-01', '2025-02-03'), past('2', '2025-01-20', '2025-02-03')];
    expect(casesBefore(c, l).map((p) => p.id)).toEqual(['3', '2', '1']);
    expect(casesBefore(c, [...l].reverse()).map((p) => p.id)).toEqual(['3', '2', '1']);
  });
});

describe('tariff of a case', () => {
  it('KSG formula, else SL TARIF × ED_COL, else the services', () => {
    const ksgSl = {
      KSG_KPG: { KOEF_Z: '1.50', KOEF_UP: '1.1', BZTSZ: '20000.00', KOEF_D: '1', KOEF_U: '0.9', SL_K: '1', IT_SL: '0.2' },
    } as unknown as Sl;
    // 20000 × 1.5 × 1.1 × 0.9 × 1 + 20000 × 1 × 0.2 = 29700 + 4000
    expect(tariffKop([ksgSl])).toBe(3_370_000);
    expect(tariffKop([{ TARIF: '412.55', ED_COL: '2' } as unknown as Sl])).toBe(82_510);
    expect(tariffKop([{ USL: [{ TARIF: '100.10', KOL_USL: '3' }, { TARIF: '5' }] } as unknown as Sl])).toBe(30_030 + 500);
    expect(tariffKop([{} as Sl])).toBe(0);
  });
});

describe('oncology summaries', () => {
  it('injection days from DATE_INJ lists and INJ elements, distinct and sorted', () => {
    const sl = {
      ONK_SL: {
        ONK_USL: [
          {
            USL_TIP: '2',
            LEK_PR: [{ DATE_INJ: ['2025-03-05', '2025-03-01'] }, { INJ: [{ DATE_INJ: '2025-03-01' }, { DATE_INJ: '2025-03-09' }] }],
          },
        ],
      },
    } as unknown as Sl;
    expect(injectionDays([sl])).toEqual(['2025-03-01', '2025-03-05', '2025-03-09'].map((d) => days(d)));
    expect(onkSummary([sl])).toEqual({ suspicionNapr: null, treated: true, lastInj: days('2025-03-09') });
    const visit = { DS_ONK: '1', NAPR: [{ NAPR_DATE: '2025-01-15' }, { NAPR_DATE: '2025-01-20' }] } as unknown as Sl;
    expect(onkSummary([visit])).toEqual({ suspicionNapr: days('2025-01-20'), treated: false, lastInj: null });
  });
});

describe('review history', () => {
  const h = new ReviewHistory([
    { codeMo: 'M1', iddokt: 'D1', day: 100, reviews: 2, defects: 1 },
    { codeMo: 'M1', iddokt: 'D2', day: 105, reviews: 1, defects: 1 },
    { codeMo: 'M2', iddokt: null, day: 100, reviews: 7, defects: 0 },
  ]);
  const at = (day: number, codeMo: string, iddokt: string | null) =>
    h.features({ dateZ1: day, codeMo, iddokt, mekFindings: 0 } as CaseInput);
  it('counts only what became known strictly before the day, shrunk to the region at that day', () => {
    expect(at(100, 'M1', 'D1')).toMatchObject({ mo_reviews_n: 0, doc_reviews_n: 0, region_defect_rate: NaN });
    const r = at(101, 'M1', 'D1');
    expect(r).toMatchObject({ mo_reviews_n: 2, doc_reviews_n: 2, region_defect_rate: 1 / 9 });
    expect(r.mo_defect_rate_shrunk).toBeCloseTo((1 + 20 / 9) / 22, 12);
    const later = at(106, 'M1', 'D2');
    expect(later).toMatchObject({ mo_reviews_n: 3, doc_reviews_n: 1, region_defect_rate: 2 / 10 });
    expect(later.doc_defect_rate_shrunk).toBeCloseTo((1 + 20 * 0.2) / 21, 12);
    expect(at(106, 'M3', null)).toMatchObject({ mo_reviews_n: 0, mo_defect_rate_shrunk: 0.2, doc_reviews_n: NaN });
  });
});

describe('the spec', () => {
  it('names are unique, and a case fills exactly the spec', () => {
    expect(new Set([...NUMERIC, ...CATEGORICAL]).size).toBe(NUMERIC.length + CATEGORICAL.length);
    const c: CaseInput = {
      id: '1',
      year: 2025,
      month: 3,
      smo: null,
      codeMo: 'M1',
      fileKind: 'H',
      personKey: 'E1',
      uslOk: 3,
      vidpom: 13,
      forPom: 3,
      idsp: 29,
      rslt: 301,
      ishod: 304,
      profil: 97,
      ds1: 'J06.9',
      nKsg: null,
      iddokt: null,
      pCel: '1.0',
      dateZ1: days('2025-03-03')!,
      dateZ2: days('2025-03-03')!,
      kdZ: null,
      sumvKop: 41_255,
      sl: [{ TARIF: '412.55' } as Sl],
      sex: 2,
      birth: days('1990-01-01')!,
      mekFindings: 0,
    };
    const row = caseFeatures(c, [], { ref: { ksgMedianStay: new Map(), lightestKoefZ: new Map() }, reviews: new ReviewHistory([]) });
    expect(row.num.length).toBe(currentSpec().numeric.length);
    expect(row.cat.length).toBe(currentSpec().categorical.length);
    expect(featureRecord(row)).toMatchObject({ sum_vs_tariff_r: 1, p_cel: '1.0', sex: '2', age_y: 35, kd_z: NaN, prev_cases_365_n: 0 });
  });
});
