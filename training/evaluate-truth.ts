/**
 * Evaluation of a period's stored scores against the synthetic generator's truth.csv (planted defects) — for the
 * report only: truth is never read by training or scoring. Prints the prevalence of planted defects, PR-AUC, and the
 * share of defects among the top 5 % of cases by p_defect against that prevalence.
 *   npx tsx training/evaluate-truth.ts <truth.csv> <YYYY-MM> [version]      (DATABASE_URL / OMSX_DB_SCHEMA as for omsx)
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { loadConfig } from '../src/config.js';
import { createDeps } from '../src/deps.js';
import { pointMetrics } from '../src/ml/train.evaluate.js';

const [truthFile, period, version] = process.argv.slice(2);
const [year, month] = period.split('-').map(Number);
const truth = new Map<string, number>();
for (const r of parse(readFileSync(truthFile, 'utf8'), { columns: true }) as Record<string, string>[])
  if (r.month === period) truth.set(`${r.file}|${r.idcase}`, r.has_defect === '1' ? 1 : 0);
const deps = await createDeps(loadConfig());
const rows = await deps.db.sql.query<{ file: string; idcase: string; p: number; v: string }>(
  `SELECT rf.file_name AS file, c.idcase, s.p_defect AS p, s.model_version AS v
     FROM case_score s JOIN "case" c ON c.id = s.case_id JOIN register_file rf ON rf.id = c.register_file_id
     JOIN model_version m ON m.version = s.model_version
    WHERE s.year = $1 AND s.month = $2 AND ($3::text IS NULL AND m.status = 'active' OR s.model_version = $3)`,
  [year, month, version ?? null],
);
const p: number[] = [];
const y: number[] = [];
for (const r of rows) {
  const t = truth.get(`${r.file}|${r.idcase}`);
  if (t === undefined) continue;
  p.push(Number(r.p));
  y.push(t);
}
const m = pointMetrics(p, y, new Array(p.length).fill(1), [...p.keys()]);
console.log(
  JSON.stringify({
    period,
    version: rows[0]?.v,
    cases: p.length,
    prevalence: m.prevalence,
    pr_auc: m.pr_auc,
    roc_auc: m.roc_auc,
    top5_defect_share: m.precision_at_5pct,
    top5_vs_prevalence: m.lift_at_5pct,
  }),
);
await deps.close();
