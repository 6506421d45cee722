import { describe, expect, it } from 'vitest';
import { tfReady } from '../../src/ml/tf.js';
import { compileEncoder, encodeRows, fitPreprocess } from '../../src/ml/preprocess.js';
import { fitNet } from '../../src/ml/train.train.js';
import { extractWeights, predictLogits, type NetConfig } from '../../src/ml/train.model.js';
import { exportOnnx } from '../../src/ml/onnx.export.js';
import { openOnnxRunner } from '../../src/ml/onnx.scorer.js';
import { logitOf } from '../../src/ml/net.js';
import { makeRows, SPEC } from './fixtures.js';

const tf = await tfReady();

describe('ONNX export matches tfjs', () => {
  for (const kind of ['logistic', 'embedding-mlp'] as const) {
    it(`${kind}: p and logit within 1e-5 on 10 000 rows`, async () => {
      const train = makeRows(3000, 7);
      const w = new Float64Array(train.rows.length).fill(1);
      const pre = fitPreprocess(SPEC, train.rows, train.y, w);
      const enc = compileEncoder(pre, SPEC);
      const cfg: NetConfig = {
        kind,
        numDim: pre.numDim,
        catDim: pre.catDim,
        vocab: pre.vocab,
        embDim: kind === 'logistic' ? 1 : 4,
        hidden: kind === 'logistic' ? [] : [16],
        seed: 3,
      };
      const { model } = await fitNet(tf, cfg, encodeRows(enc, train.rows), train.y, w, {
        epochs: 3,
        batchSize: 256,
        learningRate: 0.01,
        l2: 1e-4,
        patience: 2,
      });
      const calib = { a: 0.9, b: -0.2 };
      const net = extractWeights(model, cfg, calib);
      const test = encodeRows(enc, makeRows(10_000, 99, 2).rows);
      const zTf = predictLogits(tf, model, test, pre.numDim, pre.catDim);
      const pTf = tf.tidy(() => tf.sigmoid(tf.tensor1d(zTf).mul(calib.a).add(calib.b)).dataSync() as Float32Array);
      const runner = await openOnnxRunner(exportOnnx(net, { version: 't' }), { numDim: pre.numDim, catDim: pre.catDim });
      const out = await runner.run(test);
      await runner.close();
      let dp = 0,
        dz = 0;
      for (let i = 0; i < test.rows; i++) {
        dp = Math.max(dp, Math.abs(out.p[i] - pTf[i]));
        dz = Math.max(dz, Math.abs(out.logit[i] - zTf[i]));
      }
      expect(out.p.length).toBe(10_000);
      expect(dp).toBeLessThanOrEqual(1e-5);
      expect(dz).toBeLessThanOrEqual(1e-4);
      // the plain float64 reference agrees too (the weights were read out as the graph holds them)
      const r = 17;
      const ref = logitOf(
        net,
        test.num.subarray(r * pre.numDim, (r + 1) * pre.numDim),
        test.cat.subarray(r * pre.catDim, (r + 1) * pre.catDim),
      );
      expect(Math.abs(ref - out.logit[r])).toBeLessThan(1e-4);
      // the model learnt something: the logits are not constant
      expect(Math.max(...zTf.subarray(0, 500)) - Math.min(...zTf.subarray(0, 500))).toBeGreaterThan(0.5);
      model.dispose();
    }, 60_000);
  }

  it('a file that is not an ONNX model is refused with a clear error', async () => {
    await expect(openOnnxRunner(new TextEncoder().encode('not a model'), { numDim: 1, catDim: 1 })).rejects.toThrow(
      /cannot be loaded by onnxruntime/,
    );
  });
});
