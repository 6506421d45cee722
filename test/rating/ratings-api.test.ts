import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../helpers/db.js';
import { createDeps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { buildAppAs } from '../helpers/auth.js';

const db = await openTestDatabase('ratings');
const app = await buildAppAs(await createDeps(loadConfig({}), { db }), { role: 'tfoms' });

describe('ratings API', () => {
  it('POST computes and stores a run; GET returns it with the catalogue hash; export as CSV and XLSX', async () => {
    const rows = [
      { unit: 'A', indicator: 'k41', value: 40.67 },
      { unit: 'B', indicator: 'k41', value: 78.66 },
      { unit: 'A', indicator: 'k42', numerator: 12, denominator: 100 },
      { unit: 'B', indicator: 'k42', value: 100 },
    ];
    const r = await app.inject({
      method: 'POST',
      url: '/api/ratings',
      payload: { catalog: 'oms-region-2009', rows },
    });
    expect(r.statusCode).toBe(201);
    const body = r.json();
    expect(body.units[0]).toMatchObject({ unit: 'B', rank: 1 });
    const got = await app.inject({
      method: 'GET',
      url: `/api/ratings/${body.id}`,
    });
    expect(got.json()).toMatchObject({
      id: body.id,
      catalog: 'oms-region-2009',
      inputs: { rows },
    });
    expect(got.json().catalogVersion).toMatch(/^[0-9a-f]{64}$/);
    expect(got.json().outputs.units.find((u: { unit: string }) => u.unit === 'A').directions['4']).toBeCloseTo(
      0.7 * (406.7 / 78.66) + 0.36,
      12,
    );
    const csv = await app.inject({
      method: 'GET',
      url: `/api/ratings/${body.id}/export?format=csv`,
    });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\n')[0]).toMatch(/^rank,unit,direction_1/);
    expect(csv.body).toContain('1,B,');
    const xlsx = await app.inject({
      method: 'GET',
      url: `/api/ratings/${body.id}/export?format=xlsx`,
    });
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
  it('bad input: unknown catalogue 404, unknown indicator 400 naming the row', async () => {
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/ratings',
          payload: { catalog: 'nope', rows: [] },
        })
      ).statusCode,
    ).toBe(404);
    const r = await app.inject({
      method: 'POST',
      url: '/api/ratings',
      payload: {
        catalog: 'oms-region-2009',
        rows: [{ unit: 'A', indicator: 'k99', value: 1 }],
      },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().message).toMatch(/row 1: indicator "k99"/);
    expect((await app.inject({ method: 'GET', url: '/api/ratings/424242' })).statusCode).toBe(404);
  });
});
