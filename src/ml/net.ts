/**
 * A trained network as plain data, the one form both the ONNX export and the card read:
 * `logit = layers(concat(num, flatten(emb[cat])))`, `p = sigmoid(calib.a · logit + calib.b)`.
 * The logistic model is the same with embeddings of width 1 and one linear layer.
 */
export type ModelKind = 'logistic' | 'embedding-mlp';

export interface DenseLayer {
  inputs: number;
  units: number;
  /** Row-major [inputs × units]. */
  kernel: Float32Array;
  bias: Float32Array;
  relu: boolean;
}

export interface NetWeights {
  kind: ModelKind;
  /** Width of the numeric input (standardised features, missing indicators, target encodings). */
  numDim: number;
  /** Number of categorical inputs (one global vocabulary index each). */
  catDim: number;
  /** Rows of the shared embedding table (all categoricals' vocabularies with their offsets). */
  vocab: number;
  embDim: number;
  /** Row-major [vocab × embDim]. */
  embedding: Float32Array;
  layers: DenseLayer[];
  /** Platt scaling of the logit. */
  calib: { a: number; b: number };
}

/** Plain JSON form (numbers arrays) for tests and debugging. */
export function netShapes(n: NetWeights): string {
  return [
    `${n.kind}: num ${n.numDim}, cat ${n.catDim}×${n.embDim} (vocab ${n.vocab})`,
    ...n.layers.map((l) => `${l.inputs}→${l.units}${l.relu ? ' relu' : ''}`),
  ].join('; ');
}

/** The logit of one row computed in plain float64 (reference for tests and for reasons). */
export function logitOf(n: NetWeights, num: Float32Array, cat: Int32Array): number {
  let h = new Float64Array(n.numDim + n.catDim * n.embDim);
  h.set(num);
  for (let c = 0; c < n.catDim; c++) for (let d = 0; d < n.embDim; d++) h[n.numDim + c * n.embDim + d] = n.embedding[cat[c] * n.embDim + d];
  for (const l of n.layers) {
    const o = new Float64Array(l.units);
    for (let u = 0; u < l.units; u++) {
      let s = l.bias[u];
      for (let i = 0; i < l.inputs; i++) s += h[i] * l.kernel[i * l.units + u];
      o[u] = l.relu && s < 0 ? 0 : s;
    }
    h = o;
  }
  return h[0];
}
