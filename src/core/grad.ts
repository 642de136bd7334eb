/**
 * Functional autograd: `grad(fn)` and `valueAndGrad(fn)` turn a scalar function of tensors into a
 * function that returns its gradients (as in JAX), without touching anyone's `.grad`. Explanation
 * methods and per-example privacy build on these.
 */
import { enableGrad, gradients } from './autograd.js';
import { formatShape, ValueError } from './errors.js';
import { zerosLike } from './ops/creation.js';
import { Tensor } from './tensor.js';

/** Options of {@link grad} and {@link valueAndGrad}. */
export interface GradOptions {
  /** Which arguments to differentiate with respect to (default: all tensor arguments). */
  readonly argnums?: number | readonly number[];
  /** Record the gradient computation so it can be differentiated again. Default false. */
  readonly createGraph?: boolean;
}

/**
 * `fn`'s value and its gradients with respect to the chosen arguments. Gradients of arguments
 * `fn` does not depend on are zeros.
 *
 * @throws ValueError when fn does not return a one-element float tensor.
 * @example
 * const f = valueAndGrad((x: Tensor) => sum(mul(x, x)));
 * const { value, grads: [dx] } = f(tensor([1, 2, 3])); // value 14, dx [2, 4, 6]
 */
export function valueAndGrad<Args extends Tensor[]>(
  fn: (...args: Args) => Tensor,
  options: GradOptions = {},
): (...args: Args) => { value: Tensor; grads: Tensor[] } {
  return (...args: Args) => {
    const chosen = resolveArgnums(args, options.argnums);
    // Arguments that already take part in a recorded graph are used as they are, so the gradient
    // stays connected to it and grad(grad(f)) works; others become fresh leaves. Either way no
    // `.grad` is touched.
    const inputs = args.map((a, i) => (chosen.includes(i) && !a.requiresGrad ? a.detach().requiresGrad_(true) : a)) as Args;
    const value = enableGrad(() => fn(...inputs));
    if (!(value instanceof Tensor) || value.size !== 1 || !value.isFloatingPoint()) {
      const got = value instanceof Tensor ? `${value.dtype} ${formatShape(value.shape)}` : typeof value;
      throw new ValueError(`grad: fn must return a one-element float tensor, got ${got}`);
    }
    const wrt = chosen.map((i) => inputs[i]!);
    const grads = value.requiresGrad
      ? gradients([value], wrt, undefined, { createGraph: options.createGraph ?? false })
      : wrt.map(() => null);
    return {
      value: options.createGraph === true ? value : value.detach(),
      grads: grads.map((g, k) => g ?? zerosLike(wrt[k]!)),
    };
  };
}

/**
 * A function returning `fn`'s gradients with respect to the chosen arguments (JAX's `grad`).
 *
 * @example
 * const dfdx = grad((x: Tensor) => sum(sin(x)));
 * const [g] = dfdx(tensor([0])); // [1]
 */
export function grad<Args extends Tensor[]>(fn: (...args: Args) => Tensor, options: GradOptions = {}): (...args: Args) => Tensor[] {
  const inner = valueAndGrad(fn, options);
  return (...args: Args) => inner(...args).grads;
}

function resolveArgnums(args: readonly unknown[], argnums: number | readonly number[] | undefined): number[] {
  args.forEach((a, i) => {
    if (!(a instanceof Tensor)) throw new ValueError(`grad: argument ${i} must be a Tensor, got ${typeof a}`);
  });
  const list = argnums === undefined ? args.map((_, i) => i) : typeof argnums === 'number' ? [argnums] : [...argnums];
  for (const i of list) {
    if (!Number.isInteger(i) || i < 0 || i >= args.length) {
      throw new ValueError(`grad: argnums ${i} is out of range for ${args.length} arguments`);
    }
    if (!(args[i] as Tensor).isFloatingPoint()) throw new ValueError(`grad: argument ${i} must be float32 or float64 to be differentiated`);
  }
  return list;
}
