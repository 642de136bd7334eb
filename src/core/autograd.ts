/**
 * Reverse-mode automatic differentiation on a define-by-run tape.
 *
 * Every differentiable primitive calls {@link record} with its output, its inputs and a closure that
 * maps the output's gradient to the inputs' gradients (the vector-Jacobian product). The closure is
 * written next to the primitive's forward (DESIGN.md, principle 3) and is built from public ops, so
 * gradients of gradients work with `createGraph: true`.
 *
 * The graph lives only in tensors' `gradFn` links: it is freed with the tensors, and `backward`
 * drops each node's saved tensors as soon as it has run unless `retainGraph` is set.
 */
import { ValueError } from './errors.js';
import { formatShape } from './errors.js';
import { shapesEqual } from './shape.js';
import { type Storage, tidy } from './storage.js';
import type { Tensor } from './tensor.js';
import { add, onesLike } from './ops/index.js';

/** Maps the gradient of a node's output to one gradient per input (null: no gradient flows). */
export type VectorJacobianProduct = (gradOutput: Tensor) => readonly (Tensor | null)[];

/** One recorded operation: the edge from an output back to its inputs. */
export class GradNode {
  /** Storage versions of the inputs and output at record time, to detect in-place overwrites. */
  private versions: ReadonlyArray<readonly [Storage, number]>;
  private inputList: readonly Tensor[];
  private rule: VectorJacobianProduct | null;

  constructor(
    readonly op: string,
    inputs: readonly Tensor[],
    output: Tensor,
    vjp: VectorJacobianProduct,
  ) {
    this.inputList = inputs;
    this.rule = vjp;
    this.versions = [...inputs, output].map((t) => [t.storage, t.storage.version] as const);
  }

  /** The tensors this node's output was computed from (empty once released). */
  get inputs(): readonly Tensor[] {
    return this.inputList;
  }

  /** False once a backward pass without `retainGraph` has run through this node. */
  get isRetained(): boolean {
    return this.rule !== null;
  }

  /** Maps the output gradient to the inputs' gradients. */
  vjp(gradOutput: Tensor): readonly (Tensor | null)[] {
    if (this.rule === null) {
      throw new ValueError(
        `backward: the graph through '${this.op}' was already freed by an earlier backward(); ` +
          'pass { retainGraph: true } to the first call to run backward twice',
      );
    }
    this.checkVersions();
    return this.rule(gradOutput);
  }

  /**
   * Drops the saved tensors and the links to the inputs, so a graph whose output is still
   * referenced (a logged loss, say) does not keep every intermediate buffer alive.
   */
  release(): void {
    this.rule = null;
    this.inputList = [];
    this.versions = [];
  }

  /** Throws when a tensor this node saved was modified in place after the forward pass. */
  private checkVersions(): void {
    for (const [storage, version] of this.versions) {
      if (storage.version !== version) {
        throw new ValueError(
          `backward: a tensor needed by the gradient of '${this.op}' was modified in place after it was used; ` +
            'use the out-of-place op (without the trailing _) or detach() first',
        );
      }
    }
  }
}

let gradEnabled = true;

/** True unless inside {@link noGrad}. */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/**
 * Runs `fn` without recording operations for autograd: for inference and optimiser updates.
 * `fn` must be synchronous (the setting is restored when it returns).
 *
 * @example
 * const prediction = noGrad(() => model.forward(x));
 */
export function noGrad<T>(fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/** Runs `fn` with recording on, even inside {@link noGrad}. */
export function enableGrad<T>(fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = true;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/**
 * Attaches a gradient node to `output` when recording is on and some input requires a gradient.
 * Called by primitives right after their forward kernel; returns `output` for chaining.
 */
export function record(op: string, output: Tensor, inputs: readonly Tensor[], vjp: VectorJacobianProduct): Tensor {
  if (!gradEnabled || !output.isFloatingPoint()) return output;
  if (!inputs.some((t) => t.requiresGrad)) return output;
  output.setGradFn(new GradNode(op, inputs, output, vjp));
  return output;
}

/** Options of {@link runBackward}. */
export interface BackwardOptions {
  /** Keep saved tensors so backward can run through the graph again. Default false. */
  readonly retainGraph?: boolean;
  /** Record the backward pass itself, for gradients of gradients. Default false. */
  readonly createGraph?: boolean;
}

/**
 * Propagates gradients from `roots` back through the graph.
 *
 * When `inputs` is given, gradients are returned for those tensors (as `torch.autograd.grad` does)
 * and leaves' `.grad` are left alone; otherwise they accumulate into the `.grad` of every leaf that
 * requires a gradient (as `tensor.backward()` does).
 *
 * @internal Reached through `Tensor.backward`, {@link gradients}, `grad` and `valueAndGrad`.
 */
export function runBackward(
  roots: readonly Tensor[],
  rootGrads: readonly Tensor[],
  options: BackwardOptions & { readonly inputs?: readonly Tensor[] } = {},
): (Tensor | null)[] {
  const createGraph = options.createGraph ?? false;
  const retainGraph = options.retainGraph ?? createGraph;
  const wanted = options.inputs === undefined ? null : new Set(options.inputs);

  // Topological order of the tensors that have a gradient node, by iterative depth-first search.
  // With `inputs`, only the part of the graph that leads to them runs (as torch.autograd.grad):
  // `reaches` holds the tensors from which a wanted input can be reached.
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  const reaches = new Set<Tensor>(wanted ?? []);
  for (const root of roots) {
    if (root.gradFn === null || visited.has(root)) continue;
    const stack: Array<[Tensor, number]> = [[root, 0]];
    visited.add(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const [tensor, next] = top;
      const inputs = tensor.gradFn!.inputs;
      if (next < inputs.length) {
        top[1] = next + 1;
        const input = inputs[next]!;
        if (input.gradFn !== null && !visited.has(input)) {
          visited.add(input);
          stack.push([input, 0]);
        }
      } else {
        stack.pop();
        order.push(tensor);
        if (wanted !== null && inputs.some((input) => reaches.has(input))) reaches.add(tensor);
      }
    }
  }
  /** Whether the gradient must flow through this tensor's node. */
  const mustRun = (tensor: Tensor): boolean => wanted === null || tensor.gradFn!.inputs.some((input) => reaches.has(input));

  const pending = new Map<Tensor, Tensor>();
  const collected = new Map<Tensor, Tensor>();
  const accumulate = (target: Map<Tensor, Tensor>, tensor: Tensor, grad: Tensor): void => {
    const previous = target.get(tensor);
    target.set(tensor, previous === undefined ? grad : add(previous, grad));
  };
  const deliver = (tensor: Tensor, grad: Tensor, op: string): void => {
    if (!shapesEqual(grad.shape, tensor.shape)) {
      throw new ValueError(
        `backward: gradient of '${op}' has shape ${formatShape(grad.shape)} but its input is ${formatShape(tensor.shape)}`,
      );
    }
    if (wanted?.has(tensor) === true) accumulate(collected, tensor, grad);
    if (tensor.gradFn !== null && mustRun(tensor)) accumulate(pending, tensor, grad);
    else if (wanted === null && tensor.requiresGrad) {
      tensor.accumulateGrad(grad);
      updatedLeaves.add(tensor);
    }
  };
  const updatedLeaves = new Set<Tensor>();

  const run = (): void => {
    roots.forEach((root, i) => deliver(root, rootGrads[i]!, 'output'));
    for (let i = order.length - 1; i >= 0; i--) {
      const tensor = order[i]!;
      const node = tensor.gradFn!;
      const gradOutput = pending.get(tensor);
      pending.delete(tensor);
      if (gradOutput === undefined) continue;
      const inputs = node.inputs;
      const inputGrads = node.vjp(gradOutput);
      if (!retainGraph) node.release();
      inputs.forEach((input, k) => {
        const g = inputGrads[k];
        if (g !== null && g !== undefined && input.requiresGrad) deliver(input, g, node.op);
      });
    }
  };
  if (createGraph) enableGrad(run);
  else {
    // Without a graph of the backward pass, every gradient made on the way is a temporary except
    // the leaves' new `.grad` and the gradients asked for: free the rest now rather than when the
    // collector gets to them (a wasm memory would otherwise grow by a step's worth of buffers).
    tidy(() => {
      noGrad(run);
      return [[...updatedLeaves].map((leaf) => leaf.grad), [...collected.values()]];
    });
  }

  return options.inputs === undefined ? [] : options.inputs.map((t) => collected.get(t) ?? null);
}

/**
 * Gradients of `outputs` with respect to `inputs`, without touching any `.grad`
 * (`torch.autograd.grad`). Inputs that the outputs do not depend on get `null`.
 *
 * @param gradOutputs Gradient of each output; defaults to ones (outputs must then be scalars).
 * @throws ValueError when an output is not a scalar and no gradOutput is given.
 * @example
 * const [dx] = gradients([loss], [x]);
 */
export function gradients(
  outputs: readonly Tensor[],
  inputs: readonly Tensor[],
  gradOutputs?: readonly Tensor[],
  options: BackwardOptions = {},
): (Tensor | null)[] {
  const seeds = outputs.map((out, i) => gradOutputs?.[i] ?? defaultSeed('gradients', out));
  return runBackward(outputs, seeds, { ...options, inputs });
}

/** The gradient `backward()` starts from when none is given: ones, for a scalar output only. */
export function defaultSeed(op: string, output: Tensor): Tensor {
  if (output.size !== 1) {
    throw new ValueError(
      `${op}: a gradient can be created implicitly only for scalar outputs; the output has shape ${formatShape(output.shape)}: pass gradOutput`,
    );
  }
  return onesLike(output);
}
