/**
 * An ONNX graph as a Sprout module: `importOnnx(bytes)` turns an `.onnx` file into a module that
 * runs the graph node by node with Sprout's ops (onnx-ops.ts), so an imported model predicts,
 * fine-tunes (autograd flows through every op), saves and loads like any other.
 *
 * Initializers become state: float tensors of rank ≥ 1 are parameters (trainable weights); scalars,
 * integer tensors (constants, shapes, axes) and batch-norm running statistics are buffers. Their names are the ONNX names with
 * characters other than letters, digits and _ replaced by _ (`0.weight` → `0_weight`). The
 * architecture (inputs, nodes with their attributes, the tensor list) is the layer's JSON config,
 * registered as 'OnnxGraph', so `saveModel` writes it and `loadModel` reads it back without the
 * ONNX file. Nothing in the file is executed: every operator is looked up in a fixed table.
 */
import { type DType, ModelFormatError, type Tensor, tensor, ValueError, zeros } from '../core/index.js';
import { decodeOnnxModel, type OnnxGraph, type OnnxModel, type OnnxTensor } from '../io/index.js';
import type { ConfigObject, JsonValue } from './config-readers.js';
import { Module } from './module.js';
import { ONNX_DTYPES, ONNX_OPS, OnnxAttributes, type OnnxGraphAttribute } from './onnx-ops.js';

/** A graph input: its name, dtype in Sprout (int64 ids are int32) and shape (strings: dynamic). */
export interface OnnxGraphInput {
  readonly name: string;
  readonly dtype: DType;
  readonly shape: readonly (number | string)[] | null;
}

/** A node as the module keeps it. */
export interface OnnxGraphNode {
  readonly name: string;
  readonly opType: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: { readonly [name: string]: OnnxGraphAttribute };
}

/** A constant of the graph: its ONNX name, its state-dict key, dtype, shape and whether it trains. */
export interface OnnxGraphTensor {
  readonly name: string;
  readonly key: string;
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly trainable: boolean;
}

/** The architecture of an imported graph (the layer config, as JSON). */
export interface OnnxGraphSpec {
  readonly inputs: readonly OnnxGraphInput[];
  readonly output: string;
  readonly nodes: readonly OnnxGraphNode[];
  readonly tensors: readonly OnnxGraphTensor[];
}

/**
 * Runs an ONNX graph with Sprout ops.
 *
 * @example
 * const model = importOnnx(await readFile('model.onnx'));
 * model.eval();
 * const logits = model.forward(x);
 */
export class OnnxGraphModule extends Module {
  readonly spec: OnnxGraphSpec;
  /** The registered parameters and buffers by ONNX name (loading weights updates them in place). */
  private readonly constants = new Map<string, Tensor>();

  /**
   * @param spec The graph (checked: known operators, every value defined before use).
   * @param values Initial values of the tensors by ONNX name (zeros when absent, as before loading weights).
   * @throws ModelFormatError for an unknown operator or a value used before it is defined.
   */
  constructor(spec: OnnxGraphSpec, values: ReadonlyMap<string, Tensor> = new Map()) {
    super('OnnxGraph');
    checkSpec(spec);
    this.spec = spec;
    for (const t of spec.tensors) {
      const value = values.get(t.name) ?? zeros(t.shape, { dtype: t.dtype });
      this.constants.set(t.name, t.trainable ? this.registerParameter(t.key, value) : this.registerBuffer(t.key, value));
    }
  }

  override getConfig(): ConfigObject {
    return JSON.parse(JSON.stringify(this.spec)) as ConfigObject;
  }

  /**
   * Rebuilds the module from {@link getConfig}'s output (weights zero until loaded).
   *
   * @throws ModelFormatError when the config is malformed.
   */
  static fromConfig(config: ConfigObject): OnnxGraphModule {
    return new OnnxGraphModule(readSpec(config));
  }

  /**
   * Runs the graph on the inputs, in the order of the graph's inputs.
   *
   * @throws ValueError for a wrong number of inputs; the ops' errors for wrong shapes or dtypes.
   */
  forward(...inputs: Tensor[]): Tensor {
    const expected = this.spec.inputs;
    if (inputs.length !== expected.length) {
      throw new ValueError(`OnnxGraph: expected ${expected.length} input(s) (${expected.map((i) => i.name).join(', ')}), got ${inputs.length}`);
    }
    const values = new Map<string, Tensor>();
    for (const [name, t] of this.constants) values.set(name, t);
    expected.forEach((input, i) => values.set(input.name, inputs[i]!));
    for (const node of this.spec.nodes) {
      const where = `node '${node.name}' (${node.opType})`;
      const args = node.inputs.map((name) => (name === '' ? undefined : values.get(name)));
      const outputs = ONNX_OPS.get(node.opType)!(args, new OnnxAttributes(where, node.attributes), where);
      node.outputs.forEach((name, i) => {
        const t = outputs[i];
        if (name !== '' && t !== undefined) values.set(name, t);
      });
    }
    return values.get(this.spec.output)!;
  }
}

function checkSpec(spec: OnnxGraphSpec): void {
  const defined = new Set<string>([...spec.inputs.map((i) => i.name), ...spec.tensors.map((t) => t.name)]);
  for (const node of spec.nodes) {
    if (!ONNX_OPS.has(node.opType)) {
      throw new ModelFormatError(
        `importOnnx: node '${node.name}' uses the operator ${node.opType}, which Sprout does not import; supported: ${[...ONNX_OPS.keys(), 'Constant'].sort().join(', ')}`,
      );
    }
    for (const name of node.inputs) {
      if (name !== '' && !defined.has(name)) throw new ModelFormatError(`importOnnx: node '${node.name}' (${node.opType}) reads '${name}', which no earlier node, input or initializer defines`);
    }
    for (const name of node.outputs) defined.add(name);
  }
  if (!defined.has(spec.output)) throw new ModelFormatError(`importOnnx: the graph output '${spec.output}' is never computed`);
}

const STATE_NAME = /[^A-Za-z0-9_]/g;

function toTensor(t: OnnxTensor): Tensor {
  const dtype: DType = t.dataType === 'int64' ? 'int32' : t.dataType;
  return tensor(t.values, { dtype, shape: t.dims });
}

/** A Constant node's value as an ONNX tensor. */
function constantValue(graphNode: OnnxGraph['nodes'][number]): OnnxTensor {
  const output = graphNode.outputs[0] ?? '';
  const [key, a] = Object.entries(graphNode.attributes)[0] ?? [];
  const where = `node '${graphNode.name}' (Constant)`;
  if (a === undefined || key === undefined) throw new ModelFormatError(`importOnnx: ${where} has no value`);
  if (a.type === 'tensor') return { ...a.value, name: output };
  if (key === 'value_float' && a.type === 'float') return { name: output, dataType: 'float32', dims: [], values: Float32Array.of(a.value) };
  if (key === 'value_floats' && a.type === 'floats') return { name: output, dataType: 'float32', dims: [a.value.length], values: Float32Array.from(a.value) };
  if (key === 'value_int' && a.type === 'int') return { name: output, dataType: 'int64', dims: [], values: Int32Array.of(a.value) };
  if (key === 'value_ints' && a.type === 'ints') return { name: output, dataType: 'int64', dims: [a.value.length], values: Int32Array.from(a.value) };
  throw new ModelFormatError(`importOnnx: ${where} holds '${key}', which Sprout does not import`);
}

/**
 * The module of a decoded ONNX model (see {@link importOnnx}).
 *
 * @throws ModelFormatError for an operator outside the supported set (naming it and its node), an
 *   operator from another domain, a graph without exactly one output, or a malformed graph.
 */
export function onnxModelToModule(model: OnnxModel): OnnxGraphModule {
  const g = model.graph;
  const initial: OnnxTensor[] = [...g.initializers];
  const nodes: OnnxGraphNode[] = [];
  for (const node of g.nodes) {
    if (node.domain !== '' && node.domain !== 'ai.onnx') {
      throw new ModelFormatError(`importOnnx: node '${node.name}' uses the operator ${node.opType} of domain '${node.domain}'; Sprout imports the standard ONNX operators`);
    }
    if (node.opType === 'Constant') {
      initial.push(constantValue(node));
      continue;
    }
    const attributes: Record<string, OnnxGraphAttribute> = {};
    for (const [name, a] of Object.entries(node.attributes)) {
      if (a.type !== 'tensor') {
        attributes[name] = a;
      } else if (node.opType === 'ConstantOfShape' && name === 'value' && a.value.values.length === 1) {
        attributes.value = { type: 'float', value: a.value.values[0]! };
        attributes.value_type = { type: 'int', value: { float32: 1, float64: 11, int32: 6, int64: 7, bool: 9 }[a.value.dataType] };
      } else {
        throw new ModelFormatError(`importOnnx: attribute '${name}' of node '${node.name}' (${node.opType}) is a tensor, which Sprout does not import there`);
      }
    }
    nodes.push({ name: node.name, opType: node.opType, inputs: node.inputs, outputs: node.outputs, attributes });
  }
  if (g.outputs.length !== 1) throw new ModelFormatError(`importOnnx: the graph has ${g.outputs.length} outputs; Sprout imports graphs with one`);
  // Running statistics are state, not weights: BatchNormalization's mean and variance inputs stay buffers.
  const statistics = new Set(nodes.filter((n) => n.opType === 'BatchNormalization').flatMap((n) => n.inputs.slice(3, 5)));
  const used = new Set<string>();
  const values = new Map<string, Tensor>();
  const tensors = initial.map((t) => {
    let key = t.name.replace(STATE_NAME, '_') || 'tensor';
    while (used.has(key)) key = `${key}_`;
    used.add(key);
    const value = toTensor(t);
    values.set(t.name, value);
    return { name: t.name, key, dtype: value.dtype, shape: [...t.dims], trainable: value.isFloatingPoint() && t.dims.length > 0 && !statistics.has(t.name) };
  });
  const initializerNames = new Set(initial.map((t) => t.name));
  const inputs = g.inputs
    .filter((i) => !initializerNames.has(i.name))
    .map((i) => ({ name: i.name, dtype: (i.dataType === 'int64' ? 'int32' : i.dataType) as DType, shape: i.shape }));
  return new OnnxGraphModule({ inputs, output: g.outputs[0]!.name, nodes, tensors }, values);
}

/**
 * Reads an ONNX model (the bytes of an `.onnx` file) as a Sprout module with its weights. Inputs
 * that ONNX types as int64 (token ids) are int32 tensors in Sprout.
 *
 * @throws ModelFormatError when the bytes are not an ONNX model, or for an operator outside the
 *   supported set (the message names the operator and the node).
 * @example
 * const module = importOnnx(await readFile('model.onnx'));
 * const y = module.forward(x);
 */
export function importOnnx(bytes: Uint8Array): OnnxGraphModule {
  return onnxModelToModule(decodeOnnxModel(bytes));
}

/** Checks a saved config field by field. */
function readSpec(config: ConfigObject): OnnxGraphSpec {
  const fail = (what: string): never => {
    throw new ModelFormatError(`OnnxGraph config: ${what}`);
  };
  const isStrings = (v: JsonValue | undefined): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
  const objects = (key: string): { [key: string]: JsonValue }[] => {
    const v = config[key];
    if (!Array.isArray(v) || !v.every((e) => typeof e === 'object' && e !== null && !Array.isArray(e))) return fail(`'${key}' must be an array of objects`);
    return v as { [key: string]: JsonValue }[];
  };
  const dtype = (v: JsonValue | undefined, where: string): DType =>
    typeof v === 'string' && [...ONNX_DTYPES.values()].includes(v as DType) ? (v as DType) : fail(`${where} has dtype ${JSON.stringify(v)}`);
  const inputs = objects('inputs').map((i, n) => {
    const shape = i.shape ?? null;
    if (shape !== null && !(Array.isArray(shape) && shape.every((d) => typeof d === 'number' || typeof d === 'string'))) fail(`inputs[${n}].shape is malformed`);
    return { name: typeof i.name === 'string' ? i.name : fail(`inputs[${n}].name must be a string`), dtype: dtype(i.dtype, `inputs[${n}]`), shape: shape as (number | string)[] | null };
  });
  const nodes = objects('nodes').map((node, n) => {
    const { name, opType, inputs: ins, outputs: outs, attributes } = node;
    if (typeof name !== 'string' || typeof opType !== 'string' || !isStrings(ins) || !isStrings(outs)) return fail(`nodes[${n}] must have name, opType, inputs and outputs`);
    if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) return fail(`nodes[${n}].attributes must be an object`);
    for (const [key, a] of Object.entries(attributes)) {
      const ok = typeof a === 'object' && a !== null && !Array.isArray(a) && ['float', 'int', 'string', 'floats', 'ints', 'strings'].includes(a.type as string);
      if (!ok) fail(`attribute '${key}' of nodes[${n}] is malformed`);
    }
    return { name, opType, inputs: ins, outputs: outs, attributes: attributes as unknown as { [name: string]: OnnxGraphAttribute } };
  });
  const tensors = objects('tensors').map((t, n) => {
    const { name, key, shape, trainable } = t;
    if (typeof name !== 'string' || typeof key !== 'string' || typeof trainable !== 'boolean') return fail(`tensors[${n}] must have name, key and trainable`);
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) return fail(`tensors[${n}].shape is malformed`);
    return { name, key, dtype: dtype(t.dtype, `tensors[${n}]`), shape: shape as number[], trainable };
  });
  const output = typeof config.output === 'string' ? config.output : fail("'output' must be a string");
  return { inputs, output, nodes, tensors };
}
