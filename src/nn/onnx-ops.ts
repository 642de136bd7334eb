/**
 * ONNX operators as Sprout ops: what an imported ONNX graph runs (see onnx-graph.ts). Each entry
 * computes one operator from its input tensors and attributes with the public tensor ops, so
 * autograd works through an imported model and every backend runs it. The set covers what Sprout's
 * exporter writes plus the common forms PyTorch writes for the same layers (Gemm, Constant, Slice,
 * Concat, Squeeze); int64 values are int32 in Sprout.
 *
 * Shape legend: N batch, C channels, H×W spatial.
 */
import {
  abs,
  add,
  arange,
  broadcastTo,
  cast,
  clip,
  concat,
  type DType,
  div,
  eq,
  erf,
  exp,
  floor,
  full,
  ge,
  gt,
  indexSelect,
  le,
  leakyRelu,
  log,
  logicalNot,
  logSoftmax,
  lt,
  matmul,
  mean,
  ModelFormatError,
  mul,
  neg,
  pad,
  permute,
  pow,
  relu,
  reshape,
  rsqrt,
  select,
  sigmoid,
  sign,
  slice,
  softmax,
  split,
  sqrt,
  square,
  squeeze,
  sub,
  sum,
  tanh,
  type Tensor,
  tensor,
  transpose,
  unsqueeze,
  where as choose,
} from '../core/index.js';
import { avgPool2d, conv1d, conv2d, maxPool2d } from './functional-conv.js';

/** A node attribute as an imported graph keeps it (JSON: tensors were turned into initializers). */
export type OnnxGraphAttribute =
  | { readonly type: 'float' | 'int'; readonly value: number }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'floats' | 'ints'; readonly value: readonly number[] }
  | { readonly type: 'strings'; readonly value: readonly string[] };

/** Reads a node's attributes with defaults; a wrong type raises ModelFormatError naming the node. */
export class OnnxAttributes {
  constructor(
    private readonly where: string,
    private readonly values: { readonly [name: string]: OnnxGraphAttribute },
  ) {}

  private get(name: string, types: readonly string[]): OnnxGraphAttribute | undefined {
    const a = this.values[name];
    if (a !== undefined && !types.includes(a.type)) throw new ModelFormatError(`importOnnx: attribute '${name}' of ${this.where} must be ${types.join(' or ')}, got ${a.type}`);
    return a;
  }

  int(name: string, fallback: number): number {
    return (this.get(name, ['int'])?.value as number | undefined) ?? fallback;
  }

  float(name: string, fallback: number): number {
    return (this.get(name, ['float', 'int'])?.value as number | undefined) ?? fallback;
  }

  ints(name: string): readonly number[] | undefined {
    return this.get(name, ['ints'])?.value as readonly number[] | undefined;
  }

  string(name: string, fallback: string): string {
    return (this.get(name, ['string'])?.value as string | undefined) ?? fallback;
  }

  /** Fails for an attribute value this importer does not implement. */
  unsupported(name: string, value: string): never {
    throw new ModelFormatError(`importOnnx: ${this.where} uses ${name} = ${value}, which Sprout does not import`);
  }
}

/** Computes one operator: input tensors (undefined for an omitted optional one) → outputs. */
export type OnnxOp = (inputs: readonly (Tensor | undefined)[], attributes: OnnxAttributes, where: string) => Tensor[];

/** ONNX element type codes (TensorProto.DataType) → Sprout dtypes. */
export const ONNX_DTYPES: ReadonlyMap<number, DType> = new Map<number, DType>([
  [1, 'float32'],
  [2, 'int32'],
  [3, 'int32'],
  [5, 'int32'],
  [6, 'int32'],
  [7, 'int32'],
  [9, 'bool'],
  [11, 'float64'],
]);

function need(inputs: readonly (Tensor | undefined)[], index: number, where: string): Tensor {
  const t = inputs[index];
  if (t === undefined) throw new ModelFormatError(`importOnnx: ${where} is missing its input ${index}`);
  return t;
}

/** Values of a small integer tensor (shapes, axes, sizes). */
function intsOf(t: Tensor): number[] {
  return Array.from(t.dataSync(), Number);
}

const axisOf = (axis: number, rank: number): number => (axis < 0 ? axis + rank : axis);

function unary(op: (x: Tensor) => Tensor): OnnxOp {
  return (inputs, _a, where) => [op(need(inputs, 0, where))];
}

function binary(op: (a: Tensor, b: Tensor) => Tensor): OnnxOp {
  return (inputs, _a, where) => [op(need(inputs, 0, where), need(inputs, 1, where))];
}

/** Spatial pads [b1, b2, …, e1, e2, …] as pairs; symmetric pairs become the op's padding argument. */
function padsOf(attributes: OnnxAttributes, spatial: number): { symmetric: number[] | null; pairs: [number, number][] } {
  if (attributes.string('auto_pad', 'NOTSET') !== 'NOTSET' && attributes.string('auto_pad', 'NOTSET') !== 'VALID') {
    attributes.unsupported('auto_pad', attributes.string('auto_pad', ''));
  }
  const pads = attributes.ints('pads') ?? new Array<number>(2 * spatial).fill(0);
  const pairs = Array.from({ length: spatial }, (_, i) => [pads[i]!, pads[i + spatial]!] as [number, number]);
  return { symmetric: pairs.every(([b, e]) => b === e) ? pairs.map(([b]) => b) : null, pairs };
}

/** x padded on its spatial (trailing) axes by `pairs`, with `value`. */
function padSpatial(x: Tensor, pairs: readonly [number, number][], value: number): Tensor {
  return pad(x, [...new Array<[number, number]>(x.rank - pairs.length).fill([0, 0]), ...pairs], value);
}

const convOp: OnnxOp = (inputs, a, where) => {
  const x = need(inputs, 0, where);
  const w = need(inputs, 1, where);
  const spatial = w.rank - 2;
  if (spatial !== 1 && spatial !== 2) throw new ModelFormatError(`importOnnx: ${where} is a ${spatial}-d convolution; Sprout imports 1-d and 2-d`);
  const { symmetric, pairs } = padsOf(a, spatial);
  const input = symmetric === null ? padSpatial(x, pairs, 0) : x;
  const padding = symmetric ?? new Array<number>(spatial).fill(0);
  const stride = a.ints('strides') ?? new Array<number>(spatial).fill(1);
  const dilation = a.ints('dilations') ?? new Array<number>(spatial).fill(1);
  const groups = a.int('group', 1);
  const bias = inputs[2] ?? null;
  if (spatial === 1) return [conv1d(input, w, bias, { stride: stride[0]!, padding: padding[0]!, dilation: dilation[0]!, groups })];
  return [conv2d(input, w, bias, { stride: [stride[0]!, stride[1]!], padding: [padding[0]!, padding[1]!], dilation: [dilation[0]!, dilation[1]!], groups })];
};

function poolOp(kind: 'max' | 'average'): OnnxOp {
  return (inputs, a, where) => {
    const x = need(inputs, 0, where);
    const kernel = a.ints('kernel_shape');
    if (kernel?.length !== 2) throw new ModelFormatError(`importOnnx: ${where} must pool over 2 spatial axes with kernel_shape, got ${JSON.stringify(kernel)}`);
    if (a.int('ceil_mode', 0) !== 0) a.unsupported('ceil_mode', '1');
    const k: [number, number] = [kernel[0]!, kernel[1]!];
    const strides = a.ints('strides') ?? [1, 1];
    const stride: [number, number] = [strides[0]!, strides[1]!];
    const { symmetric, pairs } = padsOf(a, 2);
    // Sprout pools pad at most half the kernel; anything else is padded explicitly first.
    const inline = symmetric !== null && symmetric.every((p, i) => p <= Math.floor(k[i]! / 2)) ? symmetric : null;
    if (kind === 'max') {
      const dilations = a.ints('dilations') ?? [1, 1];
      const input = inline === null ? padSpatial(x, pairs, -Infinity) : x;
      const padding: [number, number] = inline === null ? [0, 0] : [inline[0]!, inline[1]!];
      return [maxPool2d(input, k, { stride, padding, dilation: [dilations[0]!, dilations[1]!] })];
    }
    const padded = pairs.some(([b, e]) => b > 0 || e > 0);
    if (padded && a.int('count_include_pad', 0) !== 1) a.unsupported('count_include_pad', '0 with padding');
    const input = inline === null ? padSpatial(x, pairs, 0) : x;
    const padding: [number, number] = inline === null ? [0, 0] : [inline[0]!, inline[1]!];
    return [avgPool2d(input, k, { stride, padding })];
  };
}

const gemmOp: OnnxOp = (inputs, a, where) => {
  let x = need(inputs, 0, where);
  let w = need(inputs, 1, where);
  if (a.int('transA', 0) === 1) x = transpose(x);
  if (a.int('transB', 0) === 1) w = transpose(w);
  let y = matmul(x, w);
  const alpha = a.float('alpha', 1);
  if (alpha !== 1) y = mul(y, alpha);
  const c = inputs[2];
  if (c === undefined) return [y];
  const beta = a.float('beta', 1);
  return [add(y, beta === 1 ? c : mul(c, beta))];
};

const reshapeOp: OnnxOp = (inputs, a, where) => {
  const x = need(inputs, 0, where);
  const allowZero = a.int('allowzero', 0) === 1;
  const shape = intsOf(need(inputs, 1, where)).map((d, i) => (d === 0 && !allowZero ? x.shape[i]! : d));
  const known = shape.filter((d) => d !== -1).reduce((p, d) => p * d, 1);
  return [reshape(x, shape.map((d) => (d === -1 ? x.size / known : d)))];
};

const flattenOp: OnnxOp = (inputs, a, where) => {
  const x = need(inputs, 0, where);
  const axis = axisOf(a.int('axis', 1), x.rank);
  const outer = x.shape.slice(0, axis).reduce((p, d) => p * d, 1);
  return [reshape(x, [outer, outer === 0 ? 0 : x.size / outer])];
};

/** Axes from the second input (opset ≥ 13) or the `axes` attribute (older opsets). */
function axesOf(inputs: readonly (Tensor | undefined)[], a: OnnxAttributes): number[] | undefined {
  const t = inputs[1];
  return t !== undefined ? intsOf(t) : a.ints('axes')?.slice();
}

function reduceOp(reduce: (x: Tensor, axes: number[], keep: boolean) => Tensor): OnnxOp {
  return (inputs, a, where) => {
    const x = need(inputs, 0, where);
    const axes = axesOf(inputs, a);
    const keep = a.int('keepdims', 1) === 1;
    if (axes === undefined || axes.length === 0) {
      if (a.int('noop_with_empty_axes', 0) === 1) return [x];
      return [reduce(x, x.shape.map((_, i) => i), keep)];
    }
    return [reduce(x, axes.map((ax) => axisOf(ax, x.rank)), keep)];
  };
}

const unsqueezeOp: OnnxOp = (inputs, a, where) => {
  let x = need(inputs, 0, where);
  const axes = axesOf(inputs, a) ?? [];
  const rank = x.rank + axes.length;
  for (const ax of axes.map((v) => axisOf(v, rank)).sort((p, q) => p - q)) x = unsqueeze(x, ax);
  return [x];
};

const squeezeOp: OnnxOp = (inputs, a, where) => {
  const x = need(inputs, 0, where);
  const axes = axesOf(inputs, a);
  return [axes === undefined ? squeeze(x) : squeeze(x, axes.map((v) => axisOf(v, x.rank)))];
};

const gatherOp: OnnxOp = (inputs, a, where) => {
  const data = need(inputs, 0, where);
  const indices = need(inputs, 1, where);
  const axis = axisOf(a.int('axis', 0), data.rank);
  const size = data.shape[axis]!;
  const values = Array.from(indices.dataSync(), (v) => (v < 0 ? v + size : v));
  if (values.some((v) => v < 0 || v >= size)) throw new ModelFormatError(`importOnnx: ${where} has an index outside [0, ${size})`);
  if (indices.rank === 0) return [select(data, axis, values[0]!)];
  const picked = indexSelect(data, axis, tensor(values, { dtype: 'int32' }));
  return [reshape(picked, [...data.shape.slice(0, axis), ...indices.shape, ...data.shape.slice(axis + 1)])];
};

const splitOp: OnnxOp = (inputs, a, where) => {
  const x = need(inputs, 0, where);
  const axis = axisOf(a.int('axis', 0), x.rank);
  const given = inputs[1] !== undefined ? intsOf(inputs[1]) : a.ints('split');
  if (given !== undefined) return split(x, [...given], axis);
  const parts = a.int('num_outputs', 0);
  if (parts < 1) throw new ModelFormatError(`importOnnx: ${where} needs split sizes or num_outputs`);
  return split(x, Math.ceil(x.shape[axis]! / parts), axis);
};

const sliceOp: OnnxOp = (inputs, _a, where) => {
  let x = need(inputs, 0, where);
  const starts = intsOf(need(inputs, 1, where));
  const ends = intsOf(need(inputs, 2, where));
  const axes = inputs[3] === undefined ? starts.map((_, i) => i) : intsOf(inputs[3]);
  const steps = inputs[4] === undefined ? starts.map(() => 1) : intsOf(inputs[4]);
  axes.forEach((axisValue, i) => {
    const axis = axisOf(axisValue, x.rank);
    const size = x.shape[axis]!;
    if (steps[i]! < 1) throw new ModelFormatError(`importOnnx: ${where} slices with step ${steps[i]}; Sprout imports positive steps`);
    const clampIndex = (v: number): number => Math.min(size, Math.max(0, v < 0 ? v + size : v));
    x = slice(x, axis, clampIndex(starts[i]!), clampIndex(ends[i]!), steps[i]!);
  });
  return [x];
};

const castOp: OnnxOp = (inputs, a, where) => {
  const to = a.int('to', 0);
  const dtype = ONNX_DTYPES.get(to);
  if (dtype === undefined) return a.unsupported('to', String(to));
  return [cast(need(inputs, 0, where), dtype)];
};

const shapeOp: OnnxOp = (inputs, a, where) => {
  const x = need(inputs, 0, where);
  const start = axisOf(a.int('start', 0), x.rank);
  const end = axisOf(a.int('end', x.rank), x.rank);
  return [tensor(x.shape.slice(start, end), { dtype: 'int32' })];
};

const rangeOp: OnnxOp = (inputs, _a, where) => {
  const start = need(inputs, 0, where);
  const [from, to, step] = [start, need(inputs, 1, where), need(inputs, 2, where)].map((t) => t.item());
  return [arange(from!, to!, step!, { dtype: start.dtype })];
};

/** ONNX Expand broadcasts both ways: the result has the broadcast of x's shape and the given one. */
const expandOp: OnnxOp = (inputs, _a, where) => {
  const x = need(inputs, 0, where);
  const shape = intsOf(need(inputs, 1, where));
  const rank = Math.max(shape.length, x.rank);
  const target = Array.from({ length: rank }, (_, i) => {
    const a = x.shape[i - (rank - x.rank)] ?? 1;
    const b = shape[i - (rank - shape.length)] ?? 1;
    return a === 1 ? b : a;
  });
  return [broadcastTo(x, target)];
};

/** Keeps the lower (upper = 0) or upper triangle of the last two axes, offset by k. */
const triluOp: OnnxOp = (inputs, a, where) => {
  const x = need(inputs, 0, where);
  const k = inputs[1] === undefined ? 0 : inputs[1].item();
  const rows = x.shape[x.rank - 2]!;
  const cols = x.shape[x.rank - 1]!;
  const offset = sub(reshape(arange(0, cols, 1, { dtype: 'int32' }), [1, cols]), reshape(arange(0, rows, 1, { dtype: 'int32' }), [rows, 1]));
  const keep = a.int('upper', 1) === 1 ? ge(offset, k) : le(offset, k);
  return [choose(keep, x, 0)];
};

const constantOfShapeOp: OnnxOp = (inputs, a, where) => {
  const dtype = ONNX_DTYPES.get(a.int('value_type', 1)) ?? 'float32';
  return [full(intsOf(need(inputs, 0, where)), a.float('value', 0), { dtype })];
};

const batchNormOp: OnnxOp = (inputs, a, where) => {
  const x = need(inputs, 0, where);
  const perChannel = (t: Tensor): Tensor => reshape(t, x.shape.map((d, i) => (i === 1 ? d : 1)));
  const [scale, bias, runningMean, runningVar] = [1, 2, 3, 4].map((i) => perChannel(need(inputs, i, where)));
  const normalised = mul(sub(x, runningMean!), rsqrt(add(runningVar!, a.float('epsilon', 1e-5))));
  return [add(mul(normalised, scale!), bias!)];
};

const layerNormOp: OnnxOp = (inputs, a, where) => {
  const x = need(inputs, 0, where);
  const axis = axisOf(a.int('axis', -1), x.rank);
  const axes = x.shape.map((_, i) => i).filter((i) => i >= axis);
  const centred = sub(x, mean(x, axes, true));
  const normalised = mul(centred, rsqrt(add(mean(square(centred), axes, true), a.float('epsilon', 1e-5))));
  const scaled = mul(normalised, need(inputs, 1, where));
  return [inputs[2] === undefined ? scaled : add(scaled, inputs[2])];
};

const transposeOp: OnnxOp = (inputs, a, where) => {
  const x = need(inputs, 0, where);
  return [permute(x, a.ints('perm') ?? x.shape.map((_, i) => x.rank - 1 - i))];
};

const softmaxOp = (log: boolean): OnnxOp => (inputs, a, where) => {
  const x = need(inputs, 0, where);
  return [(log ? logSoftmax : softmax)(x, a.int('axis', -1))];
};

const clipOp: OnnxOp = (inputs, _a, where) => {
  const bound = (t: Tensor | undefined): number | null => (t === undefined ? null : t.item());
  return [clip(need(inputs, 0, where), bound(inputs[1]), bound(inputs[2]))];
};

/** Div: true division for floats; for integers ONNX divides as C does, truncating toward zero. */
const divOp: OnnxOp = (inputs, _a, at) => {
  const a = need(inputs, 0, at);
  const b = need(inputs, 1, at);
  if (a.isFloatingPoint() || b.isFloatingPoint()) return [div(a, b)];
  const q = div(a, b);
  return [cast(mul(sign(q), floor(abs(q))), a.dtype)];
};

const identity: OnnxOp = (inputs, _a, where) => [need(inputs, 0, where)];

/** The operators Sprout imports, by ONNX op_type. */
export const ONNX_OPS: ReadonlyMap<string, OnnxOp> = new Map<string, OnnxOp>([
  ['Identity', identity],
  ['Dropout', identity],
  ['Add', binary(add)],
  ['Sub', binary(sub)],
  ['Mul', binary(mul)],
  ['Div', divOp],
  ['Pow', binary(pow)],
  ['MatMul', binary(matmul)],
  ['Equal', binary(eq)],
  ['Less', binary(lt)],
  ['Greater', binary(gt)],
  ['Where', (inputs, _a, w) => [choose(need(inputs, 0, w), need(inputs, 1, w), need(inputs, 2, w))]],
  ['Not', unary(logicalNot)],
  ['Relu', unary(relu)],
  ['Sigmoid', unary(sigmoid)],
  ['Tanh', unary(tanh)],
  ['Erf', unary(erf)],
  ['Sqrt', unary(sqrt)],
  ['Exp', unary(exp)],
  ['Log', unary(log)],
  ['Neg', unary(neg)],
  ['Abs', unary(abs)],
  ['LeakyRelu', (inputs, a, w) => [leakyRelu(need(inputs, 0, w), a.float('alpha', 0.01))]],
  ['Clip', clipOp],
  ['Softmax', softmaxOp(false)],
  ['LogSoftmax', softmaxOp(true)],
  ['Gemm', gemmOp],
  ['Conv', convOp],
  ['MaxPool', poolOp('max')],
  ['AveragePool', poolOp('average')],
  ['GlobalAveragePool', unary((x) => mean(x, x.shape.map((_, i) => i).slice(2), true))],
  ['BatchNormalization', batchNormOp],
  ['LayerNormalization', layerNormOp],
  ['Flatten', flattenOp],
  ['Reshape', reshapeOp],
  ['Transpose', transposeOp],
  ['Unsqueeze', unsqueezeOp],
  ['Squeeze', squeezeOp],
  ['Concat', (inputs, a, w) => [concat(inputs.map((_, i) => need(inputs, i, w)), a.int('axis', 0))]],
  ['Split', splitOp],
  ['Slice', sliceOp],
  ['Gather', gatherOp],
  ['Cast', castOp],
  ['Shape', shapeOp],
  ['Range', rangeOp],
  ['Expand', expandOp],
  ['Trilu', triluOp],
  ['ConstantOfShape', constantOfShapeOp],
  ['ReduceSum', reduceOp((x, axes, keep) => sum(x, axes, keep))],
  ['ReduceMean', reduceOp((x, axes, keep) => mean(x, axes, keep))],
]);
