/**
 * Gradient-norm clipping (`torch.nn.utils.clip_grad_norm_`): rescale all gradients together so
 * their joint p-norm is at most `maxNorm`. Pascanu, Mikolov & Bengio 2013, "On the difficulty of
 * training recurrent neural networks" (ICML), introduced it against exploding gradients.
 */
import {
  abs, add, cast, clip, div, max, noGrad, pow, sqrt, stack, sum, Tensor, tensor, ValueError,
} from '../core/index.js';
import { checkNonNegative } from './hyper-checks.js';

/**
 * Scales the `.grad` of `params` in place so that the p-norm of all of them, taken as one vector,
 * is at most `maxNorm`, and returns that norm from before clipping.
 *
 * As in PyTorch, the scale is min(1, maxNorm / (norm + 1e-6)) and every gradient is multiplied by
 * it, even when it is 1: the whole computation stays on the tensor side, so nothing is read back
 * to the host (the returned norm is a 0-d tensor; call `.item()` to log it). Parameters without a
 * gradient are skipped.
 *
 * @param params Parameters whose gradients to clip (a model's parameters, typically).
 * @param maxNorm Largest allowed norm (≥ 0).
 * @param normType p of the p-norm: a positive number, or `Infinity` for the largest absolute value.
 * @param errorIfNonfinite Throw when the norm is NaN or ±∞ (reads the norm back); default false.
 * @returns The total norm of the gradients before clipping, a float 0-d tensor (0 when no
 *   parameter has a gradient).
 * @throws ValueError for a negative or non-finite maxNorm, a bad normType, or a non-finite norm
 *   when errorIfNonfinite is set (the gradients are then left unchanged).
 * @example
 * loss.backward();
 * const norm = clipGradNorm(model.parameters(), 1.0);
 * optimizer.step();
 */
export function clipGradNorm(params: Iterable<Tensor> | Tensor, maxNorm: number, normType = 2, errorIfNonfinite = false): Tensor {
  checkNonNegative('clipGradNorm', 'maxNorm', maxNorm);
  if (typeof normType !== 'number' || !(normType > 0)) {
    throw new ValueError(`clipGradNorm: normType must be a positive number or Infinity, got ${String(normType)}`);
  }
  const grads = gradientsOf(params);
  if (grads.length === 0) return tensor(0);
  return noGrad(() => {
    // Norms of each gradient, then the norm of those norms: ‖(‖g₁‖, …, ‖gₙ‖)‖ₚ = ‖(g₁, …, gₙ)‖ₚ.
    const dtype = grads.some((g) => g.dtype === 'float64') ? 'float64' : 'float32';
    const norms = grads.map((g) => cast(pNorm(g, normType), dtype));
    const total = pNorm(stack(norms), normType);
    if (errorIfNonfinite && !Number.isFinite(total.item())) {
      throw new ValueError(
        `clipGradNorm: the total ${normType}-norm of the gradients is ${total.item()}; ` +
          'pass errorIfNonfinite = false to clip anyway',
      );
    }
    // The 1e-6 keeps the division finite for all-zero gradients (PyTorch's constant).
    const scale = clip(div(maxNorm, add(total, 1e-6)), null, 1);
    for (const g of grads) g.mul_(scale);
    return total;
  });
}

/** The p-norm of all elements of x: max|x| for p = ∞, Σ|x| for p = 1, √Σx² for p = 2. */
function pNorm(x: Tensor, p: number): Tensor {
  if (x.size === 0) return sum(x);
  if (p === Infinity) return max(abs(x));
  if (p === 1) return sum(abs(x));
  if (p === 2) return sqrt(sum(x.mul(x)));
  return pow(sum(pow(abs(x), p)), 1 / p);
}

/** The gradients of the parameters that have one. */
function gradientsOf(params: Iterable<Tensor> | Tensor): Tensor[] {
  const list = params instanceof Tensor ? [params] : [...params];
  return list.map((p) => p.grad).filter((g): g is Tensor => g !== null);
}
