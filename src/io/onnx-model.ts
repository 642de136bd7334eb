/**
 * ONNX model files (onnx.ai, IR version 8): reading and writing a ModelProto as plain TypeScript
 * values. The bytes are protocol buffers, encoded and decoded by the protobufjs library from the
 * schema in `onnx-schema.ts`; this file only maps between the protobuf messages and the
 * {@link OnnxModel} types, checking every field it reads.
 *
 * Tensor data is written little-endian in `raw_data` (what ONNX Runtime and PyTorch write) and read
 * from `raw_data` or the typed fields (`float_data`, `int64_data`, …). Integer tensors of any width
 * are held in an Int32Array: ONNX uses int64 for shapes, axes and indices, and values outside the
 * int32 range only appear there as "to the end" sentinels (Slice ends of 2⁶³ − 1), so they are
 * clamped to the int32 range. Reading never evaluates anything from the file.
 */
import protobuf from 'protobufjs/light.js';
import { ModelFormatError, ValueError } from '../core/index.js';
import { ONNX_SCHEMA } from './onnx-schema.js';

/** Element types Sprout reads and writes. int64 tensors are held as Int32Array values. */
export type OnnxDataType = 'float32' | 'float64' | 'int32' | 'int64' | 'bool';

/** A constant tensor: a graph initializer or an attribute value. */
export interface OnnxTensor {
  readonly name: string;
  readonly dataType: OnnxDataType;
  readonly dims: readonly number[];
  /** Row-major values: Float32Array, Float64Array, Int32Array (int32 and int64) or Uint8Array (bool, 0/1). */
  readonly values: Float32Array | Float64Array | Int32Array | Uint8Array;
}

/** A node attribute, tagged with its ONNX attribute type. */
export type OnnxAttribute =
  | { readonly type: 'float'; readonly value: number }
  | { readonly type: 'int'; readonly value: number }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'tensor'; readonly value: OnnxTensor }
  | { readonly type: 'floats'; readonly value: readonly number[] }
  | { readonly type: 'ints'; readonly value: readonly number[] }
  | { readonly type: 'strings'; readonly value: readonly string[] };

/** One operator application. */
export interface OnnxNode {
  readonly name: string;
  readonly opType: string;
  /** '' for the default ONNX operator set. */
  readonly domain: string;
  /** Value names; '' marks an optional input left out. */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: { readonly [name: string]: OnnxAttribute };
}

/** A graph input or output: its name, element type and shape (a string names a dynamic dimension). */
export interface OnnxValueInfo {
  readonly name: string;
  readonly dataType: OnnxDataType;
  /** Dimensions: a number, or a symbolic name such as 'batch'; null when the shape is not given. */
  readonly shape: readonly (number | string)[] | null;
}

/** A computation graph: nodes in topological order, constant tensors, inputs and outputs. */
export interface OnnxGraph {
  readonly name: string;
  readonly nodes: readonly OnnxNode[];
  readonly initializers: readonly OnnxTensor[];
  /** The graph's inputs; initializers listed here too (older exporters do that) are not real inputs. */
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
}

/** An ONNX model: versions, operator sets, producer and the graph. */
export interface OnnxModel {
  readonly irVersion: number;
  readonly opsetImports: readonly { readonly domain: string; readonly version: number }[];
  readonly producerName: string;
  readonly producerVersion: string;
  readonly graph: OnnxGraph;
  /** metadata_props, as strings. */
  readonly metadata: { readonly [key: string]: string };
}

const DATA_TYPE_CODES: Record<OnnxDataType, number> = { float32: 1, int32: 6, int64: 7, bool: 9, float64: 11 };
/** Integer codes read as int32: uint8, int8, uint16, int16, int32, int64, uint32. */
const INTEGER_CODES = new Map<number, number>([[2, 1], [3, 1], [4, 2], [5, 2], [6, 4], [7, 8], [12, 4]]);
const ATTRIBUTE_CODES = { float: 1, int: 2, string: 3, tensor: 4, floats: 6, ints: 7, strings: 8 } as const;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

let modelType: protobuf.Type | null = null;

/** The ModelProto type, built once from the schema (protobufjs compiles its coders on first use). */
function modelProto(): protobuf.Type {
  modelType ??= protobuf.Root.fromJSON(ONNX_SCHEMA as unknown as protobuf.INamespace).lookupType('onnx.ModelProto');
  return modelType;
}

/**
 * Serialises an ONNX model to protobuf bytes (an `.onnx` file).
 *
 * @throws ValueError when a tensor's values do not match its dims or data type, or an attribute is
 *   not finite.
 * @example
 * const bytes = encodeOnnxModel({ irVersion: 8, opsetImports: [{ domain: '', version: 17 }], producerName: 'sprout',
 *   producerVersion: '0.1.0', graph, metadata: {} });
 */
export function encodeOnnxModel(model: OnnxModel): Uint8Array {
  const g = model.graph;
  const message = {
    irVersion: model.irVersion,
    opsetImport: model.opsetImports.map((o) => ({ domain: o.domain, version: o.version })),
    producerName: model.producerName,
    producerVersion: model.producerVersion,
    graph: {
      name: g.name,
      node: g.nodes.map((n) => ({
        name: n.name,
        opType: n.opType,
        domain: n.domain,
        input: [...n.inputs],
        output: [...n.outputs],
        attribute: Object.entries(n.attributes).map(([name, a]) => encodeAttribute(name, a)),
      })),
      initializer: g.initializers.map(encodeTensor),
      input: g.inputs.map(encodeValueInfo),
      output: g.outputs.map(encodeValueInfo),
    },
    metadataProps: Object.entries(model.metadata).map(([key, value]) => ({ key, value })),
  };
  const type = modelProto();
  return type.encode(type.fromObject(message)).finish();
}

function encodeAttribute(name: string, a: OnnxAttribute): Record<string, unknown> {
  const base = { name, type: ATTRIBUTE_CODES[a.type] };
  switch (a.type) {
    case 'float':
      return { ...base, f: a.value };
    case 'int':
      return { ...base, i: a.value };
    case 'string':
      return { ...base, s: new TextEncoder().encode(a.value) };
    case 'tensor':
      return { ...base, t: encodeTensor(a.value) };
    case 'floats':
      return { ...base, floats: [...a.value] };
    case 'ints':
      return { ...base, ints: [...a.value] };
    case 'strings':
      return { ...base, strings: a.value.map((s) => new TextEncoder().encode(s)) };
  }
}

function encodeTensor(t: OnnxTensor): Record<string, unknown> {
  const count = t.dims.reduce((n, d) => n * d, 1);
  if (t.values.length !== count) {
    throw new ValueError(`encodeOnnxModel: tensor '${t.name}' has dims [${t.dims.join(', ')}] (${count} values) but ${t.values.length} values`);
  }
  const width = t.dataType === 'int64' || t.dataType === 'float64' ? 8 : t.dataType === 'bool' ? 1 : 4;
  const raw = new Uint8Array(count * width);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < count; i++) {
    const v = t.values[i]!;
    switch (t.dataType) {
      case 'float32':
        view.setFloat32(4 * i, v, true);
        break;
      case 'float64':
        view.setFloat64(8 * i, v, true);
        break;
      case 'int32':
        view.setInt32(4 * i, v, true);
        break;
      case 'int64':
        view.setBigInt64(8 * i, BigInt(v), true);
        break;
      case 'bool':
        raw[i] = v === 0 ? 0 : 1;
        break;
    }
  }
  return { name: t.name, dims: [...t.dims], dataType: DATA_TYPE_CODES[t.dataType], rawData: raw };
}

function encodeValueInfo(v: OnnxValueInfo): Record<string, unknown> {
  const tensorType: Record<string, unknown> = { elemType: DATA_TYPE_CODES[v.dataType] };
  if (v.shape !== null) tensorType.shape = { dim: v.shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) };
  return { name: v.name, type: { tensorType } };
}

/** The decoded message as plain values: int64 fields as numbers, bytes as Uint8Array. */
type Plain = { readonly [key: string]: unknown };

/**
 * Parses ONNX protobuf bytes. Tensors with external data (a second file beside the model) are
 * refused: Sprout reads one file.
 *
 * @throws ModelFormatError when the bytes are not a protobuf ModelProto, the graph is missing, or a
 *   tensor, attribute or value type is malformed or of an element type Sprout does not handle
 *   (strings, float16, complex), naming the tensor or node.
 * @example
 * const model = decodeOnnxModel(await readFile('model.onnx'));
 * console.log(model.graph.nodes.map((n) => n.opType));
 */
export function decodeOnnxModel(bytes: Uint8Array): OnnxModel {
  if (!(bytes instanceof Uint8Array)) throw new ModelFormatError(`decodeOnnxModel: bytes must be a Uint8Array, got ${typeof bytes}`);
  const type = modelProto();
  let plain: Plain;
  try {
    plain = type.toObject(type.decode(bytes), { longs: Number, bytes: Uint8Array, defaults: true, arrays: true, oneofs: true }) as Plain;
  } catch (error) {
    throw new ModelFormatError(`decodeOnnxModel: not an ONNX model (${(error as Error).message})`, { cause: error });
  }
  const graph = plain.graph as Plain | null | undefined;
  if (graph === null || graph === undefined || typeof graph !== 'object') throw new ModelFormatError('decodeOnnxModel: not an ONNX model (it has no graph)');
  if (!((plain.irVersion as number) >= 3) || (plain.opsetImport as unknown[]).length === 0) {
    throw new ModelFormatError(`decodeOnnxModel: not an ONNX model (IR version ${String(plain.irVersion)}, ${(plain.opsetImport as unknown[]).length} operator sets; expected IR ≥ 3 and an opset)`);
  }
  const metadata: Record<string, string> = {};
  for (const entry of plain.metadataProps as Plain[]) metadata[entry.key as string] = entry.value as string;
  return {
    irVersion: plain.irVersion as number,
    opsetImports: (plain.opsetImport as Plain[]).map((o) => ({ domain: o.domain as string, version: o.version as number })),
    producerName: plain.producerName as string,
    producerVersion: plain.producerVersion as string,
    graph: decodeGraph(graph),
    metadata,
  };
}

function decodeGraph(g: Plain): OnnxGraph {
  const nodes = (g.node as Plain[]).map((n, index) => {
    const name = (n.name as string) || `#${index}`;
    const attributes: Record<string, OnnxAttribute> = {};
    for (const a of n.attribute as Plain[]) attributes[a.name as string] = decodeAttribute(a, `node '${name}' (${n.opType as string})`);
    return { name, opType: n.opType as string, domain: n.domain as string, inputs: n.input as string[], outputs: n.output as string[], attributes };
  });
  return {
    name: g.name as string,
    nodes,
    initializers: (g.initializer as Plain[]).map((t) => decodeTensor(t, `initializer '${t.name as string}'`)),
    inputs: (g.input as Plain[]).map(decodeValueInfo),
    outputs: (g.output as Plain[]).map(decodeValueInfo),
  };
}

function decodeAttribute(a: Plain, where: string): OnnxAttribute {
  const name = a.name as string;
  const text = (b: unknown): string => new TextDecoder().decode(b as Uint8Array);
  switch (a.type as number) {
    case ATTRIBUTE_CODES.float:
      return { type: 'float', value: a.f as number };
    case ATTRIBUTE_CODES.int:
      return { type: 'int', value: a.i as number };
    case ATTRIBUTE_CODES.string:
      return { type: 'string', value: text(a.s) };
    case ATTRIBUTE_CODES.tensor:
      return { type: 'tensor', value: decodeTensor(a.t as Plain, `attribute '${name}' of ${where}`) };
    case ATTRIBUTE_CODES.floats:
      return { type: 'floats', value: a.floats as number[] };
    case ATTRIBUTE_CODES.ints:
      return { type: 'ints', value: a.ints as number[] };
    case ATTRIBUTE_CODES.strings:
      return { type: 'strings', value: (a.strings as Uint8Array[]).map(text) };
    default:
      throw new ModelFormatError(`decodeOnnxModel: attribute '${name}' of ${where} has type ${String(a.type)}, which Sprout does not read (graphs, sparse tensors)`);
  }
}

function decodeTensor(t: Plain, where: string): OnnxTensor {
  const code = t.dataType as number;
  if ((t.dataLocation as number) === 1 || (t.externalData as unknown[]).length > 0) {
    throw new ModelFormatError(`decodeOnnxModel: ${where} keeps its data in an external file; save the model with its weights inside`);
  }
  const dims = t.dims as number[];
  if (!dims.every((d) => Number.isSafeInteger(d) && d >= 0)) throw new ModelFormatError(`decodeOnnxModel: ${where} has dims [${dims.join(', ')}]`);
  const count = dims.reduce((n, d) => n * d, 1);
  const raw = t.rawData as Uint8Array;
  const fromRaw = raw.length > 0;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const checkLength = (width: number, typed: readonly unknown[]): void => {
    const got = fromRaw ? raw.length : typed.length * width;
    if (got !== count * width) {
      throw new ModelFormatError(`decodeOnnxModel: ${where} has dims [${dims.join(', ')}] (${count} values) but ${fromRaw ? `${raw.length} bytes of raw data` : `${typed.length} values`}`);
    }
  };
  const name = t.name as string;
  if (code === DATA_TYPE_CODES.float32) {
    checkLength(4, t.floatData as number[]);
    const values = fromRaw ? Float32Array.from({ length: count }, (_, i) => view.getFloat32(4 * i, true)) : Float32Array.from(t.floatData as number[]);
    return { name, dataType: 'float32', dims, values };
  }
  if (code === DATA_TYPE_CODES.float64) {
    checkLength(8, t.doubleData as number[]);
    const values = fromRaw ? Float64Array.from({ length: count }, (_, i) => view.getFloat64(8 * i, true)) : Float64Array.from(t.doubleData as number[]);
    return { name, dataType: 'float64', dims, values };
  }
  if (code === DATA_TYPE_CODES.bool) {
    checkLength(1, t.int32Data as number[]);
    const values = fromRaw ? Uint8Array.from(raw, (b) => (b === 0 ? 0 : 1)) : Uint8Array.from(t.int32Data as number[], (b) => (b === 0 ? 0 : 1));
    return { name, dataType: 'bool', dims, values };
  }
  const width = INTEGER_CODES.get(code);
  if (width === undefined) {
    throw new ModelFormatError(`decodeOnnxModel: ${where} has data type ${code}; Sprout reads float, double, bool and integer tensors`);
  }
  const int64 = code === DATA_TYPE_CODES.int64;
  const typed = (int64 ? t.int64Data : code === 12 ? t.uint64Data : t.int32Data) as number[];
  checkLength(width, typed);
  const read = (i: number): number => {
    switch (code) {
      case 2:
        return view.getUint8(i);
      case 3:
        return view.getInt8(i);
      case 4:
        return view.getUint16(2 * i, true);
      case 5:
        return view.getInt16(2 * i, true);
      case 12:
        return view.getUint32(4 * i, true);
      case 7:
        return Number(view.getBigInt64(8 * i, true));
      default:
        return view.getInt32(4 * i, true);
    }
  };
  const values = Int32Array.from({ length: count }, (_, i) => Math.min(INT32_MAX, Math.max(INT32_MIN, fromRaw ? read(i) : typed[i]!)));
  return { name, dataType: int64 ? 'int64' : 'int32', dims, values };
}

function decodeValueInfo(v: Plain): OnnxValueInfo {
  const name = v.name as string;
  const tensorType = (v.type as Plain | null)?.tensorType as Plain | null | undefined;
  if (tensorType === null || tensorType === undefined) throw new ModelFormatError(`decodeOnnxModel: graph value '${name}' is not a tensor`);
  const code = tensorType.elemType as number;
  const entry = Object.entries(DATA_TYPE_CODES).find(([, c]) => c === code);
  const dataType = (entry?.[0] ?? (INTEGER_CODES.has(code) ? 'int32' : null)) as OnnxDataType | null;
  if (dataType === null) throw new ModelFormatError(`decodeOnnxModel: graph value '${name}' has element type ${code}, which Sprout does not handle`);
  const shape = tensorType.shape as Plain | null | undefined;
  const dims =
    shape === null || shape === undefined
      ? null
      : (shape.dim as Plain[]).map((d) => (d.value === 'dimValue' ? (d.dimValue as number) : (d.dimParam as string) || '?'));
  return { name, dataType, shape: dims };
}
