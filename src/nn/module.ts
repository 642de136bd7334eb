/**
 * Module: the PyTorch-style building block of models. A module owns named parameters (tensors
 * that train), buffers (state that does not, such as batch-norm running statistics) and child
 * modules; walking that tree gives the stable dotted names (`encoder.0.weight`) that optimisers,
 * checkpoints, compression and export all share.
 */
import type { JsonValue } from './config-readers.js';
import { DTypeError, formatShape, ModelFormatError, noGrad, ShapeError, shapesEqual, type Tensor, ValueError } from '../core/index.js';

/** Parameters, buffers or both, by dotted name, in registration order. */
export type StateDict = Map<string, Tensor>;

/**
 * How a file stores a buffer more compactly than its in-memory dtype: 'int8' for int32 tensors
 * whose values all lie in [−128, 127] (safetensors I8, one byte per element).
 */
export type NarrowStorage = 'int8';

/** Options of {@link Module.loadStateDict}. */
export interface LoadStateDictOptions {
  /** Refuse missing and unexpected names (default true). */
  readonly strict?: boolean;
}

/** Base class of layers and models. Subclasses register their state in the constructor. */
export abstract class Module {
  private trainingMode = true;
  private readonly ownParameters = new Map<string, Tensor>();
  private readonly ownBuffers = new Map<string, Tensor>();
  private readonly children = new Map<string, Module>();

  /**
   * @param typeName The layer's registered name (`'Linear'`), used in summaries, saved configs and
   *   messages. Explicit because minifiers rename classes.
   */
  constructor(readonly typeName: string) {}

  /** Computes the module's output. */
  abstract forward(...inputs: Tensor[]): Tensor;

  /**
   * The constructor arguments that rebuild this module (see `layerToConfig`). Layers that can be
   * saved override it; the default refuses.
   *
   * @throws ValueError for modules that cannot describe themselves.
   */
  getConfig(): { [key: string]: JsonValue } {
    throw new ValueError(`getConfig: ${this.typeName} does not describe its configuration, so it cannot be saved`);
  }

  /**
   * This module's own buffers (by name, without prefix) that saved files should store narrower
   * than their dtype. Sprout's tensors have no int8 dtype, so quantised layers keep their int8
   * weights in int32 tensors and list them here; `modelToArtifacts` then writes one byte per
   * weight, and loading widens them back to int32. The default lists none.
   */
  narrowStorage(): ReadonlyMap<string, NarrowStorage> {
    return new Map();
  }

  /** True in training mode (dropout active, batch norm using batch statistics). */
  get training(): boolean {
    return this.trainingMode;
  }

  /**
   * Registers a trainable tensor under `name` and marks it as requiring a gradient.
   *
   * @throws ValueError for a bad or repeated name; DTypeError for a non-float tensor.
   */
  protected registerParameter(name: string, tensor: Tensor): Tensor {
    this.checkName(name);
    if (!tensor.isFloatingPoint()) throw new DTypeError(`registerParameter: '${name}' must be float32 or float64, got ${tensor.dtype}`);
    if (!tensor.isLeaf) throw new ValueError(`registerParameter: '${name}' must be a leaf tensor; pass tensor.detach()`);
    tensor.requiresGrad = true;
    this.ownParameters.set(name, tensor);
    return tensor;
  }

  /** Registers non-trainable state under `name`; it is saved with the parameters. */
  protected registerBuffer(name: string, tensor: Tensor): Tensor {
    this.checkName(name);
    this.ownBuffers.set(name, tensor);
    return tensor;
  }

  /** Registers a child module under `name` (its state gets the prefix `name.`). */
  protected registerModule<M extends Module>(name: string, module: M): M {
    this.checkName(name);
    this.children.set(name, module);
    return module;
  }

  /** Replaces the tensor behind a registered buffer (buffers may be reassigned, parameters not). */
  protected setBuffer(name: string, tensor: Tensor): void {
    if (!this.ownBuffers.has(name)) throw new ValueError(`setBuffer: no buffer named '${name}'`);
    this.ownBuffers.set(name, tensor);
  }

  private checkName(name: string): void {
    if (!/^[A-Za-z0-9_]+$/.test(name)) {
      throw new ValueError(`register: name must be letters, digits or _ (no dots), got '${name}'`);
    }
    if (this.ownParameters.has(name) || this.ownBuffers.has(name) || this.children.has(name)) {
      throw new ValueError(`register: '${name}' is already registered on ${this.typeName}`);
    }
  }

  /** Direct children with their names. */
  namedChildren(): [string, Module][] {
    return [...this.children.entries()];
  }

  /** This module and every descendant, with dotted names ('' for this one). */
  *namedModules(prefix = ''): Generator<[string, Module]> {
    yield [prefix, this];
    for (const [name, child] of this.children) yield* child.namedModules(prefix === '' ? name : `${prefix}.${name}`);
  }

  /** Every parameter in the tree with its dotted name, in registration order. */
  *namedParameters(prefix = ''): Generator<[string, Tensor]> {
    for (const [name, p] of this.ownParameters) yield [prefix === '' ? name : `${prefix}.${name}`, p];
    for (const [name, child] of this.children) yield* child.namedParameters(prefix === '' ? name : `${prefix}.${name}`);
  }

  /** Every buffer in the tree with its dotted name. */
  *namedBuffers(prefix = ''): Generator<[string, Tensor]> {
    for (const [name, b] of this.ownBuffers) yield [prefix === '' ? name : `${prefix}.${name}`, b];
    for (const [name, child] of this.children) yield* child.namedBuffers(prefix === '' ? name : `${prefix}.${name}`);
  }

  /** Every buffer in the tree that files store narrower than its dtype (see {@link narrowStorage}), by dotted name. */
  *namedNarrowStorage(prefix = ''): Generator<[string, NarrowStorage]> {
    for (const [name, storage] of this.narrowStorage()) yield [prefix === '' ? name : `${prefix}.${name}`, storage];
    for (const [name, child] of this.children) yield* child.namedNarrowStorage(prefix === '' ? name : `${prefix}.${name}`);
  }

  /** Every parameter in the tree: what an optimiser takes. */
  parameters(): Tensor[] {
    return [...this.namedParameters()].map(([, p]) => p);
  }

  /** Total number of trainable elements. */
  parameterCount(): number {
    return this.parameters().reduce((n, p) => n + p.size, 0);
  }

  /** Switches this module and its descendants to training (true) or evaluation (false) mode. */
  train(mode = true): this {
    for (const [, m] of this.namedModules()) m.trainingMode = mode;
    return this;
  }

  /** Switches to evaluation mode: `train(false)`. */
  eval(): this {
    return this.train(false);
  }

  /** Clears `.grad` on every parameter. */
  zeroGrad(): void {
    for (const p of this.parameters()) p.zeroGrad();
  }

  /**
   * Parameters and buffers by dotted name (PyTorch's `state_dict`). The tensors are detached
   * views of the live state: copy them (`clone`) to keep a snapshot while training goes on.
   *
   * @example
   * const state = model.stateDict(); // Map { '0.weight' => Tensor, '0.bias' => Tensor, … }
   */
  stateDict(): StateDict {
    const state: StateDict = new Map();
    const walk = (module: Module, prefix: string): void => {
      for (const [name, p] of module.ownParameters) state.set(`${prefix}${name}`, p.detach());
      for (const [name, b] of module.ownBuffers) state.set(`${prefix}${name}`, b.detach());
      for (const [name, child] of module.children) walk(child, `${prefix}${name}.`);
    };
    walk(this, '');
    return state;
  }

  /**
   * Copies values into the parameters and buffers of the same names (in place, so optimisers
   * holding the parameters keep working).
   *
   * @throws ModelFormatError for missing or unexpected names (when strict); ShapeError for a
   *   shape mismatch. Nothing is changed when an error is thrown.
   * @example
   * model.loadStateDict(saved);
   */
  loadStateDict(state: ReadonlyMap<string, Tensor>, options: LoadStateDictOptions = {}): void {
    const own = this.stateDict();
    const strict = options.strict ?? true;
    const missing = [...own.keys()].filter((k) => !state.has(k));
    const unexpected = [...state.keys()].filter((k) => !own.has(k));
    if (strict && (missing.length > 0 || unexpected.length > 0)) {
      const parts = [
        missing.length > 0 ? `missing: ${missing.join(', ')}` : '',
        unexpected.length > 0 ? `unexpected: ${unexpected.join(', ')}` : '',
      ].filter((p) => p !== '');
      throw new ModelFormatError(`loadStateDict: names do not match the model (${parts.join('; ')})`);
    }
    // Validate everything first so a bad entry leaves the model untouched.
    for (const [name, target] of own) {
      const source = state.get(name);
      if (source === undefined) continue;
      if (!shapesEqual(source.shape, target.shape)) {
        throw new ShapeError(`loadStateDict: '${name}' has shape ${formatShape(source.shape)}, the model expects ${formatShape(target.shape)}`);
      }
    }
    noGrad(() => {
      for (const [name, target] of own) {
        const source = state.get(name);
        if (source !== undefined) target.assign_(source);
      }
    });
  }

  /**
   * A table of the module tree: each module's dotted name, type, own parameter shapes and count,
   * then the totals.
   *
   * @example
   * console.log(model.summary());
   */
  summary(): string {
    const rows: [string, string, string, string][] = [['name', 'type', 'parameters', 'count']];
    for (const [name, module] of this.namedModules()) {
      const own = [...module.ownParameters.values()];
      const count = own.reduce((n, p) => n + p.size, 0);
      rows.push([name === '' ? '(root)' : name, module.typeName, own.map((p) => formatShape(p.shape)).join(' '), count.toLocaleString('en-US')]);
    }
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
    const line = (r: readonly string[]): string => r.map((cell, c) => (c === 3 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd();
    const rule = '-'.repeat(widths.reduce((a, w) => a + w, 0) + 6);
    const buffers = [...this.namedBuffers()].reduce((n, [, b]) => n + b.size, 0);
    return [
      line(rows[0]!),
      rule,
      ...rows.slice(1).map(line),
      rule,
      `trainable parameters: ${this.parameterCount().toLocaleString('en-US')}`,
      `buffer elements: ${buffers.toLocaleString('en-US')}`,
    ].join('\n');
  }
}
