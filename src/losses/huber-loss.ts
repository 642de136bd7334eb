/**
 * Huber loss (Huber 1964), PyTorch's `huber_loss`: quadratic near the target, linear far from it,
 * so outliers pull with a bounded force δ.
 */
import { abs, lt, mul, square, sub, type Tensor, where } from '../core/index.js';
import { checkReduction, type LossOptions, reduceLoss } from './reduction.js';
import { checkElementwiseTarget, checkFloatTensor, checkNumber } from './validation.js';

/** Options of {@link huberLoss}. */
export interface HuberLossOptions extends LossOptions {
  /** Where the loss turns from quadratic to linear; > 0, default 1. */
  readonly delta?: number;
}

/**
 * Huber loss with threshold δ, for d = |xᵢ − yᵢ|:
 * ℓᵢ = ½d² when d < δ, δ(d − ½δ) otherwise. Its gradient is the error clipped to [−δ, δ].
 *
 * @param input Predictions, float32 or float64, any shape.
 * @param target Targets of input's shape and dtype.
 * @param options `delta` (> 0, default 1) and `reduction`.
 * @returns A scalar, or per-element losses of input's shape for `'none'`.
 * @throws ShapeError / DTypeError when target does not match input; ValueError for δ ≤ 0 or a bad reduction.
 * @example
 * huberLoss(tensor([0, 0]), tensor([0.5, 3]), { delta: 1 }); // (0.125 + 2.5) / 2 = 1.3125
 */
export function huberLoss(input: Tensor, target: Tensor, options: HuberLossOptions = {}): Tensor {
  const x = checkFloatTensor('huberLoss', 'input', input);
  const y = checkElementwiseTarget('huberLoss', x, target);
  const delta = checkNumber('huberLoss', 'delta', options.delta ?? 1, (v) => v > 0, 'a positive number');
  const reduction = checkReduction('huberLoss', options.reduction);
  const diff = sub(x, y);
  const d = abs(diff);
  // where() sends the gradient only into the chosen branch, so each side differentiates cleanly.
  const losses = where(lt(d, delta), mul(square(diff), 0.5), mul(sub(d, 0.5 * delta), delta));
  return reduceLoss(losses, reduction);
}
