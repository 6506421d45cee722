/**
 * A period that an active model has not scored is not ranked silently by something else: selection refuses it,
 * naming the first unscored case (register file and IDCASE) and both ways on; `rules` ranks by the register rules on
 * purpose; once scored, the model ranks, and every model- and random-arm item carries its reasons (scoring explains only
 * the riskiest share; selection explains the rest of what it picks). Without any model the rules rank, as before (selection.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../helpers/db.js';
import { tempDir } from '../helpers/registers.js';
import { createDeps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { registerModel } from '../../src/ml/models.service.js';
import { listModelDirs, modelsDir } from '../../src/ml/model-files.js';
import { computeFeatures } from '../../src/features/features.service.js';
import { scorePeriod } from '../../src/scoring/scores.service.js';
import { selectPeriod } from '../../src/selection/selection.service.js';
import { ingestSampleMonth } from '../e2e/harness.js';

const db = await openTestDatabase('unscored');

describe('selecting a period the active model has not scored', () => {
  it(
    'is refused with the first unscored case named; --rules ranks by the rules; scored, the model ranks',
    { timeout: 240_000 },
    async () => {
      const deps = await createDeps(loadConfig({ OMSX_HOME: tempDir() }), { db });
      await ingestSampleMonth(deps, '2508');
      const [baseline] = await listModelDirs(modelsDir(deps.config));
      const m = await registerModel(deps, baseline);
      expect(m.status).toBe('active');

      const err = await selectPeriod(deps, { year: 2025, month: 8, seed: 1 }).catch((e: Error) => e);
      expect(err).toBeInstanceOf(Error);
      const [{ n }] = await db.sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "case" WHERE year = 2025 AND month = 8 AND status = 'accepted'`,
      );
      const msg = (err as Error).message;
      expect(msg).toContain(`2025-08: ${n} of ${n} accepted cases have no score of the active model ${baseline}`);
      expect(msg).toMatch(/first: file [A-Z0-9_]+\.XML, IDCASE \d+/i);
      expect(msg).toContain('omsx score --period 2025-08');
      expect(msg).toContain('omsx select --rules');
      // nothing was written
      const [{ items }] = await db.sql.query<{ items: number }>(`SELECT count(*)::int AS items FROM worklist_item`);
      expect(items).toBe(0);

      const byRules = await selectPeriod(deps, { year: 2025, month: 8, seed: 1, rules: true });
      expect(byRules).toMatchObject({ ranking: 'rules', model_version: null });

      await computeFeatures(deps, { year: 2025, month: 8 });
      await scorePeriod(deps, { year: 2025, month: 8 });
      const bare = new Set(
        (await db.sql.query<{ id: string }>(`SELECT case_id::text AS id FROM case_score WHERE reasons = '[]'::jsonb`)).map((r) => r.id),
      );
      expect(bare.size).toBeGreaterThan(0);
      const byModel = await selectPeriod(deps, { year: 2025, month: 8, seed: 1 });
      expect(byModel).toMatchObject({ ranking: 'model', model_version: baseline });
      const [{ model }] = await db.sql.query<{ model: number }>(
        `SELECT count(*)::int AS model FROM worklist_item WHERE arm = 'model' AND model_version = $1`,
        [baseline],
      );
      expect(model).toBeGreaterThan(0);
      // scoring explained only the riskiest share; selection explained the rest of its model and random items
      const [r] = await db.sql.query<{ items: number; explained: number; unexplained_scores: number; mismatched: number }>(
        `SELECT count(*)::int AS items,
              (count(*) FILTER (WHERE jsonb_array_length(i.reasons) > 0))::int AS explained,
              (SELECT count(*)::int FROM case_score WHERE reasons = '[]'::jsonb) AS unexplained_scores,
              (count(*) FILTER (WHERE i.reasons <> s.reasons))::int AS mismatched
         FROM worklist_item i JOIN case_score s ON s.case_id = i.case_id AND s.model_version = i.model_version
        WHERE i.arm IN ('model', 'random')`,
      );
      const picked = await db.sql.query<{ id: string }>(`SELECT case_id::text AS id FROM worklist_item WHERE arm IN ('model', 'random')`);
      expect(picked.filter((p) => bare.has(p.id)).length).toBeGreaterThan(0);
      expect(r.unexplained_scores).toBe(bare.size - picked.filter((p) => bare.has(p.id)).length);
      expect(r.explained).toBe(r.items);
      expect(r.mismatched).toBe(0);
    },
  );
});
