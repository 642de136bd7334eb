/**
 * Binary cross-entropy on logits, PyTorch's `binary_cross_entropy_with_logits`: a sigmoid and the
 * cross-entropy in one stable formula.
 */
import { abs, add, exp, log1p, maximum, mul, neg, sub, type Tensor } from '../core/index.js';
import { checkReduction, type LossOptions, reduceLoss } from './reduction.js';
import { checkBroadcastWeight, checkElementwiseTarget, checkFloatTensor } from './validation.js';

/** Options of {@link binaryCrossEntropyWithLogits}. */
export interface BinaryCrossEntropyWithLogitsOptions extends LossOptions {
  /** Rescales each element's loss; broadcasts to input's shape. The mean stays a plain mean. */
  readonly weight?: Tensor;
  /**
   * Weight of the positive term, broadcast along the trailing (class) dimension, e.g. shape [C]:
   * negatives/positives per class balances a rare label.
   */
  readonly posWeight?: Tensor;
}

/**
 * Binary cross-entropy of σ(x) against targets y in [0, 1], with positive weight q (default 1):
 * ℓᵢ = wᵢ·[(1 − yᵢ)·xᵢ + (1 + (qᵢ − 1)·yᵢ)·softplus(−xᵢ)], which is −wᵢ·[qᵢ·yᵢ·log σ(xᵢ) +
 * (1 − yᵢ)·log(1 − σ(xᵢ))] since log σ(x) = −softplus(−x) and log(1 − σ(x)) = −x − softplus(−x).
 * softplus(−x) = max(−x, 0) + log1p(e^(−|x|)) never overflows, so logits of ±1000 are fine.
 *
 * @param input Logits, float32 or float64, any shape.
 * @param target Targets in [0, 1] of input's shape and dtype.
 * @param options `weight`, `posWeight` (both broadcast to input) and `reduction`.
 * @returns A scalar, or per-element losses of input's shape for `'none'`.
 * @throws ShapeError / DTypeError when target, weight or posWeight does not fit; ValueError for a bad reduction.
 * @example
 * binaryCrossEntropyWithLogits(tensor([2, -1]), tensor([1, 0])); // (softplus(−2) + softplus(−1)) / 2 = 0.2201
 */
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, options: BinaryCrossEntropyWithLogitsOptions = {}): Tensor {
  const name = 'binaryCrossEntropyWithLogits';
  const x = checkFloatTensor(name, 'input', input);
  const y = checkElementwiseTarget(name, x, target);
  const reduction = checkReduction(name, options.reduction);
  // maximum() splits the gradient at the tie x = 0, giving softplus'(0) = ½ exactly (relu would give 0).
  const softplusNeg = add(maximum(neg(x), 0), log1p(exp(neg(abs(x)))));
  const positiveFactor =
    options.posWeight === undefined
      ? softplusNeg
      : mul(add(mul(sub(checkBroadcastWeight(name, 'posWeight', options.posWeight, x.shape, x.dtype), 1), y), 1), softplusNeg);
  let losses = add(mul(sub(1, y), x), positiveFactor);
  if (options.weight !== undefined) losses = mul(losses, checkBroadcastWeight(name, 'weight', options.weight, x.shape, x.dtype));
  return reduceLoss(losses, reduction);
}
