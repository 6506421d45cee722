import { AppError } from '../errors.js';
import type { EncodedBatch, OpenModelRunner } from '../scoring/scorer.port.js';

type Ort = typeof import('onnxruntime-node');
let ortModule: Promise<Ort> | undefined;

/** onnxruntime-node, loaded on first use (the API process never needs it). A missing runtime is a clear error. */
async function ort(): Promise<Ort> {
  ortModule ??= import('onnxruntime-node').catch((e: unknown) => {
    ortModule = undefined;
    throw new AppError('INTERNAL', `the ONNX runtime (onnxruntime-node) cannot be loaded: ${(e as Error).message}`);
  });
  return ortModule;
}

/** Opens an ONNX model of ours (inputs `num`, `cat`; outputs `p`, `logit`) with onnxruntime-node on the CPU. */
export const openOnnxRunner: OpenModelRunner = async (onnx, dims) => {
  const rt = await ort();
  let session: import('onnxruntime-node').InferenceSession;
  try {
    session = await rt.InferenceSession.create(onnx, { executionProviders: ['cpu'], graphOptimizationLevel: 'all' });
  } catch (e) {
    throw new AppError('BAD_INPUT', `the model file cannot be loaded by onnxruntime: ${(e as Error).message}`);
  }
  const missing = ['num', 'cat']
    .filter((n) => !session.inputNames.includes(n))
    .concat(['p', 'logit'].filter((n) => !session.outputNames.includes(n)));
  if (missing.length) {
    await session.release();
    throw new AppError('BAD_INPUT', `the model file is not an omsx model: missing ${missing.join(', ')}`);
  }
  return {
    numDim: dims.numDim,
    catDim: dims.catDim,
    async run(b: EncodedBatch) {
      if (b.num.length !== b.rows * dims.numDim || b.cat.length !== b.rows * dims.catDim)
        throw new AppError(
          'BAD_INPUT',
          `encoded batch does not match the model (${dims.numDim} numeric, ${dims.catDim} categorical inputs)`,
        );
      if (b.rows === 0) return { p: new Float32Array(0), logit: new Float32Array(0) };
      let out: import('onnxruntime-node').InferenceSession.OnnxValueMapType;
      try {
        out = await session.run({
          num: new rt.Tensor('float32', b.num, [b.rows, dims.numDim]),
          cat: new rt.Tensor('int32', b.cat, [b.rows, dims.catDim]),
        });
      } catch (e) {
        throw new AppError('BAD_INPUT', `the model file does not match its card: ${(e as Error).message}`);
      }
      return { p: out.p.data as Float32Array, logit: out.logit.data as Float32Array };
    },
    close: () => session.release(),
  };
};
