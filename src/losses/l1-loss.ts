/**
 * Mean absolute error (L1 loss), PyTorch's `l1_loss`: ℓᵢ = |xᵢ − yᵢ|.
 */
import { abs, sub, type Tensor } from '../core/index.js';
import { checkReduction, type LossOptions, reduceLoss } from './reduction.js';
import { checkElementwiseTarget, checkFloatTensor } from './validation.js';

/** Options of {@link l1Loss}. */
export type L1LossOptions = LossOptions;

/**
 * Absolute error between prediction and target, ℓᵢ = |xᵢ − yᵢ| (MAE under the default mean). The
 * gradient at xᵢ = yᵢ is 0, as in PyTorch (sign(0) = 0).
 *
 * @param input Predictions, float32 or float64, any shape.
 * @param target Targets of input's shape and dtype.
 * @param options `reduction`: `'mean'` | `'sum'` | `'none'`.
 * @returns A scalar, or per-element losses of input's shape for `'none'`.
 * @throws ShapeError / DTypeError when target does not match input; ValueError for a bad reduction.
 * @example
 * l1Loss(tensor([1, 2, 3]), tensor([2, 2, 5])); // (1 + 0 + 2) / 3 = 1
 */
export function l1Loss(input: Tensor, target: Tensor, options: L1LossOptions = {}): Tensor {
  const x = checkFloatTensor('l1Loss', 'input', input);
  const y = checkElementwiseTarget('l1Loss', x, target);
  const reduction = checkReduction('l1Loss', options.reduction);
  return reduceLoss(abs(sub(x, y)), reduction);
}
