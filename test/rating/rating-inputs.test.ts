import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openTestDatabase, runCliCaptured, TEST_DATABASE_URL } from '../helpers/db.js';

const db = await openTestDatabase('ratin');
const env = { DATABASE_URL: TEST_DATABASE_URL, OMSX_DB_SCHEMA: db.schema };
const dir = await mkdtemp(join(tmpdir(), 'omsx-rating-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

type Out = { units: Array<{ unit: string; indicators: Record<string, { value: number | null; score: number }> }> };
const score = (o: Out, unit: string, k: string) => o.units.find((u) => u.unit === unit)!.indicators[k];

describe('omsx rating inputs', () => {
  it('an empty value is missing: scored 0 and left out of max/min (spec §3)', async () => {
    const input = join(dir, 'in.csv');
    // k41 is "+" (10·x/max), k13 is "−" (10·(max−x)/(max−min)); B has no value for either
    await writeFile(input, 'unit,indicator,value\nA,k41,40.67\nB,k41,\nC,k41,50\nA,k13,20\nB,k13,\nC,k13,40\n');
    const r = await runCliCaptured(['rating', '--catalog', 'oms-region-2009', '--input', input, '--json'], env);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const o = JSON.parse(r.out) as Out;
    expect(score(o, 'B', 'k41')).toEqual({ value: null, score: 0 });
    expect(score(o, 'A', 'k41').score).toBeCloseTo((10 * 40.67) / 50, 12);
    expect(score(o, 'C', 'k41').score).toBe(10);
    // max 40, min 20 over A and C only: A = 10·(40−20)/(40−20) = 10 (a missing B taken as 0 would give min 0 and A = 5)
    expect(score(o, 'A', 'k13').score).toBe(10);
    expect(score(o, 'C', 'k13').score).toBe(0);
    expect(score(o, 'B', 'k13')).toEqual({ value: null, score: 0 });
  });

  it('--from-db needs no --input; neither of them is one clear error', async () => {
    const r = await runCliCaptured(['rating', '--catalog', 'oms-region-2009', '--from-db', '--year', '2025', '--json'], env);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as Out).units.map((u) => u.unit)).toEqual(['region']);
    const none = await runCliCaptured(['rating', '--catalog', 'oms-region-2009'], env);
    expect(none.code).toBe(2);
    expect(none.err).toBe('omsx: give the indicators: --input <file>, --from-db, or both\n');
  });
});
