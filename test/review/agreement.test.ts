import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../helpers/db.js';
import { seedAgreementPeriod } from './agreement-fixture.js';
import { agreementReport } from '../../src/review/agreement.service.js';
import { loadConfig } from '../../src/config.js';
import type { AgreementGroup } from '../../src/review/agreement.js';

const db = await openTestDatabase('agreement');
await seedAgreementPeriod(db.sql);
const deps = { db, config: loadConfig({}) };
const period = { from: '2025-01', to: '2025-02' };
const Z = 1.959963984540054;

const find = (gs: AgreementGroup[], key: Record<string, unknown>) => gs.find((g) => JSON.stringify(g.key) === JSON.stringify(key))!;

describe('agreement on a hand-built period', () => {
  it('groups by arm: counts, hit rates with Wilson intervals, rubles, lift over random (Katz)', async () => {
    const r = await agreementReport(deps, { ...period, by: 'arm' });
    expect(r.money).toBe('rubles');
    expect(r.groups.map((g) => [g.key.arm, g.conclusions, g.reviewed, g.confirmed])).toEqual([
      ['model', 5, 5, 4],
      ['random', 10, 10, 3],
      ['trigger', 13, 8, 6],
      ['unknown', 1, 1, 0],
    ]);
    const random = find(r.groups, { arm: 'random' });
    expect(random.hit_rate).toBeCloseTo(0.3, 12);
    // Wilson 3/10: (0.3 + 1.92/10)/(1 + 3.84/10) ∓ …
    const centre = (0.3 + Z ** 2 / 20) / (1 + Z ** 2 / 10);
    const half = (Z / (1 + Z ** 2 / 10)) * Math.sqrt(0.021 + Z ** 2 / 400);
    expect(random.hit_rate_ci![0]).toBeCloseTo(centre - half, 12);
    expect(random.hit_rate_ci![1]).toBeCloseTo(centre + half, 12);
    expect([random.recovered, random.non_payment, random.fine]).toEqual([650, 600, 50]);
    expect(random.lift).toBeNull();
    const trigger = find(r.groups, { arm: 'trigger' });
    expect(trigger.recovered).toBe(6000);
    expect(trigger.recovered_per_review).toBe(750);
    // (6/8)/(3/10) = 2.5, se = √(1/6 − 1/8 + 1/3 − 1/10)
    expect(trigger.lift).toBeCloseTo(2.5, 12);
    expect(trigger.lift_ci![0]).toBeCloseTo(2.5 * Math.exp(-Z * Math.sqrt(0.275)), 12);
    expect(trigger.lift_ci![1]).toBeCloseTo(6.98737, 4);
    expect(find(r.groups, { arm: 'model' }).lift).toBeCloseTo(8 / 3, 12);
    expect(find(r.groups, { arm: 'unknown' }).lift).toBe(0);
    expect(find(r.groups, { arm: 'model' }).recovered).toBe(1640);
    // the region-level blocks: arms (same as by arm) and the total
    expect(r.arms).toEqual(r.groups);
    expect([r.total.conclusions, r.total.reviewed, r.total.confirmed, r.total.recovered]).toEqual([29, 24, 13, 8290]);
  });

  it('lift within the same other key (arm × smo); none where the random arm confirmed nothing', async () => {
    const r = await agreementReport(deps, { ...period, by: ['arm', 'smo'] });
    expect(r.groups.map((g) => [g.key.arm, g.key.smo, g.reviewed, g.confirmed])).toEqual([
      ['model', 'S1', 5, 4],
      ['random', 'S1', 5, 3],
      ['random', 'S2', 5, 0],
      ['trigger', 'S1', 4, 4],
      ['trigger', 'S2', 4, 2],
      ['unknown', 'S1', 1, 0],
    ]);
    expect(find(r.groups, { arm: 'trigger', smo: 'S1' }).lift).toBeCloseTo(1 / 0.6, 12);
    expect(find(r.groups, { arm: 'trigger', smo: 'S1' }).lift_ci![0]).toBeCloseTo((1 / 0.6) * Math.exp(-Z * Math.sqrt(1 / 3 - 1 / 5)), 12);
    expect(find(r.groups, { arm: 'trigger', smo: 'S2' }).lift).toBeNull();
    // the total is not grouped
    expect(r.total.reviewed).toBe(24);
  });

  it('the period filter: February alone holds random cases 6–10', async () => {
    const r = await agreementReport(deps, { from: '2025-02', to: '2025-02', by: 'arm' });
    expect(r.groups.map((g) => [g.key.arm, g.reviewed, g.confirmed])).toEqual([['random', 5, 0]]);
    const all = await agreementReport(deps, {});
    expect(all.total.reviewed).toBe(25); // case 41 of March counts without a filter
  });

  it('by expert (a conclusion counts for each of its experts) and by defect group (each group of its codes)', async () => {
    const e = await agreementReport(deps, { ...period, by: 'expert' });
    expect(e.groups.map((g) => [g.key.expert, g.conclusions, g.reviewed, g.confirmed])).toEqual([
      ['E1', 10, 10, 7],
      ['E2', 14, 13, 6],
      ['E3', 4, 4, 2],
      ['E4', 1, 1, 1],
      [null, 1, 1, 0],
    ]);
    const d = await agreementReport(deps, { ...period, by: 'defect_group' });
    expect(d.groups.map((g) => [g.key.defect_group, g.conclusions, g.reviewed, g.confirmed, g.recovered])).toEqual([
      ['2.15', 8, 6, 6, 6000],
      ['2.16', 2, 2, 2, 450],
      ['3.2', 6, 6, 6, 2190],
      [null, 14, 13, 0, 0],
    ]);
  });

  it('by model: every version that scored the case', async () => {
    const r = await agreementReport(deps, { ...period, by: 'model' });
    expect(r.groups.map((g) => [g.key.model, g.conclusions, g.reviewed, g.confirmed])).toEqual([
      ['m1', 29, 24, 13],
      ['m2', 10, 10, 3],
    ]);
  });

  it('Horvitz–Thompson total of defective cases and expert-vs-expert κ', async () => {
    const r = await agreementReport(deps, period);
    // 3/0.1 + 6 + 4 = 40; V = 3·0.9/0.01 = 270; case 31 has no propensity
    expect(r.defective_cases!.estimate).toBeCloseTo(40, 9);
    expect(r.defective_cases!.variance).toBeCloseTo(270, 9);
    expect(r.defective_cases!.ci[0]).toBeCloseTo(40 - Z * Math.sqrt(270), 9);
    expect([r.defective_cases!.sample, r.defective_cases!.unknown_propensity]).toEqual([23, 1]);
    // pairs 11 (Y,Y), 12 (Y,N), 13 (Y,Y), 17 (N,N); 14 left out (same expert). pₒ 3/4, pₑ 3/4·2/4 + 1/4·2/4 = 1/2 → κ 0.5
    expect(r.expert_agreement).toMatchObject({ n: 4, observed: 0.75 });
    expect(r.expert_agreement!.kappa).toBeCloseTo(0.5, 12);
  });

  it('model figures on the random arm, HT precision/recall at the threshold, PSI against the training window', async () => {
    const r = await agreementReport(deps, period);
    expect(r.models!.map((m) => [m.version, m.status, m.scored, m.random_cases, m.random_defective])).toEqual([
      ['m1', 'active', 24, 10, 3],
      ['m2', 'shadow', 10, 10, 3],
    ]);
    const m1 = r.models![0];
    expect(m1.threshold).toBe(0.5);
    // positives 0.95, 0.65, 0.45 against 7 negatives: 7 + 6 + 4.5 (a tie at 0.45) = 17.5 of 21
    expect(m1.roc_auc).toBeCloseTo(17.5 / 21, 12);
    expect(m1.pr_auc).toBeCloseTo(13 / 18, 12); // 1/3·1 + 1/3·2/3 + 1/3·1/2
    expect(m1.brier).toBeCloseTo(0.1705, 6); // scores are real: 6 places
    expect(m1.calibration.map((b) => b.n)).toEqual([1, 1, 1, 1, 2, 1, 1, 1, 0, 1]);
    expect(m1.calibration[4].observed).toBe(0.5);
    expect(m1.ece).toBeCloseTo(0.26, 6);
    // flag (1, 2, 4, 10) vs defect (1, 2, 3): [[2,2],[1,5]] → pₒ .7, pₑ .54, κ .16/.46
    expect(m1.kappa!.kappa).toBeCloseTo(0.16 / 0.46, 12);
    // per group: 2.16 on 1, 3 → [[1,3],[1,5]]; 3.2 on 2, 3 → the same table: κ 0.04/0.44
    expect(m1.kappa_by_defect_group.map((k) => k.defect_group)).toEqual(['2.16', '3.2']);
    for (const k of m1.kappa_by_defect_group) expect(k.kappa).toBeCloseTo(0.04 / 0.44, 12);
    // precision: Ŷ = 2/0.1 + 7 = 27 over X̂ = 4/0.1 + 9 = 49; only the random cases vary (weight 0.9/0.01 = 90)
    const p = 27 / 49;
    expect(m1.precision!.estimate).toBeCloseTo(p, 12);
    expect(m1.precision!.variance).toBeCloseTo((90 * (2 * (1 - p) ** 2 + 2 * p ** 2)) / 49 ** 2, 12);
    // recall: 27 over X̂ = 3/0.1 + 10 = 40; residuals 0.325 (×2), −0.675
    expect(m1.recall!.estimate).toBeCloseTo(0.675, 12);
    expect(m1.recall!.variance).toBeCloseTo((90 * (2 * 0.325 ** 2 + 0.675 ** 2)) / 1600, 12);
    expect(m1.recall!.ci[1]).toBe(1);
    // PSI: 10 of 24 period scores below 0.5, 14 above, against 60/40
    const a = [10 / 24, 14 / 24];
    expect(m1.psi).toBeCloseTo((a[0] - 0.6) * Math.log(a[0] / 0.6) + (a[1] - 0.4) * Math.log(a[1] / 0.4), 12);
    expect(m1.psi_level).toBe('watch');
    expect(m1.psi_reference).toBe('2024-11…2024-12');
    const m2 = r.models![1];
    expect([m2.roc_auc, m2.pr_auc]).toEqual([1, 1]);
    expect([m2.threshold, m2.kappa, m2.precision, m2.psi, m2.psi_reference]).toEqual([null, null, null, null, null]);
  });

  it('refuses an unknown dimension or a malformed period', async () => {
    await expect(agreementReport(deps, { by: 'arm,colour' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(agreementReport(deps, { from: '2025-13' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(agreementReport(deps, { from: '2025-09', to: '2025-07' })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringContaining('2025-09'),
    });
  });
});

const bare = await openTestDatabase('agreement_noscores');
await seedAgreementPeriod(bare.sql, false);

describe('agreement before the risk model exists', () => {
  it('model figures and the model key are null, the rest as with scores', async () => {
    expect(await bare.sql.query(`SELECT to_regclass('case_score') AS t`)).toEqual([{ t: null }]);
    const r = await agreementReport({ db: bare, config: loadConfig({}) }, { ...period, by: 'arm,model' });
    expect(r.models).toBeNull();
    expect(r.groups.map((g) => [g.key.arm, g.key.model, g.reviewed, g.confirmed])).toEqual([
      ['model', null, 5, 4],
      ['random', null, 10, 3],
      ['trigger', null, 8, 6],
      ['unknown', null, 1, 0],
    ]);
    expect(r.defective_cases!.estimate).toBeCloseTo(40, 9);
  });
});
