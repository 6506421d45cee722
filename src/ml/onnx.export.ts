import { DT, encodeModel, type OnnxNode, type OnnxTensor } from './onnx.proto.js';
import type { NetWeights } from './net.js';

/**
 * The ONNX graph of a network: inputs `num` float [N, numDim] and `cat` int32 [N, catDim] (global vocabulary
 * indices), outputs `p` (calibrated probability) and `logit` (before calibration), both float [N, 1].
 * Gather → Flatten → Concat → Gemm(+Relu)… → Mul/Add (Platt) → Sigmoid.
 */
export function exportOnnx(net: NetWeights, meta: { version: string; docString?: string }): Uint8Array {
  const nodes: OnnxNode[] = [];
  const init: OnnxTensor[] = [];
  let h = 'num';
  if (net.catDim > 0) {
    init.push({ name: 'embedding', dims: [net.vocab, net.embDim], data: net.embedding, dataType: DT.FLOAT });
    nodes.push({
      op: 'Gather',
      name: 'emb_gather',
      inputs: ['embedding', 'cat'],
      outputs: ['emb'],
      attrs: [{ name: 'axis', type: 'int', value: 0 }],
    });
    nodes.push({
      op: 'Flatten',
      name: 'emb_flat',
      inputs: ['emb'],
      outputs: ['emb_flat'],
      attrs: [{ name: 'axis', type: 'int', value: 1 }],
    });
    if (net.numDim > 0) {
      nodes.push({
        op: 'Concat',
        name: 'concat',
        inputs: ['num', 'emb_flat'],
        outputs: ['x'],
        attrs: [{ name: 'axis', type: 'int', value: 1 }],
      });
      h = 'x';
    } else h = 'emb_flat';
  }
  net.layers.forEach((l, i) => {
    init.push({ name: `w${i}`, dims: [l.inputs, l.units], data: l.kernel, dataType: DT.FLOAT });
    init.push({ name: `b${i}`, dims: [l.units], data: l.bias, dataType: DT.FLOAT });
    const out = i === net.layers.length - 1 ? 'logit' : `h${i}`;
    const pre = l.relu ? `${out}_pre` : out;
    nodes.push({ op: 'Gemm', name: `dense${i}`, inputs: [h, `w${i}`, `b${i}`], outputs: [pre] });
    if (l.relu) nodes.push({ op: 'Relu', name: `relu${i}`, inputs: [pre], outputs: [out] });
    h = out;
  });
  init.push({ name: 'calib_a', dims: [], data: Float32Array.of(net.calib.a), dataType: DT.FLOAT });
  init.push({ name: 'calib_b', dims: [], data: Float32Array.of(net.calib.b), dataType: DT.FLOAT });
  nodes.push({ op: 'Mul', name: 'platt_a', inputs: ['logit', 'calib_a'], outputs: ['calib_scaled'] });
  nodes.push({ op: 'Add', name: 'platt_b', inputs: ['calib_scaled', 'calib_b'], outputs: ['calib_logit'] });
  nodes.push({ op: 'Sigmoid', name: 'sigmoid', inputs: ['calib_logit'], outputs: ['p'] });
  return encodeModel(
    {
      name: `omsx_${net.kind}`,
      nodes,
      initializers: init,
      inputs: [
        { name: 'num', elemType: DT.FLOAT, shape: ['N', net.numDim] },
        { name: 'cat', elemType: DT.INT32, shape: ['N', net.catDim] },
      ],
      outputs: [
        { name: 'p', elemType: DT.FLOAT, shape: ['N', 1] },
        { name: 'logit', elemType: DT.FLOAT, shape: ['N', 1] },
      ],
    },
    { producer: 'omsx', docString: meta.docString, props: { version: meta.version, kind: net.kind } },
  );
}
