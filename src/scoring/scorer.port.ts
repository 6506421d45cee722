/**
 * What scoring needs from a model runtime: probabilities and logits of encoded rows. Implemented by
 * `ml/onnx.scorer.ts` (onnxruntime-node), the only importer of the runtime.
 */
export interface EncodedBatch {
  rows: number;
  /** Row-major [rows × numDim]. */
  num: Float32Array;
  /** Row-major [rows × catDim], global vocabulary indices. */
  cat: Int32Array;
}

export interface ModelRunner {
  readonly numDim: number;
  readonly catDim: number;
  /** Calibrated probability and raw logit per row. */
  run(batch: EncodedBatch): Promise<{ p: Float32Array; logit: Float32Array }>;
  close(): Promise<void>;
}

/** Opens a runner on the bytes of a model file (`models/<version>/model.onnx`). */
export type OpenModelRunner = (onnx: Uint8Array, dims: { numDim: number; catDim: number }) => Promise<ModelRunner>;
