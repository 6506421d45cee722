/** The two model families as tfjs layers models, and their weights as plain data ({@link NetWeights}). */
import type * as tfns from '@tensorflow/tfjs';
import type { ModelKind, NetWeights } from './net.js';

export interface NetConfig {
  kind: ModelKind;
  numDim: number;
  catDim: number;
  vocab: number;
  /** Embedding width (1 for the logistic model). */
  embDim: number;
  /** Hidden layer widths (none for the logistic model). */
  hidden: readonly number[];
  seed: number;
}

/** Builds `logit = dense…(concat(num, flatten(embedding(cat))))`. */
export function buildModel(tf: typeof tfns, cfg: NetConfig): tfns.LayersModel {
  const num = tf.input({ shape: [cfg.numDim], name: 'num' });
  const cat = tf.input({ shape: [cfg.catDim], dtype: 'int32', name: 'cat' });
  const parts: tfns.SymbolicTensor[] = [num];
  if (cfg.catDim > 0) {
    const emb = tf.layers
      .embedding({
        inputDim: cfg.vocab,
        outputDim: cfg.embDim,
        inputLength: cfg.catDim,
        name: 'embedding',
        embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: cfg.seed }),
      })
      .apply(cat) as tfns.SymbolicTensor;
    parts.push(tf.layers.flatten({ name: 'emb_flat' }).apply(emb) as tfns.SymbolicTensor);
  }
  let h = parts.length > 1 ? (tf.layers.concatenate({ name: 'concat' }).apply(parts) as tfns.SymbolicTensor) : num;
  cfg.hidden.forEach((units, i) => {
    h = tf.layers
      .dense({ units, activation: 'relu', name: `dense${i}`, kernelInitializer: tf.initializers.glorotUniform({ seed: cfg.seed + 1 + i }) })
      .apply(h) as tfns.SymbolicTensor;
  });
  const out = tf.layers
    .dense({ units: 1, name: `dense${cfg.hidden.length}`, kernelInitializer: tf.initializers.glorotUniform({ seed: cfg.seed + 100 }) })
    .apply(h) as tfns.SymbolicTensor;
  return tf.model({ inputs: [num, cat], outputs: out });
}

/** Reads the trained weights into plain data. */
export function extractWeights(model: tfns.LayersModel, cfg: NetConfig, calib: { a: number; b: number }): NetWeights {
  const embedding = cfg.catDim > 0 ? (model.getLayer('embedding').getWeights()[0].dataSync() as Float32Array).slice() : new Float32Array(0);
  const layers = [...cfg.hidden, 1].map((units, i) => {
    const [k, b] = model.getLayer(`dense${i}`).getWeights();
    return {
      inputs: k.shape[0],
      units,
      kernel: (k.dataSync() as Float32Array).slice(),
      bias: (b.dataSync() as Float32Array).slice(),
      relu: i < cfg.hidden.length,
    };
  });
  return { kind: cfg.kind, numDim: cfg.numDim, catDim: cfg.catDim, vocab: cfg.vocab, embDim: cfg.embDim, embedding, layers, calib };
}

/** Logits of a batch with tfjs (chunks of 8 192 rows). */
export function predictLogits(
  tf: typeof tfns,
  model: tfns.LayersModel,
  b: { rows: number; num: Float32Array; cat: Int32Array },
  numDim: number,
  catDim: number,
): Float32Array {
  const out = new Float32Array(b.rows);
  const step = 8192;
  for (let s = 0; s < b.rows; s += step) {
    const e = Math.min(b.rows, s + step);
    const z = tf.tidy(() => {
      const x = tf.tensor2d(b.num.subarray(s * numDim, e * numDim), [e - s, numDim]);
      const c = tf.tensor2d(b.cat.subarray(s * catDim, e * catDim), [e - s, catDim], 'int32');
      return (model.predict([x, c]) as tfns.Tensor).dataSync() as Float32Array;
    });
    out.set(z, s);
  }
  return out;
}
