/**
 * A worklist item whose case already has a conclusion of the item's control (a CSV import, the API, a register's
 * SANK) when selection creates it: created `concluded`, never given to an expert, taking no expert capacity, and a
 * re-run changes nothing. It was created `selected` and assigned to an expert again (generated region, 2025-10: 52
 * items, 45 of them death-trigger EKMP cases), and never became concluded: the trigger of 0340 fires only on a
 * conclusion inserted after its item. On the sample region in PostgreSQL; the triggers alone also on PGlite.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, openTestPglite } from '../helpers/db.js';
import { tempDir } from '../helpers/registers.js';
import { loadSampleForSelection } from '../helpers/sample-selection.js';
import type { Database } from '../../src/db/database.js';
import { createDeps, type Deps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { assignPeriod, selectPeriod } from '../../src/selection/selection.service.js';
import { selectionHitRates } from '../../src/selection/hit-rates.service.js';

const db = await openTestDatabase('known_conclusion');
const lite = await openTestPglite();
let deps: Deps;

interface Item {
  id: string;
  case_id: string;
  control: string;
  s_tip: number;
  arm: string;
  rank: number | null;
  propensity: number;
  state: string;
  expert_code: string | null;
}
const items = async (d: Database = db) =>
  d.sql.query<Item>(
    `SELECT id::text, case_id::text, control, s_tip, arm, rank, propensity, state, expert_code FROM worklist_item
      WHERE year = 2025 AND month = 8 ORDER BY case_id, control`,
  );
let nat = 0;
/** A conclusion as an import writes it (arm unknown). */
const conclude = (d: Database, caseId: string, control: string, sTip: number) =>
  d.sql.query(
    `INSERT INTO conclusion (case_id, s_tip, control, defect, f014, amount_kop, fine_kop, experts, arm, source, nat_key, year, month, code_mo)
     VALUES ($1, $2, $3, true, '{262}', 100, 0, '{E50001}', 'unknown', 'csv', $4, 2025, 8, '750001')`,
    [caseId, sTip, control, `known-${++nat}`],
  );
const conclusionOf = async (d: Database, caseId: string, control: string) =>
  (
    await d.sql.query<{ arm: string; reason: string | null; propensity: number | null }>(
      `SELECT arm, reason, propensity FROM conclusion WHERE case_id = $1 AND control = $2`,
      [caseId, control],
    )
  )[0];
const ekmpQuota = (r: Awaited<ReturnType<typeof selectPeriod>>) =>
  r.worklists.filter((w) => w.control === 'EKMP').reduce((s, w) => s + w.quota, 0);
const clear = () => db.sql.exec(`DELETE FROM worklist_item; DELETE FROM worklist; DELETE FROM conclusion;`);

beforeAll(async () => {
  deps = await createDeps(loadConfig({ OMSX_HOME: tempDir() }), { db });
  await loadSampleForSelection(deps);
}, 180_000);

describe('selection of a case whose conclusion is known', () => {
  it('an EKMP death-trigger item is created concluded and unassigned, takes no capacity; a re-run changes nothing', async () => {
    // the lists without any conclusion: the death-trigger (F006 72) EKMP items and the planned demand
    const plain = await selectPeriod(deps, { year: 2025, month: 8, seed: 1 });
    const deaths = (await items()).filter((i) => i.control === 'EKMP' && i.arm === 'trigger' && i.s_tip === 72);
    expect(deaths.length).toBeGreaterThanOrEqual(2);
    const mandatory = (await items()).filter((i) => i.control === 'EKMP' && (i.arm === 'trigger' || i.arm === 'manual')).length;
    const demand = plain.worklists.filter((w) => w.control === 'EKMP').reduce((s, w) => s + w.planned, 0);
    expect(demand).toBeGreaterThanOrEqual(4);
    // one EKMP expert with room for the mandatory items and half the planned demand: the cap binds
    const room = mandatory + Math.floor(demand / 2);
    await db.sql.query(`UPDATE expert SET capacity = CASE WHEN code = 'E50005' THEN $1 ELSE 0 END WHERE 'EKMP' = ANY(controls)`, [room]);
    await clear();
    const capped = await selectPeriod(deps, { year: 2025, month: 8, seed: 1 });
    expect(ekmpQuota(capped)).toBe(room - mandatory);
    const cappedItems = await items();
    await clear();

    // two death cases concluded before the selection (as the CSV import writes them)
    const known = deaths.slice(0, 2);
    for (const d of known) await conclude(db, d.case_id, 'EKMP', 72);
    const first = await selectPeriod(deps, { year: 2025, month: 8, seed: 1 });
    const after = await items();
    for (const d of known) {
      expect(after.find((i) => i.case_id === d.case_id && i.control === 'EKMP')).toMatchObject({
        arm: 'trigger',
        s_tip: 72,
        state: 'concluded',
        expert_code: null,
      });
      // the known verdict becomes the item's label
      expect(await conclusionOf(db, d.case_id, 'EKMP')).toEqual({ arm: 'trigger', reason: 'trigger:72', propensity: 1 });
    }
    // selection itself unchanged: the same mandatory items and the same MEE lists as without the conclusions
    const same = (list: Item[]) =>
      list
        .filter((i) => i.control === 'MEE' || i.arm === 'trigger' || i.arm === 'manual')
        .map((i) => [i.case_id, i.control, i.arm, i.s_tip, i.rank, i.propensity]);
    expect(same(after)).toEqual(same(cappedItems));
    // they take no capacity: the two places go to the planned arms
    expect(ekmpQuota(first)).toBe(room - mandatory + known.length);
    expect(after.filter((i) => i.state === 'concluded').length).toBe(known.length);

    // a re-run on the same input changes nothing
    const again = await selectPeriod(deps, { year: 2025, month: 8, seed: 1 });
    // (the items still `selected` are written again, under new ids)
    const content = (list: Item[]) => list.map(({ id: _, ...rest }) => rest);
    expect(content(await items())).toEqual(content(after));
    expect(again.worklists.map((w) => [w.smo, w.control, w.usl_ok, w.quota])).toEqual(
      first.worklists.map((w) => [w.smo, w.control, w.usl_ok, w.quota]),
    );

    // assignment passes them by and counts them nowhere
    await assignPeriod(deps, { year: 2025, month: 8 });
    const assigned = await items();
    for (const d of known)
      expect(assigned.find((i) => i.case_id === d.case_id && i.control === 'EKMP')).toMatchObject({
        state: 'concluded',
        expert_code: null,
      });
    const load = assigned.filter((i) => i.expert_code === 'E50005').length;
    expect(load).toBeLessThanOrEqual(room);
    // the hit rates count them concluded, as their state says
    const [trig] = (await selectionHitRates(deps, { from: '2025-08', to: '2025-08' })).filter(
      (l) => l.control === 'EKMP' && l.arm === 'trigger',
    );
    expect(trig.concluded).toBe(known.length);

    // and a re-run after the assignment keeps the quotas
    const third = await selectPeriod(deps, { year: 2025, month: 8, seed: 1 });
    expect(ekmpQuota(third)).toBe(ekmpQuota(first));
  });

  it('a re-run closes an item an earlier run gave to an expert although its conclusion was known', async () => {
    await clear();
    await selectPeriod(deps, { year: 2025, month: 8, seed: 1, assign: true });
    const it0 = (await items()).find((i) => i.control === 'EKMP' && i.state === 'assigned')!;
    expect(it0).toBeDefined();
    // a conclusion the trigger did not see (as with items created before migration 0750 for a known conclusion)
    await db.sql.exec(`ALTER TABLE conclusion DISABLE TRIGGER conclusion_closes_worklist_item`);
    try {
      await conclude(db, it0.case_id, 'EKMP', it0.s_tip);
    } finally {
      await db.sql.exec(`ALTER TABLE conclusion ENABLE TRIGGER conclusion_closes_worklist_item`);
    }
    expect((await items()).find((i) => i.id === it0.id)!.state).toBe('assigned');
    await selectPeriod(deps, { year: 2025, month: 8, seed: 1 });
    expect((await items()).find((i) => i.id === it0.id)).toMatchObject({ state: 'concluded', expert_code: null, arm: it0.arm });
    expect((await conclusionOf(db, it0.case_id, 'EKMP')).arm).toBe(it0.arm);
  });
});

/** The triggers alone, on both databases: an item inserted after its conclusion, and a conclusion after its item. */
describe.each([
  ['PostgreSQL', () => db],
  ['PGlite', () => lite],
])('the conclusion triggers on %s', (_name, get) => {
  it('an item is concluded whichever of it and its conclusion comes first; another control leaves it open', async () => {
    const d = get();
    const [w] = await d.sql.query<{ id: string }>(
      `INSERT INTO worklist (year, month, smo, control, usl_ok, quota, cases, seed) VALUES (2030, 1, '75001', 'EKMP', 1, 0, 0, 1)
       RETURNING id::text`,
    );
    const insertItem = (caseId: number, control: string) =>
      d.sql.query<{ state: string; expert_code: string | null }>(
        `INSERT INTO worklist_item (worklist_id, case_id, control, s_tip, arm, reason, propensity, expert_code, year, month, smo, code_mo)
         VALUES ($1, $2, $3, 72, 'random', 'random', 0.25, 'E1', 2030, 1, '75001', '750001') RETURNING state, expert_code`,
        [w.id, caseId, control],
      );
    await conclude(d, '990001', 'EKMP', 72);
    await conclude(d, '990002', 'MEE', 50);
    expect(await insertItem(990001, 'EKMP')).toEqual([{ state: 'concluded', expert_code: null }]);
    expect(await conclusionOf(d, '990001', 'EKMP')).toEqual({ arm: 'random', reason: 'random', propensity: 0.25 });
    // a conclusion of MEE does not close the EKMP item
    expect(await insertItem(990002, 'EKMP')).toEqual([{ state: 'selected', expert_code: 'E1' }]);
    expect((await conclusionOf(d, '990002', 'MEE')).arm).toBe('unknown');
    // the other way round, as before
    await conclude(d, '990002', 'EKMP', 72);
    const [s] = await d.sql.query<{ state: string }>(`SELECT state FROM worklist_item WHERE case_id = 990002 AND control = 'EKMP'`);
    expect(s.state).toBe('concluded');
    await d.sql.exec(`DELETE FROM worklist WHERE year = 2030; DELETE FROM conclusion WHERE case_id >= 990001;`);
  });
});
