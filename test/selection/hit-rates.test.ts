/**
 * Expected against realised hit rate per period, control and arm: the sample's August 2025 scored by the baseline
 * model and selected; conclusions entered for some items of the model and random arms (defects on some); the figures
 * are checked against sums taken by hand from the items, the CLI prints them, and the API answers the same.
 */
import { describe, expect, it } from 'vitest';
import { openTestDatabase, runCliCaptured, TEST_DATABASE_URL } from '../helpers/db.js';
import { tempDir } from '../helpers/registers.js';
import { createDeps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { computeFeatures } from '../../src/features/features.service.js';
import { scorePeriod } from '../../src/scoring/scores.service.js';
import { selectPeriod } from '../../src/selection/selection.service.js';
import { postConclusions } from '../../src/review/conclusions-api.service.js';
import { setFineNorm } from '../../src/review/fine-norm.service.js';
import { selectionHitRates } from '../../src/selection/hit-rates.service.js';
import { hitRateLines } from '../../src/selection/hit-rates.js';
import { ingestSampleMonth } from '../e2e/harness.js';

const db = await openTestDatabase('hit_rates');

describe('hit-rate lines (pure)', () => {
  it('realised = confirmed / concluded with its Wilson interval, expected = mean p of the concluded, gap = their difference', () => {
    const [l] = hitRateLines([
      {
        period: '2025-08',
        control: 'MEE',
        arm: 'model',
        selected: 10,
        concluded: 4,
        confirmed: 1,
        pSumSelected: 3,
        pCountSelected: 10,
        pSumConcluded: 1.6,
        pCountConcluded: 4,
        recoveredKop: 123_45,
      },
    ]);
    expect(l.realised).toBe(0.25);
    expect(l.expected).toBeCloseTo(0.4, 12);
    expect(l.expected_selected).toBeCloseTo(0.3, 12);
    expect(l.gap).toBeCloseTo(-0.15, 12);
    expect(l.recovered).toBe(123.45);
    // Wilson 95 % for 1 of 4, by hand: centre (0.25 + 1.9208/4)/(1 + 3.8415/4) = 0.37246, half 0.32689
    expect(l.realised_ci![0]).toBeCloseTo(0.0456, 3);
    expect(l.realised_ci![1]).toBeCloseTo(0.6993, 3);
    const [none] = hitRateLines([
      {
        ...{ period: '2025-08', control: 'MEE', arm: 'random' },
        selected: 3,
        concluded: 0,
        confirmed: 0,
        pSumSelected: 0,
        pCountSelected: 0,
        pSumConcluded: 0,
        pCountConcluded: 0,
        recoveredKop: 0,
      },
    ]);
    expect(none).toMatchObject({ realised: null, realised_ci: null, expected: null, expected_selected: null, gap: null });
  });
});

describe('expected and realised hit rate of the arms, on PostgreSQL', () => {
  it('adds up the items and their conclusions per period × control × arm', { timeout: 240_000 }, async () => {
    const deps = await createDeps(loadConfig({ OMSX_HOME: tempDir() }), { db });
    await ingestSampleMonth(deps, '2508');
    await computeFeatures(deps, { year: 2025, month: 8 });
    await scorePeriod(deps, { year: 2025, month: 8 });
    const sel = await selectPeriod(deps, { year: 2025, month: 8, seed: 1 });
    expect(sel.ranking).toBe('model');
    // three model-arm and two random-arm MEE items concluded: the first of each arm with a defect
    const items = await db.sql.query<{ case_id: string; arm: string; p_defect: number }>(
      `(SELECT case_id::text, arm, p_defect FROM worklist_item WHERE control = 'MEE' AND arm = 'model' ORDER BY id LIMIT 3)
       UNION ALL (SELECT case_id::text, arm, p_defect FROM worklist_item WHERE control = 'MEE' AND arm = 'random' ORDER BY id LIMIT 2)`,
    );
    expect(items.filter((i) => i.arm === 'model')).toHaveLength(3);
    expect(items.filter((i) => i.arm === 'random')).toHaveLength(2);
    await setFineNorm(deps, 2025, 1000_00, 'test');
    const firstOf = new Set(['model', 'random'].map((a) => items.find((i) => i.arm === a)!.case_id));
    await postConclusions(
      deps,
      items.map((i) => ({
        case_id: i.case_id,
        control: 'MEE' as const,
        result: firstOf.has(i.case_id) ? ('defect' as const) : ('no_defect' as const),
        f014: firstOf.has(i.case_id) ? [252] : undefined,
        s_sum: firstOf.has(i.case_id) ? '100.00' : undefined,
        num_act: 'A-1',
      })),
      'test',
    );
    const lines = await selectionHitRates(deps, { from: '2025-08', to: '2025-08' });
    const [{ n: modelItems }] = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM worklist_item WHERE control = 'MEE' AND arm = 'model'`,
    );
    const model = lines.find((l) => l.control === 'MEE' && l.arm === 'model')!;
    const random = lines.find((l) => l.control === 'MEE' && l.arm === 'random')!;
    expect(model).toMatchObject({ period: '2025-08', selected: modelItems, concluded: 3, confirmed: 1 });
    expect(model.realised).toBeCloseTo(1 / 3, 12);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(model.expected).toBeCloseTo(mean(items.filter((i) => i.arm === 'model').map((i) => i.p_defect)), 6);
    expect(model.gap).toBeCloseTo(model.realised! - model.expected!, 12);
    expect(random).toMatchObject({ concluded: 2, confirmed: 1, realised: 0.5 });
    // the amount withheld of the confirmed defect counts as recovered (the fine may add to it)
    expect(model.recovered).toBeGreaterThanOrEqual(100);
    // every line against a count taken another way (the sample's own returned registers carry SANK: some trigger
    // items had conclusions before any was entered here)
    const check = await db.sql.query<{ control: string; arm: string; selected: number; concluded: number; confirmed: number }>(
      `SELECT i.control, i.arm, count(*)::int AS selected,
              (count(*) FILTER (WHERE EXISTS (SELECT 1 FROM conclusion c WHERE c.case_id = i.case_id AND c.control = i.control)))::int AS concluded,
              (count(*) FILTER (WHERE EXISTS (SELECT 1 FROM conclusion c WHERE c.case_id = i.case_id AND c.control = i.control AND c.defect)))::int AS confirmed
         FROM worklist_item i GROUP BY 1, 2`,
    );
    expect(lines).toHaveLength(check.length);
    for (const c of check) expect(lines.find((l) => l.control === c.control && l.arm === c.arm)).toMatchObject(c);
    // periods outside the range: nothing
    expect(await selectionHitRates(deps, { from: '2025-09' })).toEqual([]);
    await expect(selectionHitRates(deps, { from: '2025-09', to: '2025-08' })).rejects.toThrow(/after/);

    const cli = await runCliCaptured(['worklist', 'hit-rates', '--from', '2025-08', '--json'], {
      DATABASE_URL: TEST_DATABASE_URL,
      OMSX_DB_SCHEMA: db.schema,
    });
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.out)).toEqual({ lines: JSON.parse(JSON.stringify(lines)) });
    const table = await runCliCaptured(['worklist', 'hit-rates'], { DATABASE_URL: TEST_DATABASE_URL, OMSX_DB_SCHEMA: db.schema });
    expect(table.out).toMatch(/2025-08 MEE\s+model\s+\d+\s+3\s+1\s+33\.3 %/);
  });
});
