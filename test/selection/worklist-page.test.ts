/**
 * GET /api/worklists reads a page in one statement (the ids from worklist_item_page_idx, then only those items joined
 * to their cases): every sort pages through exactly the insurer's items, in the order of a plain ORDER BY over the
 * table, with the right total and the same lines as a direct join.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openTestDatabase } from '../helpers/db.js';
import { tempDir } from '../helpers/registers.js';
import { createDeps, type Deps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { buildAppAs } from '../helpers/auth.js';
import { ingestPackage } from '../../src/registers/ingest/ingest.service.js';
import { selectPeriod } from '../../src/selection/selection.service.js';

const db = await openTestDatabase('wlpage');
let deps: Deps;
let smo = '';

beforeAll(async () => {
  deps = await createDeps(loadConfig({ OMSX_HOME: tempDir() }), { db });
  const dir = 'data/sample/registers';
  for (const f of readdirSync(dir).sort()) await ingestPackage(deps, [join(dir, f)], { workers: false });
  await selectPeriod(deps, { year: 2025, month: 8, seed: 3 });
  [{ smo }] = await db.sql.query<{ smo: string }>(
    `SELECT smo FROM worklist_item WHERE year = 2025 AND month = 8 GROUP BY smo ORDER BY count(*) DESC LIMIT 1`,
  );
}, 240_000);

const ORDERS: Record<string, string> = {
  '': 'smo, control, rank NULLS FIRST, id',
  rank: 'rank ASC NULLS LAST, id',
  '-score': 'score DESC NULLS LAST, id',
  propensity: 'propensity ASC NULLS LAST, id',
  '-expected_amount': 'expected_amount_kop DESC NULLS LAST, id',
  case: 'case_id ASC NULLS LAST, id',
};

describe('worklist pages', () => {
  it('every sort pages through exactly the insurer’s items in ORDER BY order, with the total', async () => {
    const app = await buildAppAs(deps, { role: 'smo_coordinator', smo });
    for (const [sort, order] of Object.entries(ORDERS)) {
      for (const control of ['', 'EKMP']) {
        const want = (
          await db.sql.query<{ item: string }>(
            `SELECT id::text AS item FROM worklist_item WHERE year = 2025 AND month = 8 AND smo = $1 AND ($2 = '' OR control = $2) ORDER BY ${order}`,
            [smo, control],
          )
        ).map((r) => r.item);
        expect(want.length).toBeGreaterThan(7);
        const got: string[] = [];
        for (let page = 1; page <= Math.ceil(want.length / 7) + 1; page++) {
          const q = new URLSearchParams({
            period: '2025-08',
            page: String(page),
            pageSize: '7',
            ...(sort && { sort }),
            ...(control && { control }),
          });
          const r = await app.inject({ method: 'GET', url: `/api/worklists?${q}` });
          expect(r.statusCode).toBe(200);
          const body = r.json<{ total: number; items: { id: string }[] }>();
          expect(body.total).toBe(want.length);
          got.push(...body.items.map((x) => x.id));
        }
        expect(got, `sort "${sort}", control "${control}"`).toEqual(want);
      }
    }
    await app.close();
  });

  it('a line is the item with its case and file, as a direct join gives it; another insurer’s items never appear', async () => {
    const app = await buildAppAs(deps, { role: 'smo_coordinator', smo });
    const r = await app.inject({ method: 'GET', url: '/api/worklists?period=2025-08&sort=-score&pageSize=1000' });
    const items = r.json<{ items: Record<string, unknown>[] }>().items;
    expect(items.every((x) => x.smo === smo)).toBe(true);
    const direct = await db.sql.query<Record<string, unknown>>(
      `SELECT i.id::text, i.case_id::text, f.file_name AS file, c.n_zap, c.idcase, i.code_mo AS mo, i.usl_ok, i.arm, i.score, i.p_defect,
              (i.expected_amount_kop / 100.0)::numeric(15, 2)::text AS expected_amount, i.rank, i.reasons, i.state
         FROM worklist_item i JOIN "case" c ON c.id = i.case_id JOIN register_file f ON f.id = c.register_file_id
        WHERE i.year = 2025 AND i.month = 8 AND i.smo = $1 ORDER BY i.score DESC NULLS LAST, i.id`,
      [smo],
    );
    expect(items).toHaveLength(direct.length);
    for (const [i, d] of direct.entries()) expect(items[i]).toMatchObject(d);
    expect(Object.keys(items[0])).not.toContain('k_id');
    await app.close();
  });

  it('a list’s total is reused for OMSX_WORKLIST_COUNT_SECONDS; a write through the service counts it afresh at once', async () => {
    const quick = await createDeps(loadConfig({ OMSX_HOME: tempDir(), OMSX_WORKLIST_COUNT_SECONDS: '1' }), { db });
    const app = await buildAppAs(quick, { role: 'smo_coordinator', smo });
    const page = async () => {
      const r = await app.inject({ method: 'GET', url: '/api/worklists?period=2025-08&state=selected&pageSize=1000' });
      expect(r.statusCode).toBe(200);
      const body = r.json<{ total: number; items: unknown[] }>();
      return [body.total, body.items.length];
    };
    const selected = async () =>
      (
        await db.sql.query<{ id: string }>(
          `SELECT id::text FROM worklist_item WHERE year = 2025 AND month = 8 AND smo = $1 AND state = 'selected' ORDER BY id`,
          [smo],
        )
      ).map((r) => r.id);
    const all = await selected();
    expect(await page()).toEqual([all.length, all.length]);
    // another process (the CLI, the worker) takes an item into review: the items show it, the total within a second
    const taken = [all[0], all[1]];
    try {
      await db.sql.query(`UPDATE worklist_item SET state = 'in_review' WHERE id = $1::bigint`, [taken[0]]);
      expect(await page()).toEqual([all.length, all.length - 1]);
      await new Promise((r) => setTimeout(r, 1100));
      expect(await page()).toEqual([all.length - 1, all.length - 1]);
      // a state-changing request through the service (whatever it answers) makes the next total a fresh count
      await db.sql.query(`UPDATE worklist_item SET state = 'in_review' WHERE id = $1::bigint`, [taken[1]]);
      expect(await page()).toEqual([all.length - 1, all.length - 2]);
      const write = await app.inject({ method: 'POST', url: `/api/worklists/items/${taken[1]}/review` });
      expect(write.statusCode).toBeLessThan(500);
      expect(await page()).toEqual([all.length - 2, all.length - 2]);
    } finally {
      await db.sql.query(`UPDATE worklist_item SET state = 'selected' WHERE id = ANY($1::bigint[])`, [taken]);
    }
    await app.close();
  });
});
