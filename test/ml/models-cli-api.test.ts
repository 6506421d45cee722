import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase, runCliCaptured, TEST_DATABASE_URL } from '../helpers/db.js';
import { loadConfig } from '../../src/config.js';
import { createDeps } from '../../src/deps.js';
import { buildAppAs } from '../helpers/auth.js';
import { runJob } from '../../src/jobs/queue.js';
import { trainModel } from '../../src/ml/train.service.js';
import { insertConclusions, insertPeriod, type Label, randomArmLabels, FAST_LOGISTIC } from './db-fixtures.js';
import { makeRows, SPEC } from './fixtures.js';

const db = await openTestDatabase('ml_cli');
const modelsDir = await mkdtemp(join(tmpdir(), 'omsx-models-'));
const env = { DATABASE_URL: TEST_DATABASE_URL, OMSX_DB_SCHEMA: db.schema, OMSX_MODELS_DIR: modelsDir };
const deps = await createDeps(loadConfig(env), { db });
const app = await buildAppAs(deps, { role: 'admin' });

const labels: Label[] = [];
for (const m of [1, 2, 3]) {
  const { rows, y } = makeRows(1200, 20 + m, m);
  await insertPeriod(db.sql, SPEC.version, rows);
  if (m < 3) labels.push(...randomArmLabels(rows, y, m));
}
await insertConclusions(db.sql, labels);
const version = (await trainModel(deps, { spec: SPEC, config: FAST_LOGISTIC })).version;

describe('models and scores from the CLI, the API and the job queue', () => {
  it('GET /api/models lists the new version as shadow; POST promote makes it active; an unknown version is 404', async () => {
    const list = await app.inject({ method: 'GET', url: '/api/models' });
    expect(list.statusCode).toBe(200);
    expect(list.json().models.map((m: { version: string; status: string }) => [m.version, m.status])).toEqual([[version, 'shadow']]);
    const p = await app.inject({ method: 'POST', url: `/api/models/${version}/promote` });
    expect(p.statusCode).toBe(200);
    expect(p.json()).toMatchObject({ version, status: 'active' });
    expect((await app.inject({ method: 'POST', url: '/api/models/nope/promote' })).statusCode).toBe(404);
  });

  it('omsx model list / show, omsx score, omsx scores export', async () => {
    const list = await runCliCaptured(['model', 'list', '--json'], env);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.out).map((m: { version: string }) => m.version)).toEqual([version]);
    const show = await runCliCaptured(['model', 'show', version], env);
    expect(show.out).toContain(`# Model ${version}`);
    const score = await runCliCaptured(['score', '--period', '2025-03', '--json'], env);
    expect(score.code).toBe(0);
    expect(JSON.parse(score.out).versions).toEqual([expect.objectContaining({ version, status: 'active', cases: 1200 })]);
    const out = join(modelsDir, 'scores.csv');
    const ex = await runCliCaptured(['scores', 'export', '--period', '2025-03', '--out', out], env);
    expect(ex.code).toBe(0);
    const csv = (await readFile(out, 'utf8')).trim().split('\n');
    expect(csv[0]).toBe('file,n_zap,idcase,mo,smo,usl_ok,p_defect,expected_amount,model_version,reason_1,reason_2,reason_3,reason_4');
    expect(csv.length).toBe(1201);
    const bad = await runCliCaptured(['score', '--period', '2025-13'], env);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/YYYY-MM/);
  }, 60_000);

  it('omsx model promote|retire --json, as the README lists them (they refused the option with exit 1)', async () => {
    const p = await runCliCaptured(['model', 'promote', version, '--json'], env);
    expect([p.code, p.err]).toEqual([0, '']);
    expect(JSON.parse(p.out)).toMatchObject({ version, status: 'active' });
    const r = await runCliCaptured(['model', 'retire', version, '--json'], env);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`model ${version} is active: promote another version first`);
  });

  it('the score.period job scores the period (idempotent)', async () => {
    const ctx = { progress: () => undefined, log: () => undefined };
    await runJob('score.period', { year: 2025, month: 2 }, deps, ctx);
    await runJob('score.period', { year: 2025, month: 2 }, deps, ctx);
    const n = await db.sql.query<{ n: string }>('SELECT count(*) AS n FROM case_score WHERE month = 2');
    expect(Number(n[0].n)).toBe(1200);
    await expect(runJob('score.period', { year: 2025, month: 13 }, deps, ctx)).rejects.toThrow(/invalid payload/);
  }, 60_000);
});
