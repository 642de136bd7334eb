/**
 * Base of the epoch-indexed learning-rate schedules (StepLR, ExponentialLR, CosineAnnealingLR),
 * with PyTorch's protocol (`torch.optim.lr_scheduler.LRScheduler`): the scheduler takes "step 0"
 * when it is constructed, setting each group's learning rate for the first epoch; each `step()`
 * then advances one epoch (or one batch, if you call it per batch) and sets the rates for it.
 * Call `scheduler.step()` after `optimizer.step()`.
 */
import { ValueError } from '../core/index.js';

/** What a scheduler needs from an optimiser: per-group learning rates (every {@link Optimizer} has them). */
export interface ScheduledOptimizer {
  /** The parameter groups (only their number matters here). */
  readonly paramGroups: readonly unknown[];
  /** The learning rate of group `group`. */
  getLr(group: number): number;
  /** Sets the learning rate of group `group`. */
  setLr(value: number, group?: number): void;
}

/** A scheduler's state dict: plain numbers, so checkpoints can save it. */
export interface LRSchedulerState {
  /** The epoch index of the last `step()` (0 right after construction). */
  readonly lastEpoch: number;
  /** Each group's learning rate when the scheduler was created. */
  readonly baseLrs: readonly number[];
  /** The learning rates the last `step()` set. */
  readonly lastLrs: readonly number[];
}

/**
 * Base class of epoch-indexed schedules. A subclass implements {@link computeLrs} and calls
 * {@link start} at the end of its constructor.
 *
 * @example
 * class Halving extends LRScheduler {
 *   constructor(optimizer: ScheduledOptimizer) { super(optimizer, 'Halving'); this.start(); }
 *   protected computeLrs(epoch: number): number[] { return this.baseLrs.map((lr) => lr / 2 ** epoch); }
 * }
 */
export abstract class LRScheduler {
  /** Each group's learning rate when the scheduler was created. */
  protected baseLrs: number[];
  private epoch = -1;
  private lrs: number[] = [];

  /**
   * @param optimizer The optimiser whose learning rates to set.
   * @param name The scheduler's name, for error messages.
   */
  protected constructor(
    readonly optimizer: ScheduledOptimizer,
    protected readonly name: string,
  ) {
    this.baseLrs = this.groupIndices().map((i) => optimizer.getLr(i));
  }

  /** Takes step 0, as PyTorch's constructors do; subclasses call it once their fields are set. */
  protected start(): void {
    this.step();
  }

  /**
   * The learning rates for `epoch`, one per group. Recursive schedules may read the optimiser's
   * current rates (so they compose with other changes to them, as PyTorch's do).
   */
  protected abstract computeLrs(epoch: number): number[];

  /** The epoch index of the last step (0 right after construction). */
  get lastEpoch(): number {
    return this.epoch;
  }

  /**
   * Advances one epoch and sets each group's learning rate for it.
   *
   * @example
   * optimizer.step();
   * scheduler.step();
   */
  step(): void {
    this.epoch++;
    const lrs = this.computeLrs(this.epoch);
    lrs.forEach((lr, i) => this.optimizer.setLr(lr, i));
    this.lrs = lrs;
  }

  /**
   * The learning rates the last step set, one per group.
   *
   * @example
   * console.log(scheduler.getLastLr()); // [0.1]
   */
  getLastLr(): number[] {
    return [...this.lrs];
  }

  /**
   * The scheduler's state (epoch, base and last rates). The optimiser's own rates are saved by the
   * optimiser's state dict.
   *
   * @example
   * const saved = { optimizer: optimizer.stateDict(), scheduler: scheduler.stateDict() };
   */
  stateDict(): LRSchedulerState {
    return { lastEpoch: this.epoch, baseLrs: [...this.baseLrs], lastLrs: [...this.lrs] };
  }

  /**
   * Restores a state from {@link stateDict}; the next `step()` continues from there. Load the
   * optimiser's state dict too: this does not change the optimiser's rates.
   *
   * @throws ValueError when the state is malformed or has a different number of groups.
   * @example
   * scheduler.loadStateDict(saved.scheduler);
   */
  loadStateDict(state: LRSchedulerState): void {
    const groups = this.optimizer.paramGroups.length;
    if (typeof state !== 'object' || state === null || !Number.isInteger(state.lastEpoch) || state.lastEpoch < 0) {
      throw new ValueError(`${this.name}.loadStateDict: lastEpoch must be a non-negative integer, got ${JSON.stringify(state?.lastEpoch)}`);
    }
    for (const key of ['baseLrs', 'lastLrs'] as const) {
      const list: unknown = state[key];
      if (!Array.isArray(list) || list.length !== groups || !list.every((v) => typeof v === 'number')) {
        throw new ValueError(`${this.name}.loadStateDict: ${key} must be ${groups} numbers (one per group), got ${JSON.stringify(list)}`);
      }
    }
    this.epoch = state.lastEpoch;
    this.baseLrs = [...state.baseLrs];
    this.lrs = [...state.lastLrs];
  }

  /** 0 … number of groups − 1. */
  protected groupIndices(): number[] {
    return this.optimizer.paramGroups.map((_, i) => i);
  }
}
