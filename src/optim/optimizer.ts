/**
 * The stateful optimiser: bookkeeping around a pure update rule (STYLE.md, "Optimisers as pure
 * transforms"; the split follows optax's `init`/`update` and PyTorch's functional `adam`).
 *
 * The rule's `update` reads a parameter, its gradient and the parameter's state and returns the new
 * parameter value and the new state; it never writes. This class owns the parts that are not math:
 * parameter groups with their own hyper-parameters, the per-parameter state and step count, skipping
 * parameters without a gradient, writing the new values in place under `noGrad`, and the state dict
 * that checkpoints save.
 */
import { cast, enableGrad, noGrad, type Storage, Tensor, tidy, ValueError } from '../core/index.js';

/** A hyper-parameter value: what can live in a JSON state dict. */
export type HyperValue = number | boolean | string | readonly number[];

/** Hyper-parameters every optimiser has: at least a learning rate. */
export interface BaseHyper {
  /** Learning rate. */
  readonly lr: number;
}

/** The per-parameter state of a rule: named tensors, null for a slot the options leave unused. */
export type SlotState = { readonly [slot: string]: Tensor | null };

/** What an update rule returns: the parameter's new value and its new state. */
export interface UpdateResult<S extends SlotState> {
  /** The new parameter value (a new tensor; the optimiser copies it into the parameter). */
  readonly param: Tensor;
  /** The new state (new tensors; the old ones are never modified). */
  readonly state: S;
}

/**
 * A pure optimisation algorithm: how to start a parameter's state and how to take one step.
 * The five built-in optimisers are rules plus PyTorch's defaults; a custom algorithm is a rule too.
 */
export interface OptimizerRule<H extends BaseHyper, S extends SlotState> {
  /** Name used in error messages (`Adam`). */
  readonly name: string;
  /** Throws ValueError naming the first bad hyper-parameter. */
  validate(hyper: H): void;
  /** The state of a parameter before its first step. */
  init(param: Tensor, hyper: H): S;
  /** One step; `step` counts this parameter's updates from 1. */
  update(param: Tensor, grad: Tensor, state: S, hyper: H, step: number): UpdateResult<S>;
}

/** One parameter group as given to a constructor: parameters and optional per-group overrides. */
export type ParamGroupSpec<H> = { readonly params: Iterable<Tensor> } & { readonly [K in keyof H]?: H[K] };

/** What optimiser constructors accept: parameters, or parameter groups. */
export type OptimizerParams<H> = Iterable<Tensor> | Iterable<ParamGroupSpec<H>>;

/** A parameter group as the optimiser holds it. */
export interface ParamGroup<H> {
  /** The group's parameters, in order. */
  readonly params: readonly Tensor[];
  /** The group's resolved hyper-parameters (replaced, never mutated, by `setLr`). */
  readonly hyper: H;
}

/** The saved state of one parameter: its step count and its state tensors. */
export type ParamStateEntry = { readonly step: number } & { readonly [slot: string]: number | Tensor };

/** A parameter group in a state dict: its hyper-parameters and the indices of its parameters. */
export type ParamGroupState = { readonly params: readonly number[] } & { readonly [name: string]: HyperValue };

/**
 * An optimiser's state dict, as PyTorch lays it out: per-parameter state keyed by the parameter's
 * index (counting through all groups in order), and the groups' hyper-parameters. Numbers, booleans,
 * strings and tensors only, so `io/` can write it into a checkpoint.
 */
export interface OptimizerStateDict {
  /** State of each parameter that has taken a step, keyed by parameter index. */
  readonly state: Readonly<Record<number, ParamStateEntry>>;
  /** Hyper-parameters of each group, with the indices of its parameters. */
  readonly paramGroups: readonly ParamGroupState[];
}

interface MutableGroup<H> {
  readonly params: readonly Tensor[];
  hyper: H;
}

interface ParamState<S> {
  readonly step: number;
  readonly slots: S;
}

/** True for arrays, sets, generators…; false for a lone Tensor, which PyTorch also refuses. */
function isIterable(value: unknown): value is Iterable<unknown> {
  return typeof value === 'object' && value !== null && !(value instanceof Tensor) && Symbol.iterator in value;
}

function isGroupSpec(value: unknown): value is { readonly params: unknown } {
  return typeof value === 'object' && value !== null && !(value instanceof Tensor) && 'params' in value;
}

/**
 * Base of SGD, Adam, AdamW, RMSprop and Adagrad: parameter groups, per-parameter state, `step`,
 * `zeroGrad`, learning-rate access and state dicts around an {@link OptimizerRule}.
 *
 * @example
 * const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
 * for (const [x, y] of batches) {
 *   optimizer.zeroGrad();
 *   mean(square(sub(model.forward(x), y))).backward();
 *   optimizer.step();
 * }
 */
export class Optimizer<H extends BaseHyper, S extends SlotState> {
  private readonly groups: MutableGroup<H>[];
  private readonly states = new Map<Tensor, ParamState<S>>();
  /** Buffers of state tensors this optimiser's updates made (see releaseReplaced). */
  private readonly owned = new WeakSet<Storage>();
  /** Buffers of state tensors handed out by stateDict. */
  private readonly exposed = new WeakSet<Storage>();

  /**
   * @param params Parameters (leaf float tensors), or groups `{ params, lr?, … }` whose fields
   *   override `defaults` for that group.
   * @param defaults Hyper-parameters of groups that do not override them.
   * @param rule The update rule.
   * @throws ValueError for an empty parameter list, a parameter that is not a leaf float tensor, a
   *   parameter listed twice, an unknown group field or a bad hyper-parameter.
   * @example
   * class Sign extends Optimizer<{ lr: number }, {}> {
   *   constructor(params: Iterable<Tensor>) {
   *     super(params, { lr: 0.01 }, { name: 'Sign', validate: () => {}, init: () => ({}),
   *       update: (p, g, s, h) => ({ param: sub(p, mul(sign(g), h.lr)), state: s }) });
   *   }
   * }
   */
  constructor(
    params: OptimizerParams<H>,
    defaults: H,
    protected readonly rule: OptimizerRule<H, S>,
  ) {
    rule.validate(defaults);
    if (!isIterable(params)) {
      throw new ValueError(`${rule.name}: params must be an iterable of Tensors or of parameter groups, got ${describe(params)}`);
    }
    const items: unknown[] = [...params];
    if (items.length === 0) throw new ValueError(`${rule.name}: params is empty; pass at least one parameter`);
    const specs: { readonly params: unknown }[] = items.every((item) => item instanceof Tensor)
      ? [{ params: items }]
      : items.map((item, i) => {
          if (!isGroupSpec(item)) {
            throw new ValueError(
              `${rule.name}: params[${i}] must be a Tensor or a group { params, … } (not a mix), got ${describe(item)}`,
            );
          }
          return item;
        });
    const seen = new Set<Tensor>();
    this.groups = specs.map((spec, g) => this.makeGroup(spec, g, defaults, seen));
  }

  private makeGroup(spec: { readonly params: unknown }, g: number, defaults: H, seen: Set<Tensor>): MutableGroup<H> {
    const name = this.rule.name;
    const raw = spec.params;
    if (!isIterable(raw)) {
      throw new ValueError(`${name}: paramGroups[${g}].params must be an iterable of Tensors, got ${describe(raw)}`);
    }
    const params = [...raw].map((p, i) => {
      const where = `paramGroups[${g}].params[${i}]`;
      if (!(p instanceof Tensor)) throw new ValueError(`${name}: ${where} must be a Tensor, got ${describe(p)}`);
      if (!p.isFloatingPoint()) throw new ValueError(`${name}: ${where} must be float32 or float64, got ${p.dtype}`);
      // PyTorch's rule: optimising a non-leaf would write into an intermediate of some graph.
      if (!p.isLeaf) throw new ValueError(`${name}: ${where} must be a leaf tensor; detach() it first`);
      if (seen.has(p)) throw new ValueError(`${name}: ${where} appears more than once; a parameter may be optimised only once`);
      seen.add(p);
      return p;
    });
    if (params.length === 0) throw new ValueError(`${name}: paramGroups[${g}].params is empty`);
    const overrides: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(spec)) {
      if (key === 'params') continue;
      if (!(key in defaults)) {
        throw new ValueError(
          `${name}: paramGroups[${g}] has an unknown option '${key}'; expected one of ${Object.keys(defaults).join(', ')}`,
        );
      }
      overrides[key] = value;
    }
    const hyper = { ...defaults, ...overrides } as H;
    this.rule.validate(hyper);
    return { params, hyper };
  }

  /** The parameter groups with their hyper-parameters, in the order given. */
  get paramGroups(): readonly ParamGroup<H>[] {
    return this.groups;
  }

  /** The learning rate of the first group (read `getLr(i)` for the others). */
  get lr(): number {
    return this.groups[0]!.hyper.lr;
  }

  /** Sets the learning rate of every group. */
  set lr(value: number) {
    this.groups.forEach((_, i) => this.setLr(value, i));
  }

  /**
   * The learning rate of one group.
   *
   * @throws ValueError for a group index out of range.
   * @example
   * optimizer.getLr(1); // 0.01
   */
  getLr(group = 0): number {
    return this.group(group).hyper.lr;
  }

  /**
   * Sets the learning rate of one group, or of all groups when `group` is omitted. Schedulers call this.
   *
   * @throws ValueError for a negative or non-finite rate, or a group index out of range.
   * @example
   * optimizer.setLr(1e-4);    // every group
   * optimizer.setLr(1e-3, 1); // group 1 only
   */
  setLr(value: number, group?: number): void {
    const targets = group === undefined ? this.groups : [this.group(group)];
    for (const target of targets) {
      const hyper = { ...target.hyper, lr: value };
      this.rule.validate(hyper);
      target.hyper = hyper;
    }
  }

  private group(index: number): MutableGroup<H> {
    const found = Number.isInteger(index) ? this.groups[index] : undefined;
    if (found === undefined) {
      throw new ValueError(`${this.rule.name}: group must be an integer in [0, ${this.groups.length - 1}], got ${index}`);
    }
    return found;
  }

  /**
   * Takes one optimisation step: each parameter with a `.grad` is updated by the rule with its
   * group's hyper-parameters; parameters without a gradient are skipped (as in PyTorch) and their
   * step count does not advance.
   *
   * @param closure Optional function that recomputes the loss (zeroing and back-propagating as it
   *   needs); it runs with gradients recorded before the update and its result is returned.
   * @throws ValueError when a gradient's shape differs from its parameter's.
   * @example
   * loss.backward();
   * optimizer.step();
   */
  step(closure?: () => Tensor): Tensor | undefined {
    const loss = closure === undefined ? undefined : enableGrad(closure);
    // Check every gradient first, so a bad one leaves all parameters as they were.
    for (const group of this.groups) {
      for (const param of group.params) {
        const grad = param.grad;
        if (grad !== null && (grad.rank !== param.rank || grad.shape.some((d, i) => d !== param.shape[i]))) {
          throw new ValueError(
            `${this.rule.name}.step: a gradient has shape ${shapeText(grad.shape)} but its parameter is ${shapeText(param.shape)}`,
          );
        }
      }
    }
    noGrad(() => {
      for (const group of this.groups) {
        for (const param of group.params) {
          const grad = param.grad;
          if (grad === null) continue;
          const previous = this.states.get(param);
          const step = (previous?.step ?? 0) + 1;
          const slots = previous?.slots ?? this.rule.init(param, group.hyper);
          // The update's temporaries are freed as it returns, and what it replaced right after.
          const next = tidy(() => this.rule.update(param, grad, slots, group.hyper, step));
          param.assign_(next.param);
          this.states.set(param, { step, slots: next.state });
          this.releaseReplaced(param, grad, slots, next);
        }
      }
    });
    return loss;
  }

  /**
   * Frees, at once, the buffers an update replaced — the updated parameter once copied in, and the
   * previous state tensors this optimiser made — instead of leaving them to the collector (see
   * storage.ts: a wasm memory cannot wait for it). Never touches the parameter, its gradient, the
   * new state, state loaded from or handed out by a state dict, or anything it did not make.
   */
  private releaseReplaced(param: Tensor, grad: Tensor, previous: S, next: UpdateResult<S>): void {
    const foreign = new Set<Storage>([param.storage, grad.storage]);
    const previousStorages = new Set<Storage>(slotTensors(previous).map((t) => t.storage));
    const nextStorages = new Set<Storage>(slotTensors(next.state).map((t) => t.storage));
    for (const storage of nextStorages) if (!foreign.has(storage) && !previousStorages.has(storage)) this.owned.add(storage);
    for (const storage of previousStorages) {
      if (this.owned.has(storage) && !this.exposed.has(storage) && !nextStorages.has(storage) && !foreign.has(storage)) storage.release();
    }
    const updated = next.param.storage;
    if (!foreign.has(updated) && !nextStorages.has(updated) && !previousStorages.has(updated)) updated.release();
  }

  /**
   * Clears the gradient of every parameter (sets `.grad` to null, PyTorch's `set_to_none=True`),
   * so the next `backward()` starts from zero.
   *
   * @example
   * optimizer.zeroGrad();
   */
  zeroGrad(): void {
    for (const group of this.groups) for (const param of group.params) param.zeroGrad();
  }

  /**
   * The optimiser's state: per-parameter step counts and state tensors keyed by parameter index, and
   * each group's hyper-parameters. The tensors are the optimiser's own; they are never modified in
   * place (every step makes new ones), so the dict stays a valid snapshot.
   *
   * @example
   * const saved = optimizer.stateDict();
   * // … later, with the same parameters:
   * optimizer.loadStateDict(saved);
   */
  stateDict(): OptimizerStateDict {
    const state: Record<number, ParamStateEntry> = {};
    const paramGroups: ParamGroupState[] = [];
    let index = 0;
    for (const group of this.groups) {
      const indices: number[] = [];
      for (const param of group.params) {
        const entry = this.states.get(param);
        if (entry !== undefined) {
          const saved: Record<string, number | Tensor> = { step: entry.step };
          for (const [slot, value] of Object.entries(entry.slots)) {
            if (value === null) continue;
            saved[slot] = value;
            // Handed out: the caller may keep it past the next step, so it is never freed early.
            this.exposed.add((value as Tensor).storage);
          }
          state[index] = saved as ParamStateEntry;
        }
        indices.push(index++);
      }
      const hyper: Record<string, HyperValue> = {};
      for (const [key, value] of Object.entries(group.hyper)) hyper[key] = Array.isArray(value) ? [...(value as number[])] : (value as HyperValue);
      paramGroups.push({ ...hyper, params: indices });
    }
    return { state, paramGroups };
  }

  /**
   * Restores a state dict from {@link stateDict} of an optimiser of the same kind over parameters of
   * the same shapes in the same groups: hyper-parameters (learning rates included) and the
   * per-parameter state, so training resumes on the same trajectory.
   *
   * @throws ValueError when the groups or parameter counts differ, a hyper-parameter is unknown or
   *   of the wrong type, or a state tensor is missing, unknown or of the wrong shape. Nothing is
   *   changed when it throws.
   * @example
   * optimizer.loadStateDict(checkpoint.optimizer);
   */
  loadStateDict(dict: OptimizerStateDict): void {
    const name = `${this.rule.name}.loadStateDict`;
    if (typeof dict !== 'object' || dict === null || !Array.isArray(dict.paramGroups) || typeof dict.state !== 'object' || dict.state === null) {
      throw new ValueError(`${name}: expected { state, paramGroups }, got ${describe(dict)}`);
    }
    if (dict.paramGroups.length !== this.groups.length) {
      throw new ValueError(`${name}: the dict has ${dict.paramGroups.length} parameter groups but the optimiser has ${this.groups.length}`);
    }
    const hypers: H[] = [];
    const byIndex = new Map<number, { param: Tensor; hyper: H }>();
    this.groups.forEach((group, g) => {
      const saved = dict.paramGroups[g]!;
      if (!Array.isArray(saved.params) || saved.params.length !== group.params.length) {
        throw new ValueError(
          `${name}: paramGroups[${g}] has ${Array.isArray(saved.params) ? saved.params.length : 'no'} parameters but the optimiser's group has ${group.params.length}`,
        );
      }
      const hyper: Record<string, unknown> = Object.fromEntries(Object.entries(group.hyper));
      for (const [key, value] of Object.entries(saved)) {
        if (key === 'params') continue;
        const current = hyper[key];
        if (current === undefined) throw new ValueError(`${name}: paramGroups[${g}] has an unknown option '${key}'`);
        const sameType = Array.isArray(current)
          ? Array.isArray(value) && value.length === (current as unknown[]).length
          : typeof value === typeof current;
        if (!sameType) {
          throw new ValueError(`${name}: paramGroups[${g}].${key} must be like ${JSON.stringify(current)}, got ${JSON.stringify(value)}`);
        }
        hyper[key] = Array.isArray(value) ? [...(value as number[])] : value;
      }
      this.rule.validate(hyper as H);
      hypers.push(hyper as H);
      saved.params.forEach((index, i) => byIndex.set(index, { param: group.params[i]!, hyper: hyper as H }));
    });
    const states = new Map<Tensor, ParamState<S>>();
    for (const [key, entry] of Object.entries(dict.state as Record<string, ParamStateEntry>)) {
      const target = byIndex.get(Number(key));
      if (target === undefined) throw new ValueError(`${name}: state has an entry for parameter ${key}, which no group lists`);
      states.set(target.param, this.readEntry(name, key, entry, target.param, target.hyper));
    }
    this.groups.forEach((group, g) => (group.hyper = hypers[g]!));
    this.states.clear();
    for (const [param, state] of states) this.states.set(param, state);
  }

  private readEntry(name: string, key: string, entry: ParamStateEntry, param: Tensor, hyper: H): ParamState<S> {
    const step = entry.step;
    if (typeof step !== 'number' || !Number.isInteger(step) || step < 0) {
      throw new ValueError(`${name}: state[${key}].step must be a non-negative integer, got ${String(step)}`);
    }
    const template = this.rule.init(param, hyper);
    const slots: Record<string, Tensor | null> = {};
    for (const [slot, value] of Object.entries(entry)) {
      if (slot === 'step') continue;
      if (!(slot in template)) {
        throw new ValueError(`${name}: state[${key}] has an unknown entry '${slot}'; expected ${Object.keys(template).join(', ') || 'none'}`);
      }
      if (!(value instanceof Tensor) || value.rank !== param.rank || value.shape.some((d, i) => d !== param.shape[i])) {
        const got = value instanceof Tensor ? shapeText(value.shape) : describe(value);
        throw new ValueError(`${name}: state[${key}].${slot} must be a tensor of shape ${shapeText(param.shape)}, got ${got}`);
      }
      slots[slot] = value.dtype === param.dtype ? value.detach() : cast(value.detach(), param.dtype);
    }
    for (const [slot, value] of Object.entries(template)) {
      if (slots[slot] !== undefined) continue;
      if (value !== null) throw new ValueError(`${name}: state[${key}] lacks '${slot}'`);
      slots[slot] = null;
    }
    return { step, slots: slots as S };
  }
}

/** A shape as error messages show it: `[3, 4]`. */
function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** A short description of a value for error messages. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Tensor) return `a Tensor of shape ${shapeText(value.shape)}`;
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

/** The tensors among a state's slots. */
function slotTensors(state: SlotState): Tensor[] {
  return Object.values(state).filter((value): value is Tensor => value instanceof Tensor);
}
