/**
 * Mean squared error (L2 loss), PyTorch's `mse_loss`: ℓᵢ = (xᵢ − yᵢ)².
 */
import { square, sub, type Tensor } from '../core/index.js';
import { checkReduction, type LossOptions, reduceLoss } from './reduction.js';
import { checkElementwiseTarget, checkFloatTensor } from './validation.js';

/** Options of {@link mseLoss}. */
export type MseLossOptions = LossOptions;

/**
 * Squared error between prediction and target, ℓᵢ = (xᵢ − yᵢ)², reduced by mean (default), sum or
 * not at all.
 *
 * @param input Predictions, float32 or float64, any shape.
 * @param target Targets of input's shape and dtype.
 * @param options `reduction`: `'mean'` | `'sum'` | `'none'`.
 * @returns A scalar, or per-element losses of input's shape for `'none'`.
 * @throws ShapeError / DTypeError when target does not match input; ValueError for a bad reduction.
 * @example
 * mseLoss(tensor([1, 2, 3]), tensor([1, 2, 5])); // (0 + 0 + 4) / 3 = 1.3333
 */
export function mseLoss(input: Tensor, target: Tensor, options: MseLossOptions = {}): Tensor {
  const x = checkFloatTensor('mseLoss', 'input', input);
  const y = checkElementwiseTarget('mseLoss', x, target);
  const reduction = checkReduction('mseLoss', options.reduction);
  return reduceLoss(square(sub(x, y)), reduction);
}
