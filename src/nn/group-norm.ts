/**
 * GroupNorm: group normalisation (Wu & He 2018, "Group Normalization").
 *
 * Shapes: x [N, C, ...spatial] → y of the same shape; weight, bias [C]. The C channels are split
 * into G = numGroups groups of C/G consecutive channels; each (example, group) is normalised over
 * its C/G · Πspatial values with their mean and biased variance, then scaled and shifted per
 * channel:
 *
 *   y = (x − E_group[x]) / √(Var_group[x] + eps) · weight[c] + bias[c]
 *
 * It uses no batch statistics, so it behaves the same in training and evaluation and with any
 * batch size, which makes it the usual replacement for batch norm under DP-SGD (per-example
 * gradients must not mix examples). G = 1 is layer norm over (C, spatial); G = C is instance norm.
 */
import {
  add,
  type DType,
  DTypeError,
  formatShape,
  mean,
  mul,
  noGrad,
  reshape,
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

/** Options of {@link GroupNorm}. */
export interface GroupNormOptions {
  /** Added to the variance before the square root (default 1e-5). */
  readonly eps?: number;
  /** Learn a per-channel scale `weight` (ones) and shift `bias` (zeros) (default true). */
  readonly affine?: boolean;
  /** float32 (default) or float64. */
  readonly dtype?: DType;
}

/**
 * Group normalisation.
 *
 * @param numGroups G, which must divide numChannels.
 * @param numChannels C, the channel count the input must have.
 * @throws ValueError for non-positive sizes, a G that does not divide C, or a non-positive eps;
 *   forward throws ShapeError for an input that is not [N, C, ...].
 * @example
 * const norm = new GroupNorm(4, 32);
 * const y = norm.forward(randn([8, 32, 14, 14]));
 */
export class GroupNorm extends Module {
  readonly eps: number;
  readonly affine: boolean;
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;

  constructor(
    readonly numGroups: number,
    readonly numChannels: number,
    options: GroupNormOptions = {},
  ) {
    super('GroupNorm');
    for (const [name, v] of [['numGroups', numGroups], ['numChannels', numChannels]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new ValueError(`GroupNorm: ${name} must be a positive integer, got ${v}`);
    }
    if (numChannels % numGroups !== 0) {
      throw new ValueError(`GroupNorm: numChannels (${numChannels}) must be divisible by numGroups (${numGroups})`);
    }
    this.eps = options.eps ?? 1e-5;
    if (!(this.eps > 0) || !Number.isFinite(this.eps)) throw new ValueError(`GroupNorm: eps must be a positive number, got ${this.eps}`);
    this.affine = options.affine ?? true;
    const dtype = options.dtype ?? 'float32';
    this.weight = this.affine ? this.registerParameter('weight', onesInit([numChannels], { dtype })) : null;
    this.bias = this.affine ? this.registerParameter('bias', zerosInit([numChannels], { dtype })) : null;
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
    return { numGroups: this.numGroups, numChannels: this.numChannels, eps: this.eps, affine: this.affine };
  }

  /** @throws ShapeError unless x is [N, C, ...] with C = numChannels; DTypeError for a non-float x. */
  forward(x: Tensor): Tensor {
    if (x.rank < 2 || x.shape[1] !== this.numChannels) {
      throw new ShapeError(`GroupNorm: input must be [N, ${this.numChannels}, ...], got ${formatShape(x.shape)}`);
    }
    if (!x.isFloatingPoint()) throw new DTypeError(`GroupNorm: input must be float32 or float64, got ${x.dtype}`);
    // [N, C, ...] → [N, G, C/G · Πspatial]: each row of the last axis is one group of one example.
    const groupSize = (this.numChannels / this.numGroups) * x.shape.slice(2).reduce((p, d) => p * d, 1);
    const grouped = reshape(x, [x.shape[0]!, this.numGroups, groupSize]);
    const centred = sub(grouped, mean(grouped, 2, true));
    const normalised = reshape(mul(centred, rsqrt(add(mean(square(centred), 2, true), this.eps))), x.shape);
    if (this.weight === null || this.bias === null) return normalised;
    const channelShape = x.shape.map((d, i) => (i === 1 ? d : 1));
    return add(mul(normalised, reshape(this.weight, channelShape)), reshape(this.bias, channelShape));
  }
}
