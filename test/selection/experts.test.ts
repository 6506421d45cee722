import { describe, expect, it } from 'vitest';
import { assignExperts, parseExperts, type AssignItem, type Expert } from '../../src/selection/experts.js';

const V021 = new Set(['41', '76', '53']);

describe('experts', () => {
  it('parses a CSV row set and refuses unknown specialties, controls and capacities naming the row', () => {
    const ok = parseExperts(
      [{ code: 'E1', name: 'Иванов', specialties: '76;53', code_mo: '750001', controls: 'MEE;EKMP', capacity: '30' }],
      V021,
    );
    expect(ok).toEqual([
      { code: 'E1', name: 'Иванов', specialties: ['76', '53'], codeMo: '750001', controls: ['MEE', 'EKMP'], capacity: 30 },
    ]);
    const row = { code: 'E1', name: 'x', specialties: '76', code_mo: '', controls: 'EKMP', capacity: '5' };
    expect(() => parseExperts([row, { ...row, code: 'E2', specialties: '76;999' }], V021)).toThrow(
      /experts row 3: unknown V021 specialty 999/,
    );
    expect(() => parseExperts([{ ...row, controls: 'MEK' }], V021)).toThrow(/row 2: controls/);
    expect(() => parseExperts([{ ...row, capacity: '-1' }], V021)).toThrow(/row 2: capacity/);
    expect(() => parseExperts([row, row], V021)).toThrow(/row 3: expert E1 appears twice/);
  });

  const experts: Expert[] = [
    { code: 'A', name: 'A', specialties: ['76'], codeMo: 'MO1', controls: ['EKMP'], capacity: 2 },
    { code: 'B', name: 'B', specialties: ['76'], codeMo: 'MO2', controls: ['EKMP'], capacity: 2 },
    { code: 'C', name: 'C', specialties: ['41'], codeMo: null, controls: ['EKMP', 'MEE'], capacity: 1 },
    { code: 'D', name: 'D', specialties: ['53'], codeMo: 'MO3', controls: ['MEE'], capacity: 10 },
  ];
  const item = (
    id: string,
    codeMo: string,
    prvs: string | null,
    control: 'MEE' | 'EKMP' = 'EKMP',
    profil: number | null = null,
  ): AssignItem => ({ id, control, codeMo, prvs, profil });

  it('never gives a case to an expert of the treating MO; matches specialty; respects capacity; balances', () => {
    const items = [
      item('1', 'MO1', '76'),
      item('2', 'MO1', '76'),
      item('3', 'MO2', '76'),
      item('4', 'MO3', '76'),
      item('5', 'MO3', '76'),
      item('6', 'MO9', '41'),
      item('7', 'MO9', '41'),
    ];
    const a = assignExperts(items, experts, new Map());
    expect(Object.fromEntries(a.assigned)).toEqual({ '1': 'B', '2': 'B', '3': 'A', '4': 'A', '6': 'C' });
    expect(a.unassigned).toEqual([
      { id: '5', reason: 'every matching expert is at capacity' },
      { id: '7', reason: 'every matching expert is at capacity' },
    ]);
    const b = assignExperts([item('1', 'MO1', '76'), item('2', 'MO1', '53'), item('3', 'MO1', null)], experts.slice(0, 1), new Map());
    expect(b.unassigned.map((u) => u.reason)).toEqual([
      'only experts employed by the treating MO MO1',
      'no EKMP expert of specialty 53',
      'no EKMP expert of specialty (none on the case)',
    ]);
    // balancing: load / capacity, least first
    const c = assignExperts([item('1', 'MO9', '76'), item('2', 'MO9', '76')], experts, new Map([['A', 1]]));
    expect(Object.fromEntries(c.assigned)).toEqual({ '1': 'B', '2': 'A' });
    // MEE needs no specialty; the profile map widens EKMP matching
    const d = assignExperts([item('1', 'MO1', '99', 'MEE')], experts, new Map([['C', 1]]));
    expect(Object.fromEntries(d.assigned)).toEqual({ '1': 'D' });
    const e = assignExperts([item('2', 'MO9', '99', 'EKMP', 60)], experts, new Map(), { '60': ['41'] });
    expect(Object.fromEntries(e.assigned)).toEqual({ '2': 'C' });
  });
});
