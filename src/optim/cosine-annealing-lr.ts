/**
 * Cosine annealing (`torch.optim.lr_scheduler.CosineAnnealingLR`), from Loshchilov & Hutter 2017,
 * "SGDR: Stochastic Gradient Descent with Warm Restarts" (ICLR), eq. 5 without restarts, with an
 * optional linear warm-up (Goyal et al. 2017, "Accurate, Large Minibatch SGD", §2.2).
 *
 * With base rate η₀, minimum η_min, half-period T (`tMax`) and W warm-up steps:
 *
 *     ηₑ = η₀ · e / W                                             for e < W
 *     ηₑ = η_min + (η₀ − η_min) · (1 + cos(π (e − W) / T)) / 2    for e ≥ W
 *
 * Past W + T the cosine continues (rising again after W + T, as PyTorch's does). Without warm-up
 * this is PyTorch's closed form, which its recursive `get_lr` equals up to rounding. The warm-up
 * starts at 0 and reaches η₀ at e = W, as `get_cosine_schedule_with_warmup` in Hugging Face
 * Transformers does; torch 1.13 has no built-in warm-up for this schedule.
 */
import { checkInteger, checkNonNegative } from './hyper-checks.js';
import { LRScheduler, type ScheduledOptimizer } from './lr-scheduler.js';

/** Options of {@link CosineAnnealingLR}. */
export interface CosineAnnealingLROptions {
  /** Steps of the cosine from η₀ down to etaMin, after the warm-up (an integer ≥ 1). */
  readonly tMax: number;
  /** The lowest learning rate; default 0. */
  readonly etaMin?: number;
  /** Steps of linear warm-up from 0 to η₀ before the cosine; default 0. */
  readonly warmupSteps?: number;
}

/**
 * Anneals each group's learning rate from its initial value to `etaMin` along a half cosine over
 * `tMax` steps, after an optional linear warm-up of `warmupSteps` steps.
 *
 * Unlike StepLR and ExponentialLR it computes each rate in closed form from the base rate, so it
 * overrides other changes to the optimiser's rates.
 *
 * @example
 * const scheduler = new CosineAnnealingLR(optimizer, { tMax: 1000, warmupSteps: 100 });
 * for (const batch of batches) {
 *   trainStep(batch);
 *   scheduler.step();
 * }
 */
export class CosineAnnealingLR extends LRScheduler {
  private readonly tMax: number;
  private readonly etaMin: number;
  private readonly warmupSteps: number;

  /**
   * @param optimizer The optimiser whose learning rates to set.
   * @param options Half-period, minimum rate and warm-up length.
   * @throws ValueError for a tMax that is not an integer ≥ 1, a negative etaMin, or a warmupSteps
   *   that is not an integer ≥ 0.
   */
  constructor(optimizer: ScheduledOptimizer, options: CosineAnnealingLROptions) {
    super(optimizer, 'CosineAnnealingLR');
    this.tMax = checkInteger('CosineAnnealingLR', 'tMax', options.tMax, 1);
    this.etaMin = checkNonNegative('CosineAnnealingLR', 'etaMin', options.etaMin ?? 0);
    this.warmupSteps = checkInteger('CosineAnnealingLR', 'warmupSteps', options.warmupSteps ?? 0, 0);
    this.start();
  }

  protected computeLrs(epoch: number): number[] {
    const w = this.warmupSteps;
    return this.baseLrs.map((base) =>
      epoch < w ? (base * epoch) / w : this.etaMin + ((base - this.etaMin) * (1 + Math.cos((Math.PI * (epoch - w)) / this.tMax))) / 2,
    );
  }
}
