/**
 * Adds what a card written before them lacks — the training window's feature reference (`reference`, for the PSI),
 * the model's score histograms of the training months (`scoreHist`, for the agreement's PSI of scores) and the
 * precision–recall points (`prCurve`) — to a version's card.json and card.md, from a database that holds the
 * region it was trained on. For the baseline (its notes name the region):
 *   omsx synth --seed 7 --months 5 --cases-per-month 30000 --start 2025-01 --out /tmp/seed7
 *   omsx ingest /tmp/seed7/registers
 *   omsx conclusions norm 2025 19500 (region.json's fineNorm); omsx conclusions import /tmp/seed7/conclusions.csv --skip-unmatched
 *   omsx features --period 2025-01 … 2025-05
 *   DATABASE_URL=… OMSX_DB_SCHEMA=… npx tsx scripts/baseline-reference.ts [VERSION]
 * The reference is every case of the training months; the PR points are the registered model's scores of the
 * validation months against their conclusions (random arm when it has both classes), as the API computes them for a
 * card without points. The model file is not touched, so the registered hash stays valid.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { createDeps } from '../src/deps.js';
import { cardMarkdown, type ModelCard } from '../src/ml/card.js';
import { modelsDir } from '../src/ml/model-files.js';
import { syncModels } from '../src/ml/models.service.js';
import { referenceFromStore } from '../src/ml/drift.service.js';
import { prCurveFromScores } from '../src/ml/model-details.service.js';
import { scorePeriod } from '../src/scoring/scores.service.js';
import { scoreHistograms } from '../src/scoring/score-hist.js';

const version = process.argv[2] ?? 'nn-2025-04-682cc913';
const deps = await createDeps(loadConfig(process.env));
try {
  await syncModels(deps);
  const file = join(modelsDir(deps.config), version, 'card.json');
  const card = JSON.parse(await readFile(file, 'utf8')) as ModelCard;
  const reference = await referenceFromStore(deps.db.sql, card.spec, card.window.trainFrom, card.window.trainTo);
  if (!reference) throw new Error(`no stored features of spec ${card.spec.version} in ${card.window.trainFrom}…${card.window.trainTo}`);
  // the validation months and every later month with features: a conclusion whose case a corrected register
  // superseded is read on the replacing case, billed in a later month
  const [vy, vm] = card.window.validFrom.split('-').map(Number);
  const months = await deps.db.sql.query<{ year: number; month: number }>(
    `SELECT DISTINCT year, month FROM case_feature WHERE spec_version = $1 AND year * 100 + month >= $2 ORDER BY 1, 2`,
    [card.spec.version, vy * 100 + vm],
  );
  for (const p of months) await scorePeriod(deps, { ...p, version });
  const pr = await prCurveFromScores(deps.db.sql, version, card.window.validFrom, card.window.validTo);
  if (!pr.points.length) throw new Error(`no scored and reviewed cases in ${pr.months}`);
  const { openOnnxRunner } = await import('../src/ml/onnx.scorer.js');
  const runner = await openOnnxRunner(await readFile(join(modelsDir(deps.config), version, 'model.onnx')), {
    numDim: card.preprocess.numDim,
    catDim: card.preprocess.catDim,
  });
  try {
    card.scoreHist = await scoreHistograms(deps.db.sql, card, runner, card.window.trainFrom, card.window.trainTo);
  } finally {
    await runner.close();
  }
  card.reference = reference;
  card.prCurve = pr.points;
  card.notes = [
    ...(card.notes ?? []).filter((n) => !n.startsWith('Drift reference and PR curve')),
    `Drift reference and PR curve added by scripts/baseline-reference.ts from the regenerated region: the features of all ${reference.rows} cases of ${reference.from}…${reference.to} and this model's score histograms of those months; precision–recall of this model's scores on ${pr.months} against its conclusions (${pr.population}, ${pr.cases} cases).`,
  ];
  await writeFile(file, JSON.stringify(card, null, 1) + '\n');
  await writeFile(join(modelsDir(deps.config), version, 'card.md'), cardMarkdown(card));
  console.log(
    `${version}: reference of ${reference.rows} cases (${reference.sampled} sampled), ${pr.points.length} PR points (${pr.population}, ${pr.cases} cases)`,
  );
} finally {
  await deps.close();
}
