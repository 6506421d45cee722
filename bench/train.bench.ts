/**
 * Training benchmark: 100 000 labelled rows of spec f1's shape (54 numeric, 26 categorical features; DS1 ~800
 * codes, doctors ~1 500, MOs 60, KSG ~120), 80 000 in the training months and 20 000 validated, both candidates
 * (logistic, embedding network) with the default configuration (training/config.json), tfjs on the wasm backend.
 * Goal: under 2 minutes. Timings on the shared 2-core machine are noisy.
 *   npx tsx bench/train.bench.ts [rows]
 */
import { readFileSync } from 'node:fs';
import { tfReady } from '../src/ml/tf.js';
import { trainPipeline } from '../src/ml/train.pipeline.js';
import { trainConfig } from '../src/ml/train.config.js';
import { mulberry32 } from '../src/ml/random.js';
import { currentSpec } from '../src/features/feature-spec.js';
import type { FeatureRow } from '../src/ml/feature-row.js';
import type { LabelInfo } from '../src/ml/ipw.js';

const n = Number(process.argv[2] ?? 100_000);
const spec = currentSpec();
const rnd = mulberry32(11);
const card = (k: number) => Math.floor(rnd() ** 2 * k);
const rows: FeatureRow[] = [];
const y = new Float64Array(n);
const info: LabelInfo[] = [];
for (let i = 0; i < n; i++) {
  const num = Float32Array.from({ length: spec.numeric.length }, () => (rnd() < 0.2 ? NaN : rnd() * 3));
  const cat = spec.categorical.map((name) => {
    const k = name === 'ds1' ? 800 : name === 'iddokt' ? 1500 : name === 'code_mo' ? 60 : name === 'n_ksg' ? 120 : 12;
    return rnd() < 0.05 ? null : `${name}${card(k)}`;
  });
  const z = -2.5 + (Number.isNaN(num[12]) ? 0 : num[12] - 1.5) + (cat[25] === 'iddokt3' ? 2 : 0) + (cat[0]?.endsWith('7') ? 0.7 : 0);
  y[i] = rnd() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  const month = i < n * 0.8 ? 1 + Math.floor((i / (n * 0.8)) * 3) : 4;
  rows.push({ caseId: String(i + 1), year: 2025, month, smo: '1', codeMo: cat[24] ?? 'x', uslOk: 1, num, cat });
  const arm = rnd() < 0.3 ? 'random' : 'trigger';
  info.push({ arm, propensity: arm === 'random' ? 0.05 : null, stratum: `${month}` });
}
const train = [...Array(Math.floor(n * 0.8)).keys()];
const valid = [...Array(n - train.length).keys()].map((k) => k + train.length);
const tf = await tfReady();
const cfg = trainConfig(JSON.parse(readFileSync(new URL('../training/config.json', import.meta.url), 'utf8')));
const t0 = performance.now();
const o = await trainPipeline(
  tf,
  { spec, rows, y, info, groups: rows.map(() => null), strata: { cases: new Map(), reviewed: new Map() } },
  { train, valid },
  cfg,
);
const sec = (performance.now() - t0) / 1000;
console.log(
  `training on ${n} labelled rows (${train.length} train / ${valid.length} validation): ${sec.toFixed(1)} s, peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
);
for (const c of o.comparison)
  console.log(
    `  ${c.kind.padEnd(14)} ${c.seconds.toFixed(1)} s, best epoch ${c.bestEpoch}, PR-AUC ${c.metrics.pr_auc.value.toFixed(3)}, ROC-AUC ${c.metrics.roc_auc.value.toFixed(3)}`,
  );
console.log(`  winner ${o.net.kind}`);
