// Selection ranked by an active model version's scores, and conclusions that meet its items, on the sample region.
import { beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../helpers/db.js';
import { tempDir } from '../helpers/registers.js';
import { loadSampleForSelection, worklistItems } from '../helpers/sample-selection.js';
import { createDeps, type Deps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { selectPeriod } from '../../src/selection/selection.service.js';

const db = await openTestDatabase('selection_model');
let deps: Deps;
const items = (month: number) => worklistItems(db, month);

beforeAll(async () => {
  deps = await createDeps(loadConfig({ OMSX_HOME: tempDir() }), { db });
  await loadSampleForSelection(deps);
}, 180_000);

describe('model scores and conclusions', () => {
  it("ranks by the active model version's expected value when the period has scores", async () => {
    // the tables of 0330_model (branch model) as that migration creates them, when it is not merged here
    await db.sql.exec(`
      CREATE TABLE IF NOT EXISTS model_version (version text PRIMARY KEY, status text NOT NULL DEFAULT 'shadow', spec_version text NOT NULL,
        kind text NOT NULL, created_at timestamptz(3) NOT NULL DEFAULT now(), promoted_at timestamptz(3), retired_at timestamptz(3),
        train_from text NOT NULL, train_to text NOT NULL, threshold real, card jsonb NOT NULL, score_hist jsonb, onnx_sha256 text NOT NULL);
      CREATE TABLE IF NOT EXISTS case_score (case_id bigint NOT NULL, model_version text NOT NULL REFERENCES model_version (version),
        year int NOT NULL, month int NOT NULL, smo text, code_mo text NOT NULL, usl_ok int, p_defect real NOT NULL,
        expected_amount_kop bigint NOT NULL, reasons jsonb NOT NULL DEFAULT '[]', scored_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, model_version));`);
    await db.sql.query(
      `INSERT INTO model_version (version, status, spec_version, kind, promoted_at, train_from, train_to, card, onnx_sha256)
       VALUES ('m-test', 'active', 'f1', 'gbm', now(), '2025-07', '2025-08', '{}', '0')`,
    );
    // p rises with the case id; the expected amount is as scoring writes it, p × sum × K_NO with K_NO 1 or 0.3 by case
    // id, so ranking by p × that amount (p² × …) orders some cases differently from ranking by the amount itself
    await db.sql.query(
      `INSERT INTO case_score (case_id, model_version, year, month, smo, code_mo, usl_ok, p_defect, expected_amount_kop, reasons)
       SELECT c.id, 'm-test', c.year, c.month, coalesce(c.smo, c.plat), c.code_mo, c.usl_ok, ((c.id % 97) + 1) / 100.0,
              round(((c.id % 97) + 1) / 100.0 * c.sumv * 100 * (CASE WHEN c.id % 2 = 0 THEN 1 ELSE 0.3 END))::bigint,
              '[{"feature":"kd_z","text":"длительность","f014_group":"2","weight":0.4}]'::jsonb
         FROM "case" c JOIN register_file f ON f.id = c.register_file_id WHERE f.year = 2025 AND f.month = 9 AND c.status = 'accepted'`,
    );
    const r = await selectPeriod(deps, { year: 2025, month: 9, seed: 3 });
    expect(r).toMatchObject({ ranking: 'model', model_version: 'm-test' });
    const model = await db.sql.query<{
      case_id: string;
      rank: number;
      score: number;
      p_defect: number;
      expected_amount_kop: string;
      reasons: { feature: string }[];
      smo: string;
      control: string;
      usl_ok: number;
    }>(
      `SELECT case_id::text, rank, score, p_defect, expected_amount_kop::text, reasons, smo, control, usl_ok FROM worklist_item WHERE month = 9 AND arm = 'model' ORDER BY rank`,
    );
    expect(model.length).toBeGreaterThan(0);
    const s = await db.sql.query<{ id: string; p: number; a: string }>(
      `SELECT case_id::text AS id, p_defect AS p, expected_amount_kop::text AS a FROM case_score`,
    );
    const byId = new Map(s.map((x) => [x.id, x]));
    for (const m of model) {
      const sc = byId.get(m.case_id)!;
      expect(m.p_defect).toBeCloseTo(sc.p, 6);
      // the model arm ranks by the expected value P(defect) × the amount withheld (selection.md §3): the score's expected
      // amount as it is, not p times it again; the item keeps that amount
      expect(m.score).toBe(Number(sc.a));
      expect(m.expected_amount_kop).toBe(sc.a);
      expect(m.reasons[0].feature).toBe('kd_z');
    }
    // within a list the model arm holds the best-ranked cases (rank 1 is always taken unless drawn at random)
    const lists = new Set(model.map((m) => `${m.smo}/${m.control}/${m.usl_ok}`));
    for (const l of lists) {
      const ranks = model.filter((m) => `${m.smo}/${m.control}/${m.usl_ok}` === l).map((m) => m.rank);
      expect(Math.min(...ranks)).toBeLessThanOrEqual(2);
      const amounts = model
        .filter((m) => `${m.smo}/${m.control}/${m.usl_ok}` === l)
        .sort((a, b) => a.rank - b.rank)
        .map((m) => Number(m.expected_amount_kop));
      expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    }
  });

  it("a conclusion of arm unknown takes its item's arm, reason and propensity, and concludes the item", async () => {
    const it = (await items(9)).find((i) => i.arm === 'random')!;
    const [c] = await db.sql.query<{ arm: string; reason: string; propensity: number }>(
      `INSERT INTO conclusion (case_id, s_tip, control, defect, f014, amount_kop, fine_kop, experts, arm, source, nat_key, year, month, code_mo)
       VALUES ($1, 70, $2, true, '{262}', 100, 0, '{E50001}', 'unknown', 'register', 'k1', 2025, 9, '750001') RETURNING arm, reason, propensity`,
      [it.case_id, it.control],
    );
    expect(c).toEqual({ arm: 'random', reason: 'random', propensity: it.propensity });
    expect((await items(9)).find((i) => i.id === it.id)!.state).toBe('concluded');
    // a conclusion with a known arm keeps it, and still closes the item
    const other = (await items(9)).find((i) => i.arm === 'model')!;
    const [d] = await db.sql.query<{ arm: string }>(
      `INSERT INTO conclusion (case_id, s_tip, control, defect, f014, amount_kop, fine_kop, experts, arm, source, nat_key, year, month, code_mo)
       VALUES ($1, 70, $2, false, '{}', 0, 0, '{E50001}', 'legacy', 'csv', 'k2', 2025, 9, '750001') RETURNING arm`,
      [other.case_id, other.control],
    );
    expect(d.arm).toBe('legacy');
    expect((await items(9)).find((i) => i.id === other.id)!.state).toBe('concluded');
    // a concluded item survives a re-run
    await selectPeriod(deps, { year: 2025, month: 9, seed: 4 });
    expect((await items(9)).find((i) => i.id === it.id)).toMatchObject({ state: 'concluded', arm: 'random' });
  });
});
