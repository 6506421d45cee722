import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase } from '../helpers/db.js';
import { loadConfig } from '../../src/config.js';
import { createDeps, type Deps } from '../../src/deps.js';
import { trainModel } from '../../src/ml/train.service.js';
import { listModels, promoteModel, retireModel } from '../../src/ml/models.service.js';
import { scorePeriod, scoresForCase } from '../../src/scoring/scores.service.js';
import { exportScoresCsv } from '../../src/scoring/scores-export.service.js';
import { mulberry32 } from '../../src/ml/random.js';
import { insertConclusions, insertPeriod, type Label } from './db-fixtures.js';
import { makeRows, SPEC } from './fixtures.js';
import { PassThrough } from 'node:stream';
import { trainingReference } from '../../src/review/metrics/psi.js';

const db = await openTestDatabase('ml_train');
const modelsDir = await mkdtemp(join(tmpdir(), 'omsx-models-'));
const deps: Deps = await createDeps(loadConfig({ OMSX_MODELS_DIR: modelsDir }), { db, now: () => new Date('2025-05-01T00:00:00Z') });
const FAST = {
  bootstrap: 40,
  candidates: [
    { kind: 'logistic' as const, embDim: 1, hidden: [], fit: { epochs: 25, batchSize: 256, learningRate: 0.03, l2: 1e-5, patience: 3 } },
    {
      kind: 'embedding-mlp' as const,
      embDim: 4,
      hidden: [8],
      fit: { epochs: 8, batchSize: 256, learningRate: 0.01, l2: 1e-5, patience: 2 },
    },
  ],
};

// three months: January and February labelled (train, validate), March to score
const rnd = mulberry32(5);
const labels: Label[] = [];
const months = [1, 2, 3].map((m) => makeRows(2500, 10 + m, m));
for (const [k, { rows, y }] of months.entries()) {
  await insertPeriod(db.sql, SPEC.version, rows, { sumKop: (i) => 1_000_000 + i * 100 });
  if (k === 2) continue;
  rows.forEach((r, i) => {
    const u = rnd();
    if (u > 0.8) return;
    const arm = u < 0.4 ? 'random' : u < 0.6 ? 'trigger' : 'unknown';
    labels.push({
      caseId: r.caseId,
      year: r.year,
      month: r.month,
      defect: y[i] === 1,
      arm,
      propensity: arm === 'random' ? 0.2 : null,
      f014: y[i] ? [245] : [],
    });
  });
}
await insertConclusions(db.sql, labels);

describe('training, registry and scoring on the database', () => {
  let v1 = '';
  let v2 = '';
  it('trains, writes the version folder and registers it as shadow', async () => {
    const r = await trainModel(deps, { spec: SPEC, config: FAST });
    v1 = r.version;
    expect(r.trainCases + r.validCases).toBe(labels.length);
    expect(r.card.window).toEqual({ trainFrom: '2025-01', trainTo: '2025-01', validFrom: '2025-02', validTo: '2025-02' });
    for (const k of ['roc_auc', 'pr_auc', 'brier', 'ece', 'precision_at_5pct', 'lift_at_5pct'] as const) {
      expect(r.metrics[k].lo).toBeLessThanOrEqual(r.metrics[k].value);
      expect(r.metrics[k].hi).toBeGreaterThanOrEqual(r.metrics[k].value);
    }
    expect(r.metrics.roc_auc.value).toBeGreaterThan(0.6);
    expect(r.card.comparison.map((c) => c.kind)).toEqual(['logistic', 'embedding-mlp']);
    expect(r.card.weights.estimated).toBe(labels.filter((l) => l.arm === 'unknown').length);
    expect(r.card.onnx.parityMaxAbsDiff).toBeLessThanOrEqual(1e-5);
    expect((await readdir(join(modelsDir, v1))).sort()).toEqual(['card.json', 'card.md', 'model.onnx']);
    expect(await readFile(join(modelsDir, v1, 'card.md'), 'utf8')).toContain('## Comparison');
    expect((await listModels(deps)).map((m) => [m.version, m.status])).toEqual([[v1, 'shadow']]);
  }, 120_000);

  it('is reproducible: the same data and seed give the same version and metrics', async () => {
    const dir2 = await mkdtemp(join(tmpdir(), 'omsx-models-'));
    const deps2 = await createDeps(loadConfig({ OMSX_MODELS_DIR: dir2 }), { db, now: deps.now });
    const r = await trainModel(deps2, { spec: SPEC, config: FAST });
    expect(r.version).toBe(v1);
    const c1 = JSON.parse(await readFile(join(modelsDir, v1, 'card.json'), 'utf8'));
    expect(r.card.metrics).toEqual(c1.metrics);
  }, 120_000);

  it('a second version is shadow; promote makes one active and the previous active shadow; the active cannot be retired', async () => {
    v2 = (await trainModel(deps, { spec: SPEC, config: { ...FAST, seed: 7 } })).version;
    expect(v2).not.toBe(v1);
    expect((await promoteModel(deps, v1)).status).toBe('active');
    expect((await promoteModel(deps, v2)).status).toBe('active');
    const st = Object.fromEntries((await listModels(deps)).map((m) => [m.version, m.status]));
    expect(st).toEqual({ [v1]: 'shadow', [v2]: 'active' });
    await expect(retireModel(deps, v2)).rejects.toThrow(/is active/);
    await expect(promoteModel(deps, 'nope')).rejects.toThrow(/not registered|cannot be read/);
  }, 240_000);

  it('scores every accepted case of a period with the active and shadow versions, with reasons and expected amounts', async () => {
    const r = await scorePeriod(deps, { year: 2025, month: 3 });
    expect(r.acceptedCases).toBe(2500);
    expect(r.versions.map((v) => [v.version, v.cases]).sort()).toEqual(
      [
        [v1, 2500],
        [v2, 2500],
      ].sort(),
    );
    const rows = await db.sql.query<{ n: string; bad: string; maxr: number; explained: string; risk: string }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE p_defect < 0 OR p_defect > 1 OR expected_amount_kop < 0) AS bad, max(jsonb_array_length(reasons)) AS maxr,
              count(*) FILTER (WHERE jsonb_array_length(reasons) > 0) AS explained
         FROM case_score WHERE year = 2025 AND month = 3`,
    );
    expect(Number(rows[0].n)).toBe(5000);
    expect(Number(rows[0].bad)).toBe(0);
    expect(rows[0].maxr).toBe(4);
    // reasons for the top 10 % by p and the top 10 % by p × sum of each version (250 + 250 of 2 500, overlapping)
    expect(Number(rows[0].explained)).toBeLessThanOrEqual(1000);
    expect(Number(rows[0].explained)).toBeGreaterThan(450);
    // a case of the riskiest MO and doctor: its reasons name them in words, with the group each points to
    const caseId = months[2].rows.find((x) => x.cat[2] === 'M1' && x.cat[3] === 'D7')!.caseId;
    const s = await scoresForCase(db.sql, caseId);
    expect(s.map((x) => x.model_version)).toEqual([v2, v1]);
    expect(s[0].status).toBe('active');
    expect(s[0].reasons.length).toBeGreaterThan(0);
    for (const reason of s[0].reasons) expect(reason.text.length).toBeGreaterThan(3);
    // expected = p × sum × K_NO ≤ p × sum
    const sum = 1_000_000 + months[2].rows.findIndex((x) => x.caseId === caseId) * 100;
    expect(s[0].expected_amount_kop).toBeLessThanOrEqual(Math.round(s[0].p_defect * sum) + 1);
    // scoring again replaces, never duplicates
    await scorePeriod(deps, { year: 2025, month: 3, version: v1 });
    expect(Number((await db.sql.query<{ n: string }>('SELECT count(*) AS n FROM case_score'))[0].n)).toBe(5000);
  }, 120_000);

  it('exports the scores with the issue columns', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (d) => (text += d));
    const n = await exportScoresCsv(deps, { year: 2025, month: 3 }, out);
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('file,n_zap,idcase,mo,smo,usl_ok,p_defect,expected_amount,model_version,reason_1,reason_2,reason_3,reason_4');
    expect(n).toBe(2500);
    expect(lines.length).toBe(2501);
    expect(lines[1].split(',')[8]).toBe(v2);
  });

  it("writes the model's score histograms of its training months in the card and the registry: the scorer's own, the PSI's reference", async () => {
    const card = JSON.parse(await readFile(join(modelsDir, v2, 'card.json'), 'utf8')) as { scoreHist: Record<string, number[]> };
    expect(Object.keys(card.scoreHist)).toEqual(['2025-01']);
    expect(card.scoreHist['2025-01']).toHaveLength(20);
    expect(card.scoreHist['2025-01'].reduce((a, b) => a + b, 0)).toBe(2500); // every case of January, not only the reviewed
    const stored = async () =>
      (await db.sql.query<{ h: unknown }>(`SELECT score_hist AS h FROM model_version WHERE version = $1`, [v2]))[0].h as Record<
        string,
        number[]
      >;
    expect((await stored())['2025-01']).toEqual(card.scoreHist['2025-01']);
    const [{ train_from, train_to }] = await db.sql.query<{ train_from: string; train_to: string }>(
      `SELECT train_from::text, train_to::text FROM model_version WHERE version = $1`,
      [v2],
    );
    expect(trainingReference(await stored(), train_from, train_to)?.source).toBe('2025-01…2025-01');
    // the scorer, scoring January with that version, counts the same histogram
    await scorePeriod(deps, { year: 2025, month: 1, version: v2 });
    expect((await stored())['2025-01']).toEqual(card.scoreHist['2025-01']);
    await db.sql.query(`DELETE FROM case_score WHERE year = 2025 AND month = 1`);
  }, 60_000);

  it('bad input: no cases, no labels, a single class, a model file that does not match its card', async () => {
    await expect(scorePeriod(deps, { year: 2024, month: 1 })).rejects.toThrow(/no accepted cases in 2024-01/);
    await expect(trainModel(deps, { spec: { ...SPEC, version: 'other' }, config: FAST })).rejects.toThrow(/no labelled cases/);
    await db.sql.query(`UPDATE conclusion SET defect = false WHERE month = 2`);
    await expect(trainModel(deps, { spec: SPEC, config: FAST })).rejects.toThrow(/single class/);
    const before = Number((await db.sql.query<{ n: string }>('SELECT count(*) AS n FROM case_score'))[0].n);
    const file = join(modelsDir, v1, 'model.onnx');
    const bytes = await readFile(file);
    bytes[bytes.length - 10] ^= 0xff;
    await writeFile(file, bytes);
    await expect(scorePeriod(deps, { year: 2025, month: 3 })).rejects.toThrow(/does not match its card/);
    await expect(promoteModel(deps, v1)).rejects.toThrow(/does not match its card/);
    expect(Number((await db.sql.query<{ n: string }>('SELECT count(*) AS n FROM case_score'))[0].n)).toBe(before);
  }, 60_000);
});
