import { describe, expect, it } from 'vitest';
import { buildAppAs } from '../helpers/auth.js';
import { createDeps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { openTestDatabase, runCliCaptured, TEST_DATABASE_URL } from '../helpers/db.js';

const db = await openTestDatabase('planin');
const env = { DATABASE_URL: TEST_DATABASE_URL, OMSX_DB_SCHEMA: db.schema };

describe('omsx plan: the shipped example inputs, missing files, months in calendar order', () => {
  it('finance-mo reads data/planning/mo.json (hand-computed)', async () => {
    const r = await runCliCaptured(['plan', 'finance-mo', '--input', 'data/planning/mo.json'], env);
    expect(r.code).toBe(0);
    // 2150.40 × 25 000 × 1.08 × 1.113 = 64 621 670.40, of which 5 % bonus = 3 231 083.52;
    // units 12 000 × 378.10 + 3 500 × 1 859.50 = 11 045 450.00; KSG 25 986.70 × 0.87 = 22 608.43 × 140 = 3 165 180.20
    expect(JSON.parse(r.out)).toEqual({
      perCapita: '61390586.88',
      bonus: '3231083.52',
      units: '11045450.00',
      ksg: '3165180.20',
      total: '78832300.60',
    });
  });

  it('a file that is not there is one line naming it, exit 2, no stack trace', async () => {
    for (const argv of [
      ['plan', 'finance-mo', '--input', 'mo.json'],
      ['plan', 'fact', '--year', '2025', '--plan', 'plan.csv'],
      ['rating', '--catalog', 'oms-region-2009', '--input', 'nothing.csv'],
    ]) {
      const r = await runCliCaptured(argv, env);
      expect(r.code).toBe(2);
      expect(r.err).toBe(`omsx: cannot read ${argv.find((a) => a.includes('.'))}: no such file or directory\n`);
    }
    const notJson = await runCliCaptured(['plan', 'balance', '--input', 'data/planning/norms.csv'], env);
    expect(notJson.code).toBe(2);
    expect(notJson.err).toMatch(/^omsx: data\/planning\/norms.csv is not JSON: /);
  });

  it('split --by month lists the months 01…12 in calendar order', async () => {
    const r = await runCliCaptured(['plan', 'split', '--total', '100000000', '--by', 'month'], env);
    expect(r.code).toBe(0);
    const parts = JSON.parse(r.out) as Array<{ month: string; value: number }>;
    expect(parts.map((p) => p.month)).toEqual(['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12']);
    // 100 000 000 / 12 = 8 333 333 rest 4: the four extra kopecks to the first keys
    expect(parts.map((p) => p.value)).toEqual([...Array(4).fill(8333334), ...Array(8).fill(8333333)]);
    const q = await runCliCaptured(['plan', 'split', '--total', '10', '--by', 'quarter'], env);
    expect(JSON.parse(q.out)).toEqual([
      { quarter: 'Q1', value: 3 },
      { quarter: 'Q2', value: 3 },
      { quarter: 'Q3', value: 2 },
      { quarter: 'Q4', value: 2 },
    ]);
    const wrong = await runCliCaptured(['plan', 'split', '--total', '10', '--by', 'week'], env);
    expect(wrong.code).toBe(2);
  });

  it('POST /api/plans/split by month answers the months in calendar order', async () => {
    const deps = await createDeps(loadConfig({}), { db });
    const app = await buildAppAs(deps, { role: 'admin' });
    const r = await app.inject({ method: 'POST', url: '/api/plans/split', payload: { total: 1200 } });
    expect(r.statusCode).toBe(200);
    // the text itself: a JSON object keyed "01"…"12" would have put 10, 11, 12 first
    expect([...r.body.matchAll(/"month":"(\d\d)"/g)].map((m) => m[1])).toEqual(
      Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0')),
    );
    await app.close();
  });

  it('store, correct and show with the shipped plan and corrections', async () => {
    const s = await runCliCaptured(
      ['plan', 'store', '--year', '2025', '--lines', 'data/planning/plan.csv', '--author', 'tfoms', '--reason', 'initial plan'],
      env,
    );
    expect(s.code).toBe(0);
    const v1 = JSON.parse(s.out) as { id: string };
    const c = await runCliCaptured(
      ['plan', 'correct', '--id', v1.id, '--changes', 'data/planning/plan-corrections.csv', '--author', 'tfoms', '--reason', 'Q3 review'],
      env,
    );
    expect(c.err).toBe('');
    expect(c.code).toBe(0);
    const v2 = JSON.parse(c.out) as { lines: Array<{ mo: string; uslOk: number; volume: number }> };
    expect(v2.lines.find((l) => l.mo === '750002' && l.uslOk === 2)?.volume).toBe(18);
  });
});
