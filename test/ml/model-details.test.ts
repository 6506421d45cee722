/**
 * A version's details, its PSI drift and its status history on the real PostgreSQL: a version trained here (its card
 * stores the reference bins and the PR points), the fallbacks for a card without them (the stored training-month
 * features; the stored scores against the validation months' conclusions), `omsx features report`, and the roles.
 */
import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase, runCliCaptured, TEST_DATABASE_URL } from '../helpers/db.js';
import { loadConfig } from '../../src/config.js';
import { createDeps } from '../../src/deps.js';
import { buildAppAs, signIn } from '../helpers/auth.js';
import { buildApp } from '../../src/api/app.js';
import { trainModel } from '../../src/ml/train.service.js';
import { scorePeriod } from '../../src/scoring/scores.service.js';
import { readFeatures } from '../../src/features/features.service.js';
import type { ModelCard } from '../../src/ml/card.js';
import { insertConclusions, insertPeriod, type Label, randomArmLabels, FAST_LOGISTIC } from './db-fixtures.js';
import { makeRows, SPEC } from './fixtures.js';

const db = await openTestDatabase('ml_details');
const modelsDir = await mkdtemp(join(tmpdir(), 'omsx-models-'));
const env = { DATABASE_URL: TEST_DATABASE_URL, OMSX_DB_SCHEMA: db.schema, OMSX_MODELS_DIR: modelsDir };
const deps = await createDeps(loadConfig(env), { db });
const app = await buildAppAs(deps, { role: 'data_scientist' });

const labels: Label[] = [];
for (const m of [1, 2, 3, 4]) {
  const { rows, y } = makeRows(1200, 20 + m, m);
  // month 4: stays three times as long against the norm (los_ratio), everything else as before
  if (m === 4) for (const r of rows) r.num[0] *= 3;
  await insertPeriod(db.sql, SPEC.version, rows);
  if (m < 3) labels.push(...randomArmLabels(rows, y, m));
}
await insertConclusions(db.sql, labels);
const trained = await trainModel(deps, { spec: SPEC, config: FAST_LOGISTIC });
const version = trained.version;

type Drift = { name: string; psi: number | null; flag: string | null; summary: { count: number; missing: number } };

describe('a version’s card, PR curve and drift', () => {
  it('stores the training window’s reference bins and the PR points in the new card', () => {
    const card = trained.card;
    expect(card.window).toEqual({ trainFrom: '2025-01', trainTo: '2025-01', validFrom: '2025-02', validTo: '2025-02' });
    // every case of the training month, not only the 600 reviewed
    expect(card.reference).toMatchObject({ specVersion: SPEC.version, from: '2025-01', to: '2025-01', rows: 1200, sampled: 1200 });
    expect(card.reference!.numeric.map((n) => n.name)).toEqual(SPEC.numeric);
    const los = card.reference!.numeric[0];
    expect(los.edges.length).toBe(9); // deciles of a continuous feature
    expect(los.counts.reduce((s, v) => s + v, 0) + los.missing).toBe(1200);
    expect(card.prCurve!.length).toBeGreaterThan(5);
    expect(card.prCurve!.at(-1)!.recall).toBe(1);
  });

  it('card.md names the drift reference and gives precision at a few recalls', async () => {
    const md = await readFile(join(modelsDir, version, 'card.md'), 'utf8');
    expect(md).toContain('## Drift reference\nFeature distributions of all 1200 cases of 2025-01 … 2025-01');
    expect(md).toMatch(/## Precision–recall \(validation months\)\n\| recall \| precision \| p ≥ \|\n\|---\|---\|---\|\n\| 0\.\d{3} \|/);
  });

  it('GET /api/models/:version: window, counts, metrics with intervals, calibration, comparison, PR curve, history', async () => {
    const r = await app.inject({ method: 'GET', url: `/api/models/${version}` });
    expect(r.statusCode).toBe(200);
    const d = r.json();
    expect(d).toMatchObject({ version, status: 'shadow', kind: 'logistic', window: trained.card.window, counts: trained.card.counts });
    expect(d.metrics.roc_auc).toEqual(trained.card.metrics.roc_auc);
    expect(d.metrics.pr_auc.lo).toBeLessThanOrEqual(d.metrics.pr_auc.hi);
    expect(d.calibration.curve.length).toBeGreaterThan(0);
    expect(d.comparison.map((c: { kind: string }) => c.kind)).toEqual(['logistic']);
    expect(d.prCurve).toEqual({ source: 'card', points: trained.card.prCurve });
    expect(d.reference).toEqual({ from: '2025-01', to: '2025-01', rows: 1200 });
    expect(d.history).toEqual([{ status: 'shadow', changed_at: expect.any(String), changed_by: null }]);
    expect((await app.inject({ method: 'GET', url: '/api/models/nope' })).statusCode).toBe(404);
  });

  it('GET /drift: the shifted feature is flagged and comes first; the unchanged ones are stable', async () => {
    const r = await app.inject({ method: 'GET', url: `/api/models/${version}/drift?period=2025-04` });
    expect(r.statusCode).toBe(200);
    const d = r.json();
    expect(d).toMatchObject({ period: '2025-04', rows: 1200, model: { version, status: 'shadow' } });
    expect(d.reference).toEqual({ source: 'card', from: '2025-01', to: '2025-01', rows: 1200 });
    const f = d.features as Drift[];
    expect(f[0]).toMatchObject({ name: 'los_ratio', flag: 'drift' });
    expect(f[0].psi).toBeGreaterThan(1);
    // the same generator, another seed: sampling noise only
    for (const name of ['ksg_weight_ratio', 'age', 'ds1', 'code_mo']) expect(f.find((x) => x.name === name)!.flag).toBe('stable');
    expect(f.find((x) => x.name === 'days_since_discharge')!.summary.missing).toBeGreaterThan(300);
    const stable = await app.inject({ method: 'GET', url: `/api/models/${version}/drift?period=2025-03` });
    expect((stable.json().features as Drift[]).every((x) => x.flag === 'stable')).toBe(true);
    expect((await app.inject({ method: 'GET', url: `/api/models/${version}/drift?period=2025-13` })).statusCode).toBe(400);
    const none = await app.inject({ method: 'GET', url: `/api/models/${version}/drift?period=2024-01` });
    expect(none.statusCode).toBe(404);
    expect(none.json().message).toMatch(/no features of spec test-1 are stored for 2024-01/);
  });

  it('a card without reference and PR points falls back to the stored training features and the stored scores', async () => {
    const before = (await app.inject({ method: 'GET', url: `/api/models/${version}/drift?period=2025-04` })).json();
    await db.sql.query(`UPDATE model_version SET card = card - 'reference' - 'prCurve' WHERE version = $1`, [version]);
    const file = join(modelsDir, version, 'card.json');
    const card = JSON.parse(await readFile(file, 'utf8')) as ModelCard;
    // the card file still has them (a version registered before its file gained them)
    expect((await app.inject({ method: 'GET', url: `/api/models/${version}` })).json().prCurve.source).toBe('card-file');
    delete card.reference;
    delete card.prCurve;
    await writeFile(file, JSON.stringify(card));
    const after = (await app.inject({ method: 'GET', url: `/api/models/${version}/drift?period=2025-04` })).json();
    expect(after.reference.source).toBe('stored-features');
    // the same rows give the same bins, so the same PSI
    expect(after.features.map((f: Drift) => [f.name, f.psi])).toEqual(before.features.map((f: Drift) => [f.name, f.psi]));
    // no scores yet: no PR points; then the validation month's scores against its conclusions (all random arm)
    expect((await app.inject({ method: 'GET', url: `/api/models/${version}` })).json().prCurve).toMatchObject({
      source: 'scores',
      months: '2025-02',
      cases: 0,
      points: [],
    });
    await scorePeriod(deps, { year: 2025, month: 2, version });
    const pr = (await app.inject({ method: 'GET', url: `/api/models/${version}` })).json().prCurve;
    expect(pr).toMatchObject({ source: 'scores', months: '2025-02', population: 'random-arm', cases: 600 });
    expect(pr.points.at(-1)).toMatchObject({ recall: 1 });
  }, 60_000);

  it('promoting records the user in the status history; the roles', async () => {
    expect((await app.inject({ method: 'POST', url: `/api/models/${version}/promote` })).statusCode).toBe(200);
    const h = (await app.inject({ method: 'GET', url: `/api/models/${version}` })).json().history;
    expect(h.map((e: { status: string; changed_by: string | null }) => [e.status, e.changed_by])).toEqual([
      ['shadow', null],
      ['active', app.user.login],
    ]);
    // retiring is recorded too (the CLI: no user)
    const { retireModel } = await import('../../src/ml/models.service.js');
    await db.sql.query(
      `INSERT INTO model_version (version, status, spec_version, kind, train_from, train_to, card, onnx_sha256)
      SELECT 'other-v', 'shadow', spec_version, kind, train_from, train_to, card, onnx_sha256 FROM model_version WHERE version = $1`,
      [version],
    );
    await retireModel(deps, 'other-v');
    expect(await db.sql.query(`SELECT status, changed_by FROM model_status_event WHERE version = 'other-v'`)).toEqual([
      { status: 'retired', changed_by: null },
    ]);
    // another app: the one above sends the data scientist's token on every request
    const plain = await buildApp(deps);
    const tfoms = await signIn(plain, deps, { role: 'tfoms' });
    expect((await tfoms.inject({ method: 'GET', url: `/api/models/${version}/drift?period=2025-03` })).statusCode).toBe(200);
    const coord = await signIn(plain, deps, { role: 'smo_coordinator', smo: '01' });
    expect((await coord.inject({ method: 'GET', url: `/api/models/${version}` })).statusCode).toBe(403);
    expect((await coord.inject({ method: 'GET', url: `/api/models/${version}/drift?period=2025-03` })).statusCode).toBe(403);
    await plain.close();
  });

  it('omsx features report: table, JSON and CSV (default: the active version)', async () => {
    const json = await runCliCaptured(['features', 'report', '--period', '2025-04', '--json'], env);
    expect(json.code).toBe(0);
    const r = JSON.parse(json.out);
    expect(r).toMatchObject({ period: '2025-04', rows: 1200, model: { version, status: 'active' } });
    expect(r.features[0]).toMatchObject({ name: 'los_ratio', flag: 'drift' });
    const text = await runCliCaptured(['features', 'report', '--period', '2025-04', '--model', version], env);
    expect(text.out).toContain('Flagged (PSI > 0.1 watch, > 0.25 drift): los_ratio');
    const out = join(modelsDir, 'report.csv');
    const csv = await runCliCaptured(['features', 'report', '--period', '2025-04', '--out', out], env);
    expect(csv.code).toBe(0);
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    expect(lines[0]).toBe('feature,kind,count,missing_share,mean,std,min,max,distinct,top,psi,flag');
    expect(lines.length).toBe(1 + SPEC.numeric.length + SPEC.categorical.length);
    expect(lines[1]).toMatch(/^los_ratio,numeric,1200,0,/);
    expect(lines[1]).toMatch(/,drift$/);
    const bad = await runCliCaptured(['features', 'report', '--period', '2025-04', '--model', 'nope'], env);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/model nope is not registered/);
  }, 60_000);

  it('readFeatures reads every row in case id order across id lengths (9 before 10)', async () => {
    const { rows } = makeRows(12, 5, 6);
    rows.forEach((r, i) => (r.caseId = String(95 + i)));
    await insertPeriod(db.sql, SPEC.version, rows);
    const ids: string[] = [];
    for await (const b of readFeatures(db.sql, { from: '2025-06', to: '2025-06', specVersion: SPEC.version, batchSize: 5 }))
      ids.push(...b.map((r) => r.caseId));
    expect(ids).toEqual(rows.map((r) => r.caseId));
  });
});
