/**
 * Where the time of one selection goes, stage by stage, on a schema that already holds a scored month
 *   OMSX_DB_SCHEMA=<schema> npx tsx bench/selection-stages.bench.ts YYYY-MM
 */
import { openDatabase } from '../src/db/database.js';
import { loadCaseFacts } from '../src/selection/facts.repo.js';
import { runPersonTriggers } from '../src/selection/triggers/index.js';
import { resolveConfig } from '../src/selection/config.js';
import { loadActiveScores } from '../src/selection/scores.repo.js';
import { ruleScores } from '../src/selection/rules-score.js';
import { planSelection } from '../src/selection/plan.js';

const [y, m] = (process.argv[2] ?? '2025-10').split('-').map(Number);
const db = await openDatabase({
  databaseUrl: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test',
  schema: process.env.OMSX_DB_SCHEMA,
});
const cfg = resolveConfig();
let t = Date.now();
const lap = (what: string) => {
  console.log(`${what.padEnd(28)} ${((Date.now() - t) / 1000).toFixed(2)} s`);
  t = Date.now();
};
const cases = await loadCaseFacts(db.sql, y, m, 1);
lap(`facts (${cases.length})`);
const hits = runPersonTriggers(cases, cfg.triggers);
lap(`triggers (${hits.length})`);
const scores = await loadActiveScores(db.sql, y, m);
lap(`scores (${scores?.scores.size ?? 0})`);
const ranking = scores
  ? { kind: 'model' as const, version: scores.version, score: (id: string) => scores.scores.get(id) }
  : { kind: 'rules' as const, rules: ruleScores(cases) };
const plan = planSelection({ year: y, month: m, seed: 1, cases, hits, manual: [], kept: [], concluded: new Set(), ranking, capacity: new Map(), config: cfg });
lap(`plan (${plan.items.length} items)`);
await db.close();
