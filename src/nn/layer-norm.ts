/**
 * LayerNorm: layer normalisation (Ba, Kiros & Hinton 2016, "Layer Normalization").
 *
 * Shapes: x [..., *normalizedShape] → y of the same shape; weight, bias [*normalizedShape].
 * Each example is normalised over its last k = normalizedShape.length axes with its own mean and
 * biased variance, so (unlike batch norm) it behaves the same in training and evaluation and
 * needs no batch dimension:
 *
 *   y = (x − E[x]) / √(Var_biased[x] + eps) · weight + bias
 */
import {
  add,
  type DType,
  DTypeError,
  formatShape,
  mean,
  mul,
  noGrad,
  rsqrt,
  ShapeError,
  square,
  sub,
  type Tensor,
  ValueError,
} from '../core/index.js';
import type { ConfigObject } from './config-readers.js';
import { onesInit, zerosInit } from './init.js';
import { Module } from './module.js';

/** Options of {@link LayerNorm}. */
export interface LayerNormOptions {
  /** Added to the variance before the square root (default 1e-5). */
  readonly eps?: number;
  /** Learn an elementwise scale `weight` (ones) and shift `bias` (zeros) (default true). */
  readonly elementwiseAffine?: boolean;
  /** float32 (default) or float64. */
  readonly dtype?: DType;
}

/**
 * Layer normalisation over the trailing dimensions.
 *
 * @param normalizedShape The trailing shape to normalise over: a number (the last dimension) or
 *   an array of dimensions.
 * @throws ValueError for an empty or non-positive normalizedShape or a non-positive eps; forward
 *   throws ShapeError when the input does not end in normalizedShape.
 * @example
 * const norm = new LayerNorm(512);
 * const y = norm.forward(randn([8, 20, 512])); // each of the 8·20 vectors normalised
 */
export class LayerNorm extends Module {
  readonly normalizedShape: readonly number[];
  readonly eps: number;
  readonly elementwiseAffine: boolean;
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;

  constructor(normalizedShape: number | readonly number[], options: LayerNormOptions = {}) {
    super('LayerNorm');
    const dims = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    if (dims.length === 0 || !dims.every((d) => Number.isInteger(d) && d >= 1)) {
      throw new ValueError(`LayerNorm: normalizedShape must be a positive integer or a non-empty array of them, got ${JSON.stringify(normalizedShape)}`);
    }
    this.normalizedShape = dims;
    this.eps = options.eps ?? 1e-5;
    if (!(this.eps > 0) || !Number.isFinite(this.eps)) throw new ValueError(`LayerNorm: eps must be a positive number, got ${this.eps}`);
    this.elementwiseAffine = options.elementwiseAffine ?? true;
    const dtype = options.dtype ?? 'float32';
    this.weight = this.elementwiseAffine ? this.registerParameter('weight', onesInit(dims, { dtype })) : null;
    this.bias = this.elementwiseAffine ? this.registerParameter('bias', zerosInit(dims, { dtype })) : null;
    this.resetParameters();
  }

  /** PyTorch's default: weight = 1, bias = 0. */
  resetParameters(): void {
    noGrad(() => {
      this.weight?.assign_(1);
      this.bias?.assign_(0);
    });
  }

  override getConfig(): ConfigObject {
    return { normalizedShape: [...this.normalizedShape], eps: this.eps, elementwiseAffine: this.elementwiseAffine };
  }

  /** @throws ShapeError when x does not end in normalizedShape; DTypeError for a non-float x. */
  forward(x: Tensor): Tensor {
    const k = this.normalizedShape.length;
    const tail = x.shape.slice(x.rank - k);
    if (x.rank < k || tail.some((d, i) => d !== this.normalizedShape[i])) {
      throw new ShapeError(`LayerNorm: input must end in normalizedShape ${formatShape(this.normalizedShape)}, got ${formatShape(x.shape)}`);
    }
    if (!x.isFloatingPoint()) throw new DTypeError(`LayerNorm: input must be float32 or float64, got ${x.dtype}`);
    const axes = tail.map((_, i) => x.rank - k + i);
    const centred = sub(x, mean(x, axes, true));
    const normalised = mul(centred, rsqrt(add(mean(square(centred), axes, true), this.eps)));
    if (this.weight === null || this.bias === null) return normalised;
    return add(mul(normalised, this.weight), this.bias);
  }
}
