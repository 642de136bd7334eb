/**
 * Negative log-likelihood of class indices, PyTorch's `nll_loss`.
 */
import { reshape, type Tensor } from '../core/index.js';
import { classIndexTerms, reduceWeighted } from './class-index-terms.js';
import { checkReduction, type LossOptions } from './reduction.js';
import { checkClassIndices, checkClassWeight, checkFloatTensor, checkNumber } from './validation.js';

/** Options of {@link nllLoss}. */
export interface NllLossOptions extends LossOptions {
  /** Per-class weight, shape [C]; `'mean'` then divides by the sum of the targets' weights. */
  readonly weight?: Tensor;
  /** Target value that contributes neither loss nor weight (padding); default −100 as PyTorch. */
  readonly ignoreIndex?: number;
}

/**
 * Negative log-likelihood: ℓᵢ = −w[tᵢ]·xᵢ[tᵢ] for log-probabilities x (e.g. from logSoftmax) and
 * class indices t; 0 where tᵢ = ignoreIndex. `'mean'` is the weighted mean Σℓᵢ / Σw[tᵢ] over the
 * elements not ignored (NaN when all are ignored, as in PyTorch).
 *
 * @param input Log-probabilities [N, C], [N, C, d1, …] (class axis 1) or [C]; float32 or float64.
 * @param target int32 class indices [N], [N, d1, …] or [] for a [C] input.
 * @param options `weight` ([C]), `ignoreIndex` (default −100) and `reduction`.
 * @returns A scalar, or per-element losses of target's shape for `'none'`.
 * @throws ShapeError / DTypeError when target or weight does not fit; ValueError for an index
 *   outside [0, C) other than ignoreIndex, or a bad option.
 * @example
 * nllLoss(logSoftmax(logits, 1), tensor([2, 0], { dtype: 'int32' }));
 */
export function nllLoss(input: Tensor, target: Tensor, options: NllLossOptions = {}): Tensor {
  const x = checkFloatTensor('nllLoss', 'input', input);
  const ignoreIndex = checkNumber('nllLoss', 'ignoreIndex', options.ignoreIndex ?? -100, Number.isInteger, 'an integer');
  const reduction = checkReduction('nllLoss', options.reduction);
  const numClasses = checkClassIndices('nllLoss', x, target, ignoreIndex);
  const weight = options.weight === undefined ? null : checkClassWeight('nllLoss', options.weight, numClasses, x.dtype);
  // A [C] input is one example: lift it to [1, C] so the class axis is always 1.
  const lifted = x.rank === 1;
  const logProbs = lifted ? reshape(x, [1, numClasses]) : x;
  const t = lifted ? reshape(target, [1]) : target;
  const { nll, weights } = classIndexTerms(logProbs, t, weight, ignoreIndex);
  return reduceWeighted(nll, weights, reduction, target.shape);
}
