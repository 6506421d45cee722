/**
 * tfjs on the wasm backend (the native tfjs-node cannot install here), with the one kernel embeddings need:
 * the gradient of a gather is UnsortedSegmentSum, which the wasm backend lacks and the cpu backend computes in
 * O(segments · rows · width). Ours is a scatter-add, O(rows · width). Only `src/ml/` imports tfjs.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

type Typed = Float32Array | Int32Array;
interface WasmBackendLike {
  typedArrayFromHeap(t: tf.TensorInfo): Typed;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

function scatterAdd(x: Typed, ids: Typed, out: Typed, rows: number, inner: number, segments: number): void {
  out.fill(0);
  for (let r = 0; r < rows; r++) {
    const s = ids[r];
    if (s < 0 || s >= segments) continue;
    const o = s * inner;
    const i0 = r * inner;
    for (let k = 0; k < inner; k++) out[o + k] += x[i0 + k];
  }
}

let ready: Promise<typeof tf> | undefined;

/** Initialises tfjs on the wasm backend once per process and returns it. */
export function tfReady(): Promise<typeof tf> {
  ready ??= (async () => {
    tf.env().set('PROD', true);
    await tf.setBackend('wasm');
    await tf.ready();
    if (tf.getKernel('UnsortedSegmentSum', 'wasm')) tf.unregisterKernel('UnsortedSegmentSum', 'wasm');
    tf.registerKernel({
      kernelName: 'UnsortedSegmentSum',
      backendName: 'wasm',
      kernelFunc: ({ inputs, backend, attrs }) => {
        const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
        const segments = (attrs as { numSegments: number }).numSegments;
        const be = backend as unknown as WasmBackendLike;
        const rows = segmentIds.shape.reduce((a, b) => a * b, 1);
        const size = x.shape.reduce((a, b) => a * b, 1);
        const inner = rows ? size / rows : 0;
        const shape = [segments, ...x.shape.slice(segmentIds.shape.length)];
        const out = be.makeOutput(shape, x.dtype);
        scatterAdd(be.typedArrayFromHeap(x), be.typedArrayFromHeap(segmentIds), be.typedArrayFromHeap(out), rows, inner, segments);
        return out;
      },
    });
    return tf;
  })();
  return ready;
}

export type Tf = typeof tf;
