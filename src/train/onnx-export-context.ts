/**
 * What an ONNX converter works with while a module tree becomes an ONNX graph: a value type that
 * knows its rank, and a context that adds nodes, constants and the module's own weights (named by
 * their state-dict path, so `0.weight` in Sprout is `0.weight` in the ONNX file) and converts child
 * modules through the converter registry.
 */
import { type Tensor, ValueError } from '../core/index.js';
import type { OnnxAttribute, OnnxDataType, OnnxNode, OnnxTensor } from '../io/index.js';
import type { Module } from '../nn/index.js';

/** A value in the graph being built: its name and rank (the converters need the rank to choose ops). */
export interface OnnxValue {
  readonly name: string;
  readonly rank: number;
}

/** An attribute value as converters write it; numbers are ints unless wrapped as `{ float }`. */
export type OnnxAttributeInput = number | readonly number[] | string | { readonly float: number } | { readonly floats: readonly number[] };

/**
 * Turns one module into graph nodes: given its inputs (in the order of its `forward`; undefined
 * for an argument left out), returns its output.
 */
export type OnnxConverter<M extends Module = Module> = (module: M, context: OnnxExportContext, ...inputs: (OnnxValue | undefined)[]) => OnnxValue;

/** The input a module expects, when it can tell (the first layer of a model decides the graph's input). */
export interface OnnxInputSpec {
  readonly dataType: OnnxDataType;
  /** With the batch dimension; strings name dynamic dimensions ('batch', 'sequence'). */
  readonly shape: readonly (number | string)[];
}

/** A converter and, optionally, how to describe the module's input. */
export interface OnnxLayerExport<M extends Module = Module> {
  readonly convert: OnnxConverter<M>;
  readonly input?: (module: M) => OnnxInputSpec | null;
}

/** Finds the export entry of a module type; undefined when none is registered. */
export type OnnxExportLookup = (typeName: string) => OnnxLayerExport | undefined;

/** Nodes and initializers collected so far, shared by every context of one export. */
class GraphParts {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  private readonly used = new Set<string>();
  private counter = 0;

  constructor(readonly state: ReadonlyMap<string, Tensor>) {}

  reserve(name: string): void {
    this.used.add(name);
  }

  has(name: string): boolean {
    return this.used.has(name);
  }

  /** A fresh value or node name from `base`. */
  fresh(base: string): string {
    let name = base;
    while (this.used.has(name)) name = `${base}_${++this.counter}`;
    this.used.add(name);
    return name;
  }
}

/**
 * The context of one module during an export. `child` converts a child module with its own
 * context (weights prefixed by the child's path); `node`, `constant` and `weight` add to the graph.
 */
export class OnnxExportContext {
  private constructor(
    private readonly parts: GraphParts,
    private readonly lookup: OnnxExportLookup,
    readonly module: Module,
    /** The module's state-dict path with a trailing dot ('' at the root, 'encoder0.' below). */
    readonly path: string,
  ) {}

  /** The context of the root module of an export. */
  static root(module: Module, lookup: OnnxExportLookup): OnnxExportContext {
    return new OnnxExportContext(new GraphParts(module.stateDict()), lookup, module, '');
  }

  /** The nodes added so far, in the order added (a topological order). */
  get nodes(): readonly OnnxNode[] {
    return this.parts.nodes;
  }

  /** The initializers added so far. */
  get initializers(): readonly OnnxTensor[] {
    return this.parts.initializers;
  }

  /** Marks a name as taken (the graph input's). */
  reserve(name: string): void {
    this.parts.reserve(name);
  }

  /**
   * Converts `module` (a child of this context's module or any module placed in it) applied to
   * `inputs`.
   *
   * @throws ValueError when no converter is registered for its type.
   */
  convert(module: Module, childPath: string, ...inputs: (OnnxValue | undefined)[]): OnnxValue {
    const entry = this.lookup(module.typeName);
    const path = `${this.path}${childPath}`;
    if (entry === undefined) {
      throw new ValueError(
        `exportOnnx: layer '${path || '(root)'}' is a ${module.typeName}, which has no ONNX converter; register one with registerOnnxConverter`,
      );
    }
    return entry.convert(module, new OnnxExportContext(this.parts, this.lookup, module, path === '' ? '' : `${path}.`), ...inputs);
  }

  /**
   * Converts the child module registered as `name`.
   *
   * @throws ValueError when the module has no such child or the child has no converter.
   */
  child(name: string, ...inputs: (OnnxValue | undefined)[]): OnnxValue {
    const found = this.module.namedChildren().find(([n]) => n === name);
    if (found === undefined) throw new ValueError(`exportOnnx: ${this.module.typeName} at '${this.path || '(root)'}' has no child '${name}'`);
    return this.convert(found[1], name, ...inputs);
  }

  /**
   * The module's own parameter or buffer `name` as an initializer (added once), named by its full
   * state-dict path.
   *
   * int32 tensors are written as int64.
   *
   * @throws ValueError when the module has no such tensor.
   */
  weight(name: string): OnnxValue {
    const full = `${this.path}${name}`;
    const t = this.parts.state.get(full);
    if (t === undefined) throw new ValueError(`exportOnnx: ${this.module.typeName} at '${this.path || '(root)'}' has no tensor '${name}'`);
    if (!this.parts.has(full)) {
      this.parts.reserve(full);
      const values = t.dataSync();
      // Integer state (an imported graph's shapes and axes) is int64, the type ONNX wants there.
      const dataType = t.dtype === 'int32' ? 'int64' : t.dtype;
      const typed = t.dtype === 'float32' ? Float32Array.from(values) : t.dtype === 'float64' ? Float64Array.from(values) : t.dtype === 'bool' ? Uint8Array.from(values) : Int32Array.from(values);
      this.parts.initializers.push({ name: full, dataType, dims: [...t.shape], values: typed });
    }
    return { name: full, rank: t.rank };
  }

  /** A constant tensor as an initializer; a scalar when `dims` is []. */
  constant(base: string, dataType: OnnxDataType, dims: readonly number[], values: readonly number[]): OnnxValue {
    const name = this.parts.fresh(`${this.path}${base}`);
    const typed =
      dataType === 'float32' ? Float32Array.from(values) : dataType === 'float64' ? Float64Array.from(values) : dataType === 'bool' ? Uint8Array.from(values) : Int32Array.from(values);
    this.parts.initializers.push({ name, dataType, dims: [...dims], values: typed });
    return { name, rank: dims.length };
  }

  /** An int64 vector constant (shapes, axes, split sizes). */
  ints(base: string, values: readonly number[]): OnnxValue {
    return this.constant(base, 'int64', [values.length], values);
  }

  /** A float32 scalar constant. */
  scalar(base: string, value: number): OnnxValue {
    return this.constant(base, 'float32', [], [value]);
  }

  /**
   * Adds a node with one output of rank `rank` (default: the first input's).
   *
   * @example
   * const y = context.node('Relu', [x]);
   */
  node(opType: string, inputs: readonly (OnnxValue | null)[], attributes: { readonly [name: string]: OnnxAttributeInput } = {}, rank?: number): OnnxValue {
    const [output] = this.nodeOutputs(opType, inputs, 1, attributes, rank === undefined ? undefined : [rank]);
    return output!;
  }

  /**
   * Names `value` as the graph output `name`: renames the output of the node that computed it when
   * that is the last node, else adds an Identity (the value is the input itself, or an earlier one).
   */
  nameOutput(value: OnnxValue, name: string): void {
    const nodes = this.parts.nodes;
    const last = nodes.at(-1);
    if (last !== undefined && last.outputs.length === 1 && last.outputs[0] === value.name) {
      nodes[nodes.length - 1] = { ...last, outputs: [name] };
      return;
    }
    nodes.push({ name: this.parts.fresh('Identity'), opType: 'Identity', domain: '', inputs: [value.name], outputs: [name], attributes: {} });
  }

  /** Adds a node with `count` outputs (Split), their ranks given or the first input's. */
  nodeOutputs(
    opType: string,
    inputs: readonly (OnnxValue | null)[],
    count: number,
    attributes: { readonly [name: string]: OnnxAttributeInput } = {},
    ranks?: readonly number[],
  ): OnnxValue[] {
    const base = `${this.path}${opType}`;
    const name = this.parts.fresh(`node:${base}`);
    const outputs = Array.from({ length: count }, (_, i) => ({ name: this.parts.fresh(base), rank: ranks?.[i] ?? inputs[0]?.rank ?? 0 }));
    const attrs: Record<string, OnnxAttribute> = {};
    for (const [key, value] of Object.entries(attributes)) attrs[key] = toAttribute(value);
    this.parts.nodes.push({
      name: name.slice('node:'.length),
      opType,
      domain: '',
      inputs: inputs.map((v) => v?.name ?? ''),
      outputs: outputs.map((o) => o.name),
      attributes: attrs,
    });
    return outputs;
  }
}

function toAttribute(value: OnnxAttributeInput): OnnxAttribute {
  if (typeof value === 'number') return { type: 'int', value };
  if (typeof value === 'string') return { type: 'string', value };
  if (Array.isArray(value)) return { type: 'ints', value: [...(value as readonly number[])] };
  if ('float' in (value as object)) return { type: 'float', value: (value as { float: number }).float };
  return { type: 'floats', value: [...(value as { floats: readonly number[] }).floats] };
}
