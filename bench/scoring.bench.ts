/**
 * Scoring benchmark.
 * (a) The ONNX step alone: the baseline model of models/ (or, without one, a network of spec f1's size) run by
 *     onnxruntime-node on 200 000 encoded rows in batches of 10 000; prints cases/s (goal ≥ 200 000).
 * (b) With a schema whose period has ingested cases (`omsx synth` + `omsx ingest`): `omsx features --period` and
 *     `omsx score --period` side by side as child processes, seconds, cases/s and peak RSS of each.
 *   npx tsx bench/scoring.bench.ts
 *   DATABASE_URL=… OMSX_DB_SCHEMA=model_baseline npx tsx bench/scoring.bench.ts 2025-05
 * Timings on the shared 2-core machine are noisy (±20 %).
 */
import { spawnSync } from 'node:child_process';
import { listModelDirs, readModelFiles, BUNDLED_MODELS_DIR } from '../src/ml/model-files.js';
import { openOnnxRunner } from '../src/ml/onnx.scorer.js';
import { exportOnnx } from '../src/ml/onnx.export.js';
import { mulberry32 } from '../src/ml/random.js';
import type { NetWeights } from '../src/ml/net.js';

const rnd = mulberry32(1);
async function model(): Promise<{ onnx: Uint8Array; numDim: number; catDim: number; vocab: number; name: string }> {
  const dirs = await listModelDirs(BUNDLED_MODELS_DIR);
  if (dirs.length) {
    const { card, onnx } = await readModelFiles(BUNDLED_MODELS_DIR, dirs[0]);
    return {
      onnx,
      numDim: card.preprocess.numDim,
      catDim: card.preprocess.catDim,
      vocab: card.preprocess.vocab,
      name: `${dirs[0]} (${card.kind})`,
    };
  }
  const [numDim, catDim, vocab, embDim, hidden] = [100, 26, 3000, 8, 32];
  const rand = (n: number) => Float32Array.from({ length: n }, () => rnd() - 0.5);
  const net: NetWeights = {
    kind: 'embedding-mlp',
    numDim,
    catDim,
    vocab,
    embDim,
    embedding: rand(vocab * embDim),
    layers: [
      {
        inputs: numDim + catDim * embDim,
        units: hidden,
        kernel: rand((numDim + catDim * embDim) * hidden),
        bias: rand(hidden),
        relu: true,
      },
      { inputs: hidden, units: 1, kernel: rand(hidden), bias: rand(1), relu: false },
    ],
    calib: { a: 1, b: 0 },
  };
  return { onnx: exportOnnx(net, { version: 'bench' }), numDim, catDim, vocab, name: 'random embedding-mlp of spec f1 size' };
}

const m = await model();
const runner = await openOnnxRunner(m.onnx, { numDim: m.numDim, catDim: m.catDim });
const B = 10_000;
const num = Float32Array.from({ length: B * m.numDim }, () => rnd() * 2 - 1);
const cat = Int32Array.from({ length: B * m.catDim }, () => Math.floor(rnd() * m.vocab));
await runner.run({ rows: B, num, cat });
const total = 200_000;
const t0 = performance.now();
for (let s = 0; s < total; s += B) await runner.run({ rows: B, num, cat });
const sec = (performance.now() - t0) / 1000;
console.log(
  `(a) ONNX step, ${m.name}: ${total} cases in ${sec.toFixed(3)} s = ${Math.round(total / sec)} cases/s (batches of ${B}, default threads)`,
);
await runner.close();

const period = process.argv[2];
if (period) {
  for (const cmd of [
    ['features', '--period', period, '--json'],
    ['score', '--period', period, '--json'],
  ]) {
    const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, 'bin/omsx.js', ...cmd], { encoding: 'utf8', env: process.env });
    const [s, kb] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
    const out = JSON.parse(r.stdout) as { cases?: number; acceptedCases?: number; versions?: unknown };
    const n = out.cases ?? out.acceptedCases ?? 0;
    console.log(
      `(b) omsx ${cmd.slice(0, 3).join(' ')}: ${n} cases in ${s} s = ${Math.round(n / s)} cases/s, peak RSS ${Math.round(kb / 1024)} MB ${out.versions ? JSON.stringify(out.versions) : ''}`,
    );
  }
}
