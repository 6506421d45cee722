/**
 * The few ONNX protobuf messages a model of ours needs (ModelProto, GraphProto, NodeProto, AttributeProto,
 * TensorProto, ValueInfoProto), written by hand: field numbers from onnx/onnx.proto (IR version 8). Proto2 repeated
 * scalars are written unpacked, which every parser accepts.
 */

/** A growable byte buffer with the protobuf wire encodings. */
class Writer {
  private buf = new Uint8Array(256);
  len = 0;
  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
  varint(v: number | bigint): void {
    let x = BigInt.asUintN(64, BigInt(v));
    this.ensure(10);
    while (x >= 0x80n) {
      this.buf[this.len++] = Number(x & 0x7fn) | 0x80;
      x >>= 7n;
    }
    this.buf[this.len++] = Number(x);
  }
  tag(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }
  bytes(field: number, b: Uint8Array): void {
    this.tag(field, 2);
    this.varint(b.length);
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
  string(field: number, s: string): void {
    this.bytes(field, new TextEncoder().encode(s));
  }
  int(field: number, v: number | bigint): void {
    this.tag(field, 0);
    this.varint(v);
  }
  float(field: number, v: number): void {
    this.tag(field, 5);
    this.ensure(4);
    new DataView(this.buf.buffer, this.buf.byteOffset + this.len, 4).setFloat32(0, v, true);
    this.len += 4;
  }
  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/** ONNX TensorProto.DataType values used here. */
export const DT = { FLOAT: 1, INT32: 6, INT64: 7 } as const;

export interface OnnxTensor {
  name: string;
  dims: readonly number[];
  /** float32 values (FLOAT) or int32 values (INT32) or int64 values (INT64, as numbers). */
  data: Float32Array | Int32Array | number[];
  dataType: (typeof DT)[keyof typeof DT];
}
export type OnnxAttr =
  | { name: string; type: 'int'; value: number }
  | { name: string; type: 'float'; value: number }
  | { name: string; type: 'ints'; value: readonly number[] };
export interface OnnxNode {
  op: string;
  inputs: readonly string[];
  outputs: readonly string[];
  name: string;
  attrs?: readonly OnnxAttr[];
}
/** A graph input or output: element type and shape (a string is a symbolic dimension, e.g. 'N'). */
export interface OnnxValue {
  name: string;
  elemType: number;
  shape: readonly (number | string)[];
}
export interface OnnxGraph {
  name: string;
  nodes: readonly OnnxNode[];
  initializers: readonly OnnxTensor[];
  inputs: readonly OnnxValue[];
  outputs: readonly OnnxValue[];
}

function tensor(t: OnnxTensor): Uint8Array {
  const w = new Writer();
  for (const d of t.dims) w.int(1, d);
  w.int(2, t.dataType);
  w.string(8, t.name);
  if (t.dataType === DT.INT64) {
    const raw = new BigInt64Array(t.data.length);
    for (let i = 0; i < t.data.length; i++) raw[i] = BigInt(t.data[i]);
    w.bytes(9, new Uint8Array(raw.buffer));
  } else {
    const arr = t.data instanceof Float32Array || t.data instanceof Int32Array ? t.data : Int32Array.from(t.data);
    // raw_data is little-endian, as typed arrays are on every platform Node runs on here
    w.bytes(9, new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength));
  }
  return w.finish();
}

function attribute(a: OnnxAttr): Uint8Array {
  const w = new Writer();
  w.string(1, a.name);
  if (a.type === 'float') {
    w.float(2, a.value);
    w.int(20, 1);
  } else if (a.type === 'int') {
    w.int(3, a.value);
    w.int(20, 2);
  } else {
    for (const v of a.value) w.int(8, v);
    w.int(20, 7);
  }
  return w.finish();
}

function node(n: OnnxNode): Uint8Array {
  const w = new Writer();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, n.name);
  w.string(4, n.op);
  for (const a of n.attrs ?? []) w.bytes(5, attribute(a));
  return w.finish();
}

function valueInfo(v: OnnxValue): Uint8Array {
  const shape = new Writer();
  for (const d of v.shape) {
    const dim = new Writer();
    if (typeof d === 'string') dim.string(2, d);
    else dim.int(1, d);
    shape.bytes(1, dim.finish());
  }
  const tt = new Writer();
  tt.int(1, v.elemType);
  tt.bytes(2, shape.finish());
  const type = new Writer();
  type.bytes(1, tt.finish());
  const w = new Writer();
  w.string(1, v.name);
  w.bytes(2, type.finish());
  return w.finish();
}

/** Encodes a ModelProto (IR 8, default-domain opset 13) holding `graph`. */
export function encodeModel(graph: OnnxGraph, meta: { producer: string; docString?: string; props?: Record<string, string> }): Uint8Array {
  const g = new Writer();
  for (const n of graph.nodes) g.bytes(1, node(n));
  g.string(2, graph.name);
  for (const t of graph.initializers) g.bytes(5, tensor(t));
  for (const i of graph.inputs) g.bytes(11, valueInfo(i));
  for (const o of graph.outputs) g.bytes(12, valueInfo(o));
  const opset = new Writer();
  opset.string(1, '');
  opset.int(2, 13);
  const m = new Writer();
  m.int(1, 8);
  m.string(2, meta.producer);
  if (meta.docString) m.string(6, meta.docString);
  m.bytes(7, g.finish());
  m.bytes(8, opset.finish());
  for (const [k, v] of Object.entries(meta.props ?? {})) {
    const p = new Writer();
    p.string(1, k);
    p.string(2, v);
    m.bytes(14, p.finish());
  }
  return m.finish();
}
