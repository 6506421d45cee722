/**
 * The training loop: Adam on the IPW-weighted binary cross-entropy with L2 on the weights, seeded shuffles,
 * early stopping on a held-out tenth of the training window (best epoch kept).
 */
import type * as tfns from '@tensorflow/tfjs';
import { buildModel, type NetConfig, predictLogits } from './train.model.js';
import { mulberry32, shuffledIndices } from './random.js';

export interface FitOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  l2: number;
  patience: number;
}

export interface Batch {
  rows: number;
  num: Float32Array;
  cat: Int32Array;
}

function take(b: Batch, idx: ArrayLike<number>, numDim: number, catDim: number): Batch {
  const num = new Float32Array(idx.length * numDim);
  const cat = new Int32Array(idx.length * catDim);
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    num.set(b.num.subarray(i * numDim, (i + 1) * numDim), k * numDim);
    cat.set(b.cat.subarray(i * catDim, (i + 1) * catDim), k * catDim);
  }
  return { rows: idx.length, num, cat };
}

function weightedLogLoss(z: Float32Array, y: ArrayLike<number>, w: ArrayLike<number>, idx: ArrayLike<number>): number {
  let s = 0,
    W = 0;
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    const zi = z[k];
    s += w[i] * (Math.max(zi, 0) - zi * y[i] + Math.log1p(Math.exp(-Math.abs(zi))));
    W += w[i];
  }
  return W ? s / W : 0;
}

/** Trains one network; returns the model at its best held-out epoch and the loss history. */
export async function fitNet(tf: typeof tfns, cfg: NetConfig, data: Batch, y: ArrayLike<number>, w: ArrayLike<number>, opts: FitOptions) {
  const { numDim, catDim } = cfg;
  const model = buildModel(tf, cfg);
  const rnd = mulberry32(cfg.seed);
  const all = shuffledIndices(data.rows, rnd);
  const nHold = data.rows >= 200 ? Math.floor(data.rows / 10) : 0;
  const hold = all.subarray(0, nHold);
  const train = all.slice(nHold);
  const holdBatch = take(data, hold, numDim, catDim);
  // weights normalised to mean 1 so that the learning rate means the same whatever the propensities
  let wSum = 0;
  for (const i of train) wSum += w[i];
  const wScale = train.length / (wSum || 1);
  const opt = tf.train.adam(opts.learningRate);
  const vars = model.trainableWeights.map((v) => v.read() as tfns.Variable);
  const penalised = model.trainableWeights.filter((v) => !v.name.includes('bias')).map((v) => v.read());
  const history: { epoch: number; trainLoss: number; holdLoss: number }[] = [];
  let best = { loss: Infinity, epoch: -1, weights: model.getWeights().map((t) => t.clone()) };
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    const order = shuffledIndices(train.length, rnd);
    let lossSum = 0;
    let batches = 0;
    for (let s = 0; s < order.length; s += opts.batchSize) {
      const idx = Array.from(order.subarray(s, s + opts.batchSize), (k) => train[k]);
      const b = take(data, idx, numDim, catDim);
      const yb = Float32Array.from(idx, (i) => y[i]);
      const wb = Float32Array.from(idx, (i) => w[i] * wScale);
      const loss = tf.tidy((): tfns.Scalar => {
        const x = tf.tensor2d(b.num, [b.rows, numDim]);
        const c = tf.tensor2d(b.cat, [b.rows, catDim], 'int32');
        const yt = tf.tensor2d(yb, [b.rows, 1]);
        const wt = tf.tensor2d(wb, [b.rows, 1]);
        return opt.minimize(
          () => {
            const z = model.apply([x, c], { training: true }) as tfns.Tensor;
            const ce = tf
              .relu(z)
              .sub(z.mul(yt))
              .add(tf.log1p(tf.exp(tf.abs(z).neg())));
            const data = ce.mul(wt).sum().div(wt.sum());
            const reg = penalised.reduce((acc: tfns.Tensor, v) => acc.add(tf.square(v).sum()), tf.scalar(0));
            return data.add(reg.mul(opts.l2)) as tfns.Scalar;
          },
          true,
          vars,
        ) as tfns.Scalar;
      });
      lossSum += (await loss.data())[0];
      loss.dispose();
      batches++;
    }
    const holdLoss = nHold ? weightedLogLoss(predictLogits(tf, model, holdBatch, numDim, catDim), y, w, hold) : lossSum / batches;
    history.push({ epoch, trainLoss: lossSum / Math.max(1, batches), holdLoss });
    if (holdLoss < best.loss - 1e-6) {
      best.weights.forEach((t) => t.dispose());
      best = { loss: holdLoss, epoch, weights: model.getWeights().map((t) => t.clone()) };
    } else if (epoch - best.epoch >= opts.patience) break;
  }
  model.setWeights(best.weights);
  best.weights.forEach((t) => t.dispose());
  opt.dispose();
  return { model, history, bestEpoch: best.epoch };
}
