/**
 * The part of nllLoss and crossEntropy that reads class-index targets. Internal to `losses/`.
 *
 * Shapes: logProbs [N, C, d1, …] (class axis 1), target [N, d1, …] int32, classWeight [C].
 */
import { cast, div, gather, indexSelect, flatten, mul, ne, neg, reshape, squeeze, sum, type Tensor, unsqueeze, where } from '../core/index.js';
import type { Reduction } from './reduction.js';

/** Per-element pieces of a class-index loss, each of target's shape. */
export interface ClassIndexTerms {
  /** True where the target is not `ignoreIndex`. */
  readonly keep: Tensor;
  /** −w[tᵢ]·log pᵢ[tᵢ]; 0 where ignored. */
  readonly nll: Tensor;
  /** w[tᵢ] (1 without class weights); 0 where ignored: the weighted mean's denominator sums these. */
  readonly weights: Tensor;
}

/**
 * Picks each element's log-probability of its target class and its class weight.
 *
 * @param logProbs Log-probabilities [N, C, d1, …].
 * @param target Class indices [N, d1, …], already range-checked.
 * @param classWeight Per-class weight [C] in logProbs' dtype, or null.
 * @param ignoreIndex Target value that contributes nothing.
 * @returns The per-element terms.
 * @throws Nothing of its own: arguments are checked by the caller.
 * @example
 * const { nll, weights } = classIndexTerms(logSoftmax(x, 1), target, null, -100);
 */
export function classIndexTerms(logProbs: Tensor, target: Tensor, classWeight: Tensor | null, ignoreIndex: number): ClassIndexTerms {
  const keep = ne(target, ignoreIndex);
  // Ignored positions may hold any value (−100 by default): point them at class 0 for the gather,
  // then zero them out.
  const safe = where(keep, target, 0);
  const picked = squeeze(gather(logProbs, 1, unsqueeze(safe, 1)), 1);
  const weights =
    classWeight === null
      ? cast(keep, logProbs.dtype)
      : where(keep, reshape(indexSelect(classWeight, 0, flatten(safe)), target.shape), 0);
  const nll = where(keep, neg(mul(weights, picked)), 0);
  return { keep, nll, weights };
}

/**
 * Reduces per-element class-index losses the way PyTorch's nll_loss does: `'mean'` is the weighted
 * mean Σℓᵢ / Σw[tᵢ] over the elements not ignored (NaN when every element is ignored), `'sum'` is
 * Σℓᵢ, `'none'` returns ℓ reshaped to `noneShape`.
 *
 * @param losses Per-element losses.
 * @param weights Per-element weights w[tᵢ], 0 where ignored.
 * @param reduction The reduction.
 * @param noneShape Shape of the unreduced result ([] for an input of shape [C]).
 * @returns The reduced loss.
 * @throws Nothing of its own.
 * @example
 * reduceWeighted(nll, weights, 'mean', target.shape);
 */
export function reduceWeighted(losses: Tensor, weights: Tensor, reduction: Reduction, noneShape: readonly number[]): Tensor {
  switch (reduction) {
    case 'mean':
      return div(sum(losses), sum(weights));
    case 'sum':
      return sum(losses);
    case 'none':
      return reshape(losses, noneShape);
  }
}
