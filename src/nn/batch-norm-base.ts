/**
 * The shared machinery of BatchNorm1d and BatchNorm2d (Ioffe & Szegedy 2015, "Batch
 * Normalization: Accelerating Deep Network Training by Reducing Internal Covariate Shift").
 *
 * Shapes: x [N, C, ...spatial] (spatial is empty for BatchNorm1d on [N, C], [L] for [N, C, L],
 * [H, W] for BatchNorm2d); weight, bias, running_mean, running_var [C]; num_batches_tracked [].
 * Statistics are taken per channel over every axis except C, i.e. over N·L or N·H·W values.
 *
 *   training:  y = (x − E[x]) / √(Var_biased[x] + eps) · weight + bias         (batch statistics)
 *              running ← (1 − momentum)·running + momentum·batch, with Var_unbiased for running_var
 *   eval:      y = (x − running_mean) / √(running_var + eps) · weight + bias
 *
 * Both variances follow PyTorch: the biased one normalises (it is the batch's own spread), the
 * unbiased one (× n / (n − 1)) feeds the running estimate of the population variance.
 */
import {
  add,
  type DType,
  DTypeError,
  formatShape,
  full,
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

/** Options of {@link BatchNorm1d} and {@link BatchNorm2d}. */
export interface BatchNormOptions {
  /** Added to the variance before the square root (default 1e-5). */
  readonly eps?: number;
  /**
   * Weight of the newest batch in the running statistics (default 0.1); `null` gives the
   * cumulative moving average 1 / num_batches_tracked, as PyTorch's `momentum=None`.
   */
  readonly momentum?: number | null;
  /** Learn a per-channel scale `weight` and shift `bias` (default true). */
  readonly affine?: boolean;
  /**
   * Keep running_mean / running_var for evaluation (default true). Without them the layer uses
   * batch statistics in both modes and has no buffers, as PyTorch.
   */
  readonly trackRunningStats?: boolean;
  /** float32 (default) or float64. */
  readonly dtype?: DType;
}

/**
 * Base class of the batch-norm layers; subclasses only say which input ranks they accept.
 *
 * State-dict names are PyTorch's: `weight`, `bias` (when affine), `running_mean`, `running_var`,
 * `num_batches_tracked` (when tracking). num_batches_tracked is int32 here (int64 in PyTorch):
 * loading a PyTorch state dict converts it.
 *
 * @example
 * class BatchNorm3d extends BatchNormBase {
 *   protected readonly acceptedRanks = [5] as const;
 *   protected readonly layoutName = '[N, C, D, H, W]';
 *   constructor(numFeatures: number, options: BatchNormOptions = {}) { super('BatchNorm3d', numFeatures, options); }
 * }
 */
export abstract class BatchNormBase extends Module {
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;
  /** The running mean [C] (a buffer, updated in place), or null when not tracking. */
  readonly runningMean: Tensor | null;
  /** The running unbiased variance [C] (a buffer, updated in place), or null when not tracking. */
  readonly runningVar: Tensor | null;
  /** How many training batches have updated the running statistics (int32 []), or null. */
  readonly numBatchesTracked: Tensor | null;
  /** The input ranks the subclass accepts, and how errors name that layout ('[N, C] or [N, C, L]'). */
  protected abstract readonly acceptedRanks: readonly number[];
  protected abstract readonly layoutName: string;

  /**
   * @param typeName The registered layer name ('BatchNorm1d', 'BatchNorm2d').
   * @param numFeatures C, the number of channels.
   * @throws ValueError for a non-positive numFeatures or eps, or a momentum outside [0, 1].
   */
  protected constructor(
    typeName: string,
    readonly numFeatures: number,
    options: BatchNormOptions,
  ) {
    super(typeName);
    if (!Number.isInteger(numFeatures) || numFeatures < 1) {
      throw new ValueError(`${typeName}: numFeatures must be a positive integer, got ${numFeatures}`);
    }
    this.eps = options.eps ?? 1e-5;
    if (!(this.eps > 0) || !Number.isFinite(this.eps)) throw new ValueError(`${typeName}: eps must be a positive number, got ${this.eps}`);
    this.momentum = options.momentum === undefined ? 0.1 : options.momentum;
    if (this.momentum !== null && !(this.momentum >= 0 && this.momentum <= 1)) {
      throw new ValueError(`${typeName}: momentum must be in [0, 1] or null (cumulative average), got ${this.momentum}`);
    }
    this.affine = options.affine ?? true;
    this.trackRunningStats = options.trackRunningStats ?? true;
    const dtype = options.dtype ?? 'float32';
    if (dtype !== 'float32' && dtype !== 'float64') throw new ValueError(`${typeName}: dtype must be float32 or float64, got ${dtype}`);
    this.weight = this.affine ? this.registerParameter('weight', onesInit([numFeatures], { dtype })) : null;
    this.bias = this.affine ? this.registerParameter('bias', zerosInit([numFeatures], { dtype })) : null;
    // Buffers are only ever updated in place (assign_), so these references stay the live state.
    const track = this.trackRunningStats;
    this.runningMean = track ? this.registerBuffer('running_mean', zerosInit([numFeatures], { dtype })) : null;
    this.runningVar = track ? this.registerBuffer('running_var', onesInit([numFeatures], { dtype })) : null;
    this.numBatchesTracked = track ? this.registerBuffer('num_batches_tracked', full([], 0, { dtype: 'int32' })) : null;
    this.resetParameters();
  }

  /** Running statistics back to mean 0, variance 1, and the batch count to 0. */
  resetRunningStats(): void {
    noGrad(() => {
      this.runningMean?.assign_(0);
      this.runningVar?.assign_(1);
      this.numBatchesTracked?.assign_(0);
    });
  }

  /** PyTorch's default: running statistics reset, weight = 1, bias = 0 (the identity transform). */
  resetParameters(): void {
    this.resetRunningStats();
    noGrad(() => {
      this.weight?.assign_(1);
      this.bias?.assign_(0);
    });
  }

  override getConfig(): ConfigObject {
    return {
      numFeatures: this.numFeatures,
      eps: this.eps,
      momentum: this.momentum,
      affine: this.affine,
      trackRunningStats: this.trackRunningStats,
    };
  }

  /**
   * Normalises x per channel: with batch statistics in training mode (updating the running ones)
   * or when not tracking, with the running statistics in evaluation mode.
   *
   * @throws ShapeError for a wrong rank or channel count; DTypeError for a non-float input;
   *   ValueError in training when a channel has only one value (its variance is undefined).
   */
  forward(x: Tensor): Tensor {
    const name = this.typeName;
    if (!this.acceptedRanks.includes(x.rank) || x.shape[1] !== this.numFeatures) {
      throw new ShapeError(`${name}: input must be ${this.layoutName} with C = ${this.numFeatures}, got ${formatShape(x.shape)}`);
    }
    if (!x.isFloatingPoint()) throw new DTypeError(`${name}: input must be float32 or float64, got ${x.dtype}`);
    // Per-channel tensors broadcast as [1, C, 1, …].
    const channelShape = x.shape.map((d, i) => (i === 1 ? d : 1));
    const axes = x.shape.map((_, i) => i).filter((i) => i !== 1);
    const perChannel = (t: Tensor): Tensor => reshape(t, channelShape);
    const { runningMean, runningVar } = this;

    let normalised: Tensor;
    if (this.training || runningMean === null || runningVar === null) {
      const count = x.size / this.numFeatures;
      if (this.training && count <= 1) {
        throw new ValueError(`${name}: training needs more than 1 value per channel to compute a variance, got input ${formatShape(x.shape)}`);
      }
      const batchMean = mean(x, axes, true);
      const centred = sub(x, batchMean);
      const batchVar = mean(square(centred), axes, true);
      normalised = mul(centred, rsqrt(add(batchVar, this.eps)));
      if (this.training) this.updateRunningStats(batchMean, batchVar, count);
    } else {
      normalised = mul(sub(x, perChannel(runningMean)), rsqrt(add(perChannel(runningVar), this.eps)));
    }
    if (this.weight === null || this.bias === null) return normalised;
    return add(mul(normalised, perChannel(this.weight)), perChannel(this.bias));
  }

  /**
   * The running-average update, in place and outside the graph: the forward's own graph reads
   * only the batch statistics, so autograd of the output is untouched.
   */
  private updateRunningStats(batchMean: Tensor, batchVar: Tensor, count: number): void {
    const { runningMean, runningVar, numBatchesTracked: tracked } = this;
    if (runningMean === null || runningVar === null || tracked === null) return;
    noGrad(() => {
      tracked.add_(1);
      const factor = this.momentum ?? 1 / tracked.item();
      const unbiased = mul(batchVar.detach(), count / (count - 1));
      runningMean.assign_(add(mul(runningMean, 1 - factor), mul(reshape(batchMean.detach(), [this.numFeatures]), factor)));
      runningVar.assign_(add(mul(runningVar, 1 - factor), mul(reshape(unbiased, [this.numFeatures]), factor)));
    });
  }
}
