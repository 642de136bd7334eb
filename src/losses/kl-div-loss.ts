/**
 * Kullback–Leibler divergence, PyTorch's `kl_div`: input holds log-probabilities, target holds
 * probabilities (or log-probabilities with `logTarget`).
 */
import { div, eq, exp, log, mul, sub, sum, type Tensor, where } from '../core/index.js';
import { checkReduction, type Reduction, reduceLoss } from './reduction.js';
import { checkElementwiseTarget, checkFloatTensor } from './validation.js';

/** Options of {@link klDivLoss}. */
export interface KlDivLossOptions {
  /**
   * `'mean'` (default, over every element, as PyTorch), `'batchmean'` (sum / N: the true KL
   * divergence per example, what you usually want), `'sum'` or `'none'`.
   */
  readonly reduction?: Reduction | 'batchmean';
  /** Target holds log-probabilities instead of probabilities; default false. */
  readonly logTarget?: boolean;
}

/**
 * KL(target ‖ exp(input)) pointwise, for input log-probabilities x:
 * ℓᵢ = yᵢ·(log yᵢ − xᵢ) with 0·log 0 = 0 (PyTorch's xlogy), or with `logTarget`
 * ℓᵢ = e^yᵢ·(yᵢ − xᵢ). `'batchmean'` divides the sum by input's first dimension.
 *
 * @param input Log-probabilities (e.g. logSoftmax(logits)), float32 or float64, any shape.
 * @param target Probabilities (or log-probabilities with `logTarget`) of input's shape and dtype.
 * @param options `reduction` (also `'batchmean'`) and `logTarget`.
 * @returns A scalar, or per-element values of input's shape for `'none'`.
 * @throws ShapeError / DTypeError when target does not match input; ValueError for a bad reduction.
 * @example
 * klDivLoss(logSoftmax(studentLogits), softmax(teacherLogits), { reduction: 'batchmean' });
 */
export function klDivLoss(input: Tensor, target: Tensor, options: KlDivLossOptions = {}): Tensor {
  const x = checkFloatTensor('klDivLoss', 'input', input);
  const y = checkElementwiseTarget('klDivLoss', x, target);
  const reduction = checkReduction('klDivLoss', options.reduction, ['batchmean'] as const);
  let losses: Tensor;
  if (options.logTarget === true) {
    losses = mul(exp(y), sub(y, x));
  } else {
    // xlogy(y, y): y·log y, defined as 0 at y = 0; log reads 1 there so its gradient stays finite.
    const zero = eq(y, 0);
    const yLogY = where(zero, 0, mul(y, log(where(zero, 1, y))));
    losses = sub(yLogY, mul(y, x));
  }
  if (reduction !== 'batchmean') return reduceLoss(losses, reduction);
  // PyTorch divides by input.size(0), and leaves a 0-d input's sum as is.
  return x.rank === 0 ? sum(losses) : div(sum(losses), x.shape[0]!);
}
