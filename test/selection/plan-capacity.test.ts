/**
 * The expert capacity a re-run caps the planned quotas by: the mandatory items an earlier run kept (assigned, in
 * review, concluded) take capacity as much as this run's. They were left out, so `omsx select` run again after
 * `--assign` on the same input raised the quotas it had capped (a generated region, 2025-09: MEE inpatient 12 → 14)
 * and added items no expert had room for.
 */
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/selection/config.js';
import { planSelection, type PlanInput } from '../../src/selection/plan.js';
import type { KeptItem } from '../../src/selection/worklists.repo.js';
import { mk } from './facts.helper.js';

// 100 outpatient cases (MEE 0.8 % → planned 1; EKMP 0.5 % → 1) and 100 inpatient ones (MEE 8 % → 8; EKMP 5 % → 5)
const cases = [
  ...Array.from({ length: 100 }, (_, i) => mk({ sumKop: 100_00 + i })),
  ...Array.from({ length: 100 }, (_, i) => mk({ uslOk: 1, sumKop: 200_00 + i })),
];
// five inpatient cases a mandatory rule takes for MEE (F006 54)
const hits = cases.slice(100, 105).map((c) => ({ caseId: c.id, f006: 54, reason: 'test trigger' }));
const input = (kept: KeptItem[], concluded: ReadonlySet<string> = new Set()): PlanInput => ({
  year: 2025,
  month: 8,
  seed: 1,
  cases,
  hits,
  manual: [],
  kept,
  concluded,
  ranking: { kind: 'rules', rules: new Map() },
  capacity: new Map([['MEE', 10]]),
  config: resolveConfig(),
  control: 'MEE',
});
const quotas = (p: ReturnType<typeof planSelection>) => p.summaries.map((s) => [s.usl_ok, s.quota]);

describe('planned quotas capped by the expert capacity', () => {
  it('a re-run after assignment keeps the quotas: the kept mandatory items still take their capacity', () => {
    const first = planSelection(input([]));
    // capacity 10 − 5 mandatory = 5 for a planned demand of 8 + 1, shared by largest remainder
    expect(quotas(first)).toEqual([
      [1, 4],
      [3, 1],
    ]);
    expect(first.items.length).toBe(10);
    // every item assigned, so kept by the re-run
    const kept: KeptItem[] = first.items.map((i) => ({
      caseId: i.caseId,
      control: i.control,
      arm: i.arm,
      smo: i.smo,
      uslOk: i.uslOk,
      holdsExpert: true,
    }));
    const again = planSelection(input(kept));
    expect(quotas(again)).toEqual(quotas(first));
    expect(again.items).toEqual([]);
  });
});

/**
 * Mandatory cases whose conclusion of the control is known before the selection: their items are still written (the
 * database creates them concluded), but they take no expert capacity, and a re-run that keeps them (concluded, no
 * expert) draws the planned arms as the first run did.
 */
describe('items whose conclusion is known already', () => {
  const concluded = new Set(hits.map((h) => `${h.caseId}/MEE`));
  const keptOf = (i: ReturnType<typeof planSelection>['items'][number], holdsExpert: boolean): KeptItem => ({
    caseId: i.caseId,
    control: i.control,
    arm: i.arm,
    smo: i.smo,
    uslOk: i.uslOk,
    holdsExpert,
  });

  it('take no expert capacity: the planned quotas are not capped for them, the mandatory items are still selected', () => {
    const plan = planSelection(input([], concluded));
    // capacity 10 − 0 for a planned demand of 8 + 1: not capped
    expect(quotas(plan)).toEqual([
      [1, 8],
      [3, 1],
    ]);
    expect(plan.items.filter((i) => i.arm === 'trigger').map((i) => i.caseId)).toEqual(hits.map((h) => h.caseId).sort());
    expect(plan.items.length).toBe(14);
  });

  it('a re-run keeping them and the planned items concluded without an expert changes nothing', () => {
    const first = planSelection(input([], concluded));
    const planned = first.items.filter((i) => i.arm === 'model' || i.arm === 'random');
    // the five mandatory items and two planned ones (one of each arm) are concluded, nobody holds them
    const free = [
      ...first.items.filter((i) => i.arm === 'trigger'),
      planned.find((i) => i.arm === 'random')!,
      planned.find((i) => i.arm === 'model')!,
    ];
    const again = planSelection(
      input(
        free.map((i) => keptOf(i, false)),
        concluded,
      ),
    );
    expect(quotas(again)).toEqual(quotas(first));
    // the rest written again exactly as before (same draw, same propensities), nothing written twice
    expect(again.items).toEqual(first.items.filter((i) => !free.includes(i)));
  });

  it('a kept mandatory item an expert holds still takes capacity', () => {
    const first = planSelection(input([], concluded));
    const held = first.items.filter((i) => i.arm === 'trigger').map((i) => keptOf(i, true));
    expect(quotas(planSelection(input(held, concluded)))).toEqual([
      [1, 4],
      [3, 1],
    ]);
  });
});
