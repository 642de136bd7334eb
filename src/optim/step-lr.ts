/**
 * Step decay (`torch.optim.lr_scheduler.StepLR`): multiply the learning rate by γ every `stepSize`
 * epochs, i.e. ηₑ = η₀ · γ^⌊e / stepSize⌋ — the schedule of He et al. 2016, "Deep Residual
 * Learning for Image Recognition" (÷10 at fixed epochs).
 */
import { checkInteger, checkNonNegative } from './hyper-checks.js';
import { LRScheduler, type ScheduledOptimizer } from './lr-scheduler.js';

/** Options of {@link StepLR}. */
export interface StepLROptions {
  /** Epochs between decays (an integer ≥ 1). */
  readonly stepSize: number;
  /** Multiplicative factor of each decay; default 0.1. */
  readonly gamma?: number;
}

/**
 * Multiplies each group's learning rate by `gamma` every `stepSize` steps.
 *
 * Like PyTorch, it multiplies the optimiser's current rate (the recursive form), so it composes
 * with other changes to the rate.
 *
 * @example
 * const scheduler = new StepLR(optimizer, { stepSize: 30, gamma: 0.1 });
 * for (let epoch = 0; epoch < 90; epoch++) {
 *   trainOneEpoch();
 *   scheduler.step();
 * }
 */
export class StepLR extends LRScheduler {
  private readonly stepSize: number;
  private readonly gamma: number;

  /**
   * @param optimizer The optimiser whose learning rates to set.
   * @param options Step size and decay factor.
   * @throws ValueError for a stepSize that is not an integer ≥ 1, or a negative gamma.
   */
  constructor(optimizer: ScheduledOptimizer, options: StepLROptions) {
    super(optimizer, 'StepLR');
    this.stepSize = checkInteger('StepLR', 'stepSize', options.stepSize, 1);
    this.gamma = checkNonNegative('StepLR', 'gamma', options.gamma ?? 0.1);
    this.start();
  }

  protected computeLrs(epoch: number): number[] {
    const decay = epoch > 0 && epoch % this.stepSize === 0;
    return this.groupIndices().map((i) => this.optimizer.getLr(i) * (decay ? this.gamma : 1));
  }
}
