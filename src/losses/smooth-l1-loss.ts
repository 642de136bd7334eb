/**
 * Smooth L1 loss (Girshick 2015, Fast R-CNN), PyTorch's `smooth_l1_loss`: the Huber loss divided by
 * β, so the linear part has slope 1 whatever β is.
 */
import { abs, div, lt, mul, square, sub, type Tensor, where } from '../core/index.js';
import { checkReduction, type LossOptions, reduceLoss } from './reduction.js';
import { checkElementwiseTarget, checkFloatTensor, checkNumber } from './validation.js';

/** Options of {@link smoothL1Loss}. */
export interface SmoothL1LossOptions extends LossOptions {
  /** Where the loss turns from quadratic to linear; ≥ 0, default 1 (0 gives the L1 loss). */
  readonly beta?: number;
}

/**
 * Smooth L1 loss with threshold β, for d = |xᵢ − yᵢ|:
 * ℓᵢ = ½d²/β when d < β, d − ½β otherwise; β = 0 is the plain L1 loss.
 *
 * @param input Predictions, float32 or float64, any shape.
 * @param target Targets of input's shape and dtype.
 * @param options `beta` (≥ 0, default 1) and `reduction`.
 * @returns A scalar, or per-element losses of input's shape for `'none'`.
 * @throws ShapeError / DTypeError when target does not match input; ValueError for β < 0 or a bad reduction.
 * @example
 * smoothL1Loss(tensor([0, 0]), tensor([0.5, 3])); // (0.125 + 2.5) / 2 = 1.3125
 */
export function smoothL1Loss(input: Tensor, target: Tensor, options: SmoothL1LossOptions = {}): Tensor {
  const x = checkFloatTensor('smoothL1Loss', 'input', input);
  const y = checkElementwiseTarget('smoothL1Loss', x, target);
  const beta = checkNumber('smoothL1Loss', 'beta', options.beta ?? 1, (v) => v >= 0, 'a non-negative number');
  const reduction = checkReduction('smoothL1Loss', options.reduction);
  const diff = sub(x, y);
  const d = abs(diff);
  // β = 0 would divide 0 by 0 in the (never chosen) quadratic branch; PyTorch defines it as L1.
  if (beta === 0) return reduceLoss(d, reduction);
  const losses = where(lt(d, beta), div(mul(square(diff), 0.5), beta), sub(d, 0.5 * beta));
  return reduceLoss(losses, reduction);
}
