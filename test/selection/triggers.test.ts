import { describe, expect, it } from 'vitest';
import { DEFAULT_TRIGGERS as cfg } from '../../src/selection/config.js';
import { icdChapter, onIcdList } from '../../src/selection/facts.js';
import { mekGrowthHits, moWithMekGrowth, runPersonTriggers } from '../../src/selection/triggers/index.js';
import { repeatVisitTrigger } from '../../src/selection/triggers/repeat-visit.trigger.js';
import { readmissionTrigger } from '../../src/selection/triggers/readmission.trigger.js';
import { oncoDrugTrigger } from '../../src/selection/triggers/onco-drug.trigger.js';
import { dispensaryTrigger } from '../../src/selection/triggers/dispensary.trigger.js';
import { ambulanceDeathTrigger } from '../../src/selection/triggers/ambulance-death.trigger.js';
import { lethalTrigger } from '../../src/selection/triggers/lethal.trigger.js';
import { careDuringStayTrigger } from '../../src/selection/triggers/care-during-stay.trigger.js';
import { deathAfterCareTrigger } from '../../src/selection/triggers/death-after-care.trigger.js';
import { covidTrigger } from '../../src/selection/triggers/covid.trigger.js';
import { newDiseaseTrigger } from '../../src/selection/triggers/new-disease.trigger.js';
import { transferTrigger } from '../../src/selection/triggers/transfer.trigger.js';
import type { PersonTrigger } from '../../src/selection/triggers/trigger.js';
import type { CaseFacts } from '../../src/selection/facts.js';
import { mk } from './facts.helper.js';

const fired = (t: PersonTrigger, timeline: CaseFacts[], c = cfg) => t.fire(timeline, c).map((h) => h.caseId);

describe('F006 52 repeat outpatient обращение within 14 days', () => {
  const visit = (d1: string, d2: string, extra = {}) => mk({ uslOk: 3, pCel: '3.0', ds1: 'I11.9', profil: 97, d1, d2, ...extra });
  it('fires 14 days after the previous one ended, not 15', () => {
    const a = visit('2025-07-01', '2025-07-10');
    const b = visit('2025-07-24', '2025-07-25');
    const c = visit('2025-07-25', '2025-07-26');
    expect(fired(repeatVisitTrigger, [a, b])).toEqual([b.id]);
    expect(fired(repeatVisitTrigger, [a, c])).toEqual([]);
  });
  it('needs the same DS1 category and profile; O and Z codes and other P_CEL do not count', () => {
    const a = visit('2025-07-01', '2025-07-01');
    expect(fired(repeatVisitTrigger, [a, visit('2025-07-05', '2025-07-05', { ds1: 'I11.0' })]).length).toBe(1); // same category I11
    expect(fired(repeatVisitTrigger, [a, visit('2025-07-05', '2025-07-05', { ds1: 'I10' })])).toEqual([]);
    expect(fired(repeatVisitTrigger, [a, visit('2025-07-05', '2025-07-05', { profil: 53 })])).toEqual([]);
    expect(fired(repeatVisitTrigger, [a, visit('2025-07-05', '2025-07-05', { pCel: '1.0' })])).toEqual([]);
    const z = visit('2025-07-01', '2025-07-01', { ds1: 'Z34.0' });
    expect(fired(repeatVisitTrigger, [z, visit('2025-07-05', '2025-07-05', { ds1: 'Z34.0' })])).toEqual([]);
    const o = visit('2025-07-01', '2025-07-01', { ds1: 'O26.8' });
    expect(fired(repeatVisitTrigger, [o, visit('2025-07-05', '2025-07-05', { ds1: 'O26.8' })])).toEqual([]);
  });
});

describe('F006 52 readmission within 30 days', () => {
  const stay = (d1: string, d2: string, extra = {}) => mk({ uslOk: 1, ds1: 'I21.0', profil: 29, ksg: 'st27.013', d1, d2, ...extra });
  it('fires when admitted 30 days after discharge, not 31', () => {
    const a = stay('2025-07-01', '2025-07-10');
    const b = stay('2025-08-09', '2025-08-15');
    const c = stay('2025-08-10', '2025-08-15');
    expect(fired(readmissionTrigger, [a, b])).toEqual([b.id]);
    expect(fired(readmissionTrigger, [a, c])).toEqual([]);
  });
  it('oncology drug-therapy KSG is excluded; another profile does not count', () => {
    const a = stay('2025-07-01', '2025-07-10', { ds1: 'C50.1', profil: 60, ksg: 'st19.027' });
    expect(fired(readmissionTrigger, [a, stay('2025-07-20', '2025-07-25', { ds1: 'C50.1', profil: 60, ksg: 'st19.027' })])).toEqual([]);
    expect(fired(readmissionTrigger, [stay('2025-07-01', '2025-07-10'), stay('2025-07-20', '2025-07-25', { profil: 97 })])).toEqual([]);
  });
});

describe('single-case triggers', () => {
  it('54 oncology drug therapy: C-file with USL_TIP 2/4 or drug KSG', () => {
    expect(fired(oncoDrugTrigger, [mk({ fileKind: 'C', uslTip: [2] })]).length).toBe(1);
    expect(fired(oncoDrugTrigger, [mk({ fileKind: 'C', uslTip: [4] })]).length).toBe(1);
    expect(fired(oncoDrugTrigger, [mk({ fileKind: 'C', uslTip: [1, 3] })])).toEqual([]);
    expect(fired(oncoDrugTrigger, [mk({ fileKind: 'C', ksg: 'ds19.033' })]).length).toBe(1);
    expect(fired(oncoDrugTrigger, [mk({ fileKind: 'C', ksg: 'st08.001' })]).length).toBe(1);
    expect(fired(oncoDrugTrigger, [mk({ fileKind: 'H', ksg: 'ds19.033', uslTip: [2] })])).toEqual([]);
  });
  it('56 death before the ambulance: USL_OK 4 and RSLT 411 only', () => {
    expect(fired(ambulanceDeathTrigger, [mk({ uslOk: 4, rslt: 411 })]).length).toBe(1);
    expect(fired(ambulanceDeathTrigger, [mk({ uslOk: 4, rslt: 401 })])).toEqual([]);
    expect(fired(ambulanceDeathTrigger, [mk({ uslOk: 3, rslt: 411 })])).toEqual([]);
  });
  it('72 every lethal result', () => {
    for (const r of [105, 106, 205, 206, 313, 405, 406]) expect(fired(lethalTrigger, [mk({ rslt: r })]).length).toBe(1);
    for (const r of [101, 102, 201, 301, 401, 411]) expect(fired(lethalTrigger, [mk({ rslt: r })])).toEqual([]);
  });
  it('81 COVID-19 with a cardiovascular, diabetic or oncological comorbidity', () => {
    expect(fired(covidTrigger, [mk({ ds1: 'U07.1', ds2: ['I11.9'] })]).length).toBe(1);
    expect(fired(covidTrigger, [mk({ ds1: 'U07.2', ds2: ['E11.9'] })]).length).toBe(1);
    expect(fired(covidTrigger, [mk({ ds1: 'U07.1', ds2: ['C50.1'] })]).length).toBe(1);
    expect(fired(covidTrigger, [mk({ ds1: 'U07.1', ds2: ['J45.0', 'E66.0'] })])).toEqual([]);
    expect(fired(covidTrigger, [mk({ ds1: 'J18.9', ds2: ['I11.9'] })])).toEqual([]);
  });
  it('82 a disease of another ICD-10 chapter during a 24h stay', () => {
    expect(fired(newDiseaseTrigger, [mk({ uslOk: 1, ds1: 'I21.0', ds3: ['J18.9'] })]).length).toBe(1);
    expect(fired(newDiseaseTrigger, [mk({ uslOk: 1, ds1: 'I21.0', ds2: ['I10'] })])).toEqual([]); // same chapter IX
    expect(fired(newDiseaseTrigger, [mk({ uslOk: 2, ds1: 'I21.0', ds3: ['J18.9'] })])).toEqual([]); // not a 24h stay
    expect(fired(newDiseaseTrigger, [mk({ uslOk: 1, ds1: 'I21.0', ds2: ['J18.9'] })], { ...cfg, newDiseaseFields: ['DS3'] })).toEqual([]);
  });
  it('ICD-10 chapters and lists', () => {
    expect([
      icdChapter('A09'),
      icdChapter('D48.9'),
      icdChapter('D50.0'),
      icdChapter('H59'),
      icdChapter('H60'),
      icdChapter('T14.1'),
    ]).toEqual([1, 2, 3, 7, 8, 19]);
    expect([icdChapter('U07.1'), icdChapter('V01'), icdChapter('Y98'), icdChapter('Z34.0'), icdChapter('xx')]).toEqual([22, 20, 20, 21, 0]);
    expect(onIcdList('E11.9', ['E10-E14'])).toBe(true);
    expect(onIcdList('E15', ['E10-E14'])).toBe(false);
    expect(onIcdList('U07.2', ['U07.1'])).toBe(false);
  });
});

describe('timeline triggers', () => {
  it('55 newly found DN disease without a P_CEL 1.3 visit within 30 days', () => {
    const a = mk({ ds1: 'I11.9', cZab: true, d1: '2025-08-01', d2: '2025-08-01' });
    const dnAt = (d: string) => mk({ ds1: 'I11.0', pCel: '1.3', d1: d });
    expect(fired(dispensaryTrigger, [a])).toEqual([a.id]);
    expect(fired(dispensaryTrigger, [a, dnAt('2025-08-31')])).toEqual([]); // day 30: enrolled in time
    expect(fired(dispensaryTrigger, [a, dnAt('2025-09-01')])).toEqual([a.id]); // day 31: too late
    expect(fired(dispensaryTrigger, [mk({ ds1: 'J06.9', cZab: true })])).toEqual([]); // not on the DN list
    expect(fired(dispensaryTrigger, [mk({ ds1: 'I11.9', cZab: false, ds1Pr: false })])).toEqual([]); // not newly found
    expect(fired(dispensaryTrigger, [mk({ ds1: 'E11.9', ds1Pr: true })]).length).toBe(1);
  });
  it('77 other care strictly inside a 24h stay', () => {
    const s = mk({ uslOk: 1, d1: '2025-08-01', d2: '2025-08-10' });
    const inside = mk({ uslOk: 3, d1: '2025-08-02', d2: '2025-08-09' });
    const onAdmission = mk({ uslOk: 3, d1: '2025-08-01', d2: '2025-08-01' });
    const onDischarge = mk({ uslOk: 3, d1: '2025-08-10', d2: '2025-08-10' });
    expect(fired(careDuringStayTrigger, [s, inside, onAdmission, onDischarge])).toEqual([inside.id]);
  });
  it('80 death after care in another MO or condition within 30 days', () => {
    const death = mk({ uslOk: 1, rslt: 105, codeMo: 'A', d1: '2025-08-20', d2: '2025-08-25' });
    const sameMoSameLevel = mk({ uslOk: 1, codeMo: 'A', d1: '2025-08-01', d2: '2025-08-05' });
    expect(fired(deathAfterCareTrigger, [sameMoSameLevel, death])).toEqual([]);
    expect(fired(deathAfterCareTrigger, [mk({ uslOk: 3, codeMo: 'B', d1: '2025-07-21' }), death])).toEqual([death.id]); // 30 days before
    expect(fired(deathAfterCareTrigger, [mk({ uslOk: 3, codeMo: 'B', d1: '2025-07-20' }), death])).toEqual([]); // 31 days
    expect(fired(deathAfterCareTrigger, [mk({ uslOk: 4, codeMo: 'A', d1: '2025-08-20' }), death])).toEqual([death.id]); // ambulance, same MO
  });
  it('83 transfer: P_PER 3, or admission elsewhere within a day of a transfer result', () => {
    expect(fired(transferTrigger, [mk({ uslOk: 1, pPer3: true })]).length).toBe(1);
    const out = mk({ uslOk: 1, rslt: 102, codeMo: 'A', d1: '2025-08-01', d2: '2025-08-05' });
    const next = (d: string, mo = 'B') => mk({ uslOk: 1, codeMo: mo, d1: d, d2: '2025-08-20' });
    const n1 = next('2025-08-06');
    expect(fired(transferTrigger, [out, n1])).toEqual([n1.id]);
    expect(fired(transferTrigger, [out, next('2025-08-07')])).toEqual([]);
    expect(fired(transferTrigger, [out, next('2025-08-06', 'A')])).toEqual([]);
  });
  it('runPersonTriggers keeps hits on the period only, across persons', () => {
    const hist = mk({ person: 'E9', uslOk: 1, ds1: 'I21.0', profil: 29, inPeriod: false, d1: '2025-07-01', d2: '2025-07-10', month: 7 });
    const re = mk({ person: 'E9', uslOk: 1, ds1: 'I21.0', profil: 29, d1: '2025-08-01', d2: '2025-08-05' });
    const other = mk({ person: 'E8', uslOk: 1, ds1: 'I21.0', profil: 29, d1: '2025-08-01', d2: '2025-08-05' });
    const lethalHist = mk({ person: 'E7', rslt: 105, inPeriod: false });
    const hits = runPersonTriggers([hist, re, other, lethalHist], cfg);
    expect(hits.map((h) => [h.caseId, h.f006])).toEqual([[re.id, 52]]);
    expect(hits[0].reason).toMatch(/Повторная госпитализация/);
  });
});

describe('F006 76 MO with MEK growth', () => {
  it('fires at +50 % relative growth and a share of at least 2 %, and takes the MEK cases, largest sum first', () => {
    const prev = new Map([
      ['A', { cases: 100, mek: 2 }],
      ['B', { cases: 100, mek: 2 }],
      ['C', { cases: 100, mek: 1 }],
    ]);
    const cur = new Map([
      ['A', { cases: 100, mek: 3 }], // 2 → 3 %: +50 %, fires
      ['B', { cases: 1000, mek: 29 }], // 2 → 2.9 %: +45 %, no
      ['C', { cases: 100, mek: 1.9 }], // 1 → 1.9 %: below 2 %
    ]);
    const g = moWithMekGrowth(cur, prev, cfg);
    expect([...g.keys()]).toEqual(['A']);
    const cases = [
      mk({ codeMo: 'A', mek: 1, sumKop: 5 }),
      mk({ codeMo: 'A', mek: 2, sumKop: 9 }),
      mk({ codeMo: 'A', mek: 0 }),
      mk({ codeMo: 'B', mek: 1 }),
    ];
    const hits = mekGrowthHits(cases, g, { ...cfg, mekMaxCasesPerMo: 1 });
    expect(hits.map((h) => [h.caseId, h.f006])).toEqual([[cases[1].id, 76]]);
  });
});
