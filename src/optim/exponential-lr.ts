/**
 * Exponential decay (`torch.optim.lr_scheduler.ExponentialLR`): ηₑ = η₀ · γᵉ.
 */
import { checkNonNegative } from './hyper-checks.js';
import { LRScheduler, type ScheduledOptimizer } from './lr-scheduler.js';

/** Options of {@link ExponentialLR}. */
export interface ExponentialLROptions {
  /** Multiplicative factor per step. */
  readonly gamma: number;
}

/**
 * Multiplies each group's learning rate by `gamma` at every step.
 *
 * Like PyTorch, it multiplies the optimiser's current rate (the recursive form), so it composes
 * with other changes to the rate.
 *
 * @example
 * const scheduler = new ExponentialLR(optimizer, { gamma: 0.95 });
 * optimizer.step();
 * scheduler.step();
 */
export class ExponentialLR extends LRScheduler {
  private readonly gamma: number;

  /**
   * @param optimizer The optimiser whose learning rates to set.
   * @param options The decay factor.
   * @throws ValueError for a negative or non-finite gamma.
   */
  constructor(optimizer: ScheduledOptimizer, options: ExponentialLROptions) {
    super(optimizer, 'ExponentialLR');
    this.gamma = checkNonNegative('ExponentialLR', 'gamma', options.gamma);
    this.start();
  }

  protected computeLrs(epoch: number): number[] {
    return this.groupIndices().map((i) => this.optimizer.getLr(i) * (epoch > 0 ? this.gamma : 1));
  }
}
