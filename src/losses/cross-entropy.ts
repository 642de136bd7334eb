/**
 * Cross-entropy on logits, PyTorch's `cross_entropy`: logSoftmax over the class axis, then the
 * negative log-likelihood of class indices or the cross-entropy against class probabilities.
 */
import { add, div, DTypeError, logSoftmax, mul, neg, reshape, ShapeError, sum, Tensor, ValueError, where } from '../core/index.js';
import { classIndexTerms, reduceWeighted } from './class-index-terms.js';
import { checkReduction, type LossOptions, type Reduction } from './reduction.js';
import { checkClassIndices, checkClassWeight, checkElementwiseTarget, checkFloatTensor, checkNumber, showShape } from './validation.js';

/** Options of {@link crossEntropy}. */
export interface CrossEntropyOptions extends LossOptions {
  /** Per-class weight, shape [C]. With class indices `'mean'` divides by the sum of the targets' weights. */
  readonly weight?: Tensor;
  /** Class-index target value that contributes neither loss nor weight; default −100. Not for probability targets. */
  readonly ignoreIndex?: number;
  /** ε in [0, 1]: mixes the target with the uniform distribution, (1 − ε)·target + ε/C (Szegedy et al. 2016). */
  readonly labelSmoothing?: number;
}

/**
 * Cross-entropy between logits x and a target, with log pᵢ = logSoftmax(xᵢ) over the class axis
 * (stable for any logits):
 *
 * - int32 class indices t: ℓᵢ = (1 − ε)·(−w[tᵢ]·log pᵢ[tᵢ]) + (ε/C)·(−Σ_c w[c]·log pᵢ[c]), 0 where
 *   tᵢ = ignoreIndex; `'mean'` divides Σℓᵢ by Σw[tᵢ] over the elements not ignored (w ≡ 1 without
 *   weights), exactly as PyTorch does, also with label smoothing.
 * - float probabilities y of input's shape: ℓᵢ = −Σ_c w[c]·ỹᵢ[c]·log pᵢ[c] with
 *   ỹ = (1 − ε)·y + ε/C; `'mean'` divides by the number of examples N·d1·… (not by the weights).
 *
 * @param input Logits [N, C], [N, C, d1, …] (class axis 1, e.g. [N, C, H, W]) or [C]; float32 or float64.
 * @param target int32 class indices [N, d1, …] ([] for a [C] input), or probabilities of input's shape and dtype.
 * @param options `weight` ([C]), `ignoreIndex`, `labelSmoothing` and `reduction`.
 * @returns A scalar, or one loss per example ([N, d1, …], [] for a [C] input) for `'none'`.
 * @throws ShapeError / DTypeError when target or weight does not fit; ValueError for a class index
 *   outside [0, C), labelSmoothing outside [0, 1], ignoreIndex ≥ 0 with probability targets, or a bad reduction.
 * @example
 * crossEntropy(tensor([[2, 0, -1], [0.5, 1.5, 0]]), tensor([0, 1], { dtype: 'int32' }));
 * crossEntropy(logits, tensor([[1, 0, 0], [0, 0.5, 0.5]]), { labelSmoothing: 0.1 });
 */
export function crossEntropy(input: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor {
  const name = 'crossEntropy';
  const x = checkFloatTensor(name, 'input', input);
  if (x.rank === 0) throw new ShapeError(`${name}: input must be [N, C, d1, ...] or [C], got a scalar []`);
  const epsilon = checkNumber(name, 'labelSmoothing', options.labelSmoothing ?? 0, (v) => v >= 0 && v <= 1, 'a number in [0, 1]');
  const reduction = checkReduction(name, options.reduction);
  const numClasses = x.rank === 1 ? x.shape[0]! : x.shape[1]!;
  // A [C] input is one example: lift it to [1, C] so the class axis is always 1.
  const lifted = x.rank === 1;
  const logits = lifted ? reshape(x, [1, numClasses]) : x;
  const weight = options.weight === undefined ? null : checkClassWeight(name, options.weight, numClasses, x.dtype);
  // [C] → [1, C, 1, …] so it broadcasts along the class axis of [N, C, d1, …].
  const weightAlongClasses = weight === null ? null : reshape(weight, logits.shape.map((d, i) => (i === 1 ? d : 1)));
  const logProbs = logSoftmax(logits, 1);
  const noneShape = lifted ? [] : [logits.shape[0]!, ...logits.shape.slice(2)];

  if (target instanceof Tensor && target.isFloatingPoint()) {
    const ignoreIndex = options.ignoreIndex;
    if (ignoreIndex !== undefined && ignoreIndex >= 0) {
      throw new ValueError(`${name}: ignoreIndex applies to int32 class-index targets only, got ${ignoreIndex} with ${target.dtype} probability targets`);
    }
    const y = checkElementwiseTarget(name, x, target);
    return probabilityLoss(logProbs, lifted ? reshape(y, logits.shape) : y, weightAlongClasses, epsilon, reduction, noneShape);
  }
  if (target instanceof Tensor && target.dtype === 'bool') {
    throw new DTypeError(
      `${name}: target must be int32 class indices or float probabilities of input's shape ${showShape(x.shape)}, got bool ${showShape(target.shape)}`,
    );
  }
  const ignoreIndex = checkNumber(name, 'ignoreIndex', options.ignoreIndex ?? -100, Number.isInteger, 'an integer');
  checkClassIndices(name, x, target, ignoreIndex);
  const t = lifted ? reshape(target, [1]) : target;
  const { keep, nll, weights } = classIndexTerms(logProbs, t, weight, ignoreIndex);
  if (epsilon === 0) return reduceWeighted(nll, weights, reduction, noneShape);
  // PyTorch: (1 − ε)·nll + (ε/C)·smooth, smooth = −Σ_c w[c]·log p[c], zeroed where ignored, and
  // the mean of both parts divided by the same Σw[tᵢ].
  const weighted = weightAlongClasses === null ? logProbs : mul(logProbs, weightAlongClasses);
  const smooth = where(keep, neg(sum(weighted, 1)), 0);
  const losses = add(mul(nll, 1 - epsilon), mul(smooth, epsilon / numClasses));
  return reduceWeighted(losses, weights, reduction, noneShape);
}

/** Cross-entropy against class probabilities y (already lifted to [N, C, d1, …]). */
function probabilityLoss(
  logProbs: Tensor,
  y: Tensor,
  weightAlongClasses: Tensor | null,
  epsilon: number,
  reduction: Reduction,
  noneShape: readonly number[],
): Tensor {
  const numClasses = logProbs.shape[1]!;
  const smoothed = epsilon === 0 ? y : add(mul(y, 1 - epsilon), epsilon / numClasses);
  const terms = mul(logProbs, weightAlongClasses === null ? smoothed : mul(smoothed, weightAlongClasses));
  switch (reduction) {
    case 'mean':
      // PyTorch divides by the number of examples N·d1·…, weights or not (NaN when there are none).
      return div(neg(sum(terms)), logProbs.size / numClasses);
    case 'sum':
      return neg(sum(terms));
    case 'none':
      return reshape(neg(sum(terms, 1)), noneShape);
  }
}
