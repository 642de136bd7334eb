/**
 * Reduce the learning rate when a monitored metric stops improving
 * (`torch.optim.lr_scheduler.ReduceLROnPlateau`), the practice of e.g. Krizhevsky et al. 2012
 * (divide by 10 when the validation error stalls) made automatic.
 */
import { Tensor, ValueError } from '../core/index.js';
import { checkChoice, checkInteger, checkNonNegative } from './hyper-checks.js';
import type { ScheduledOptimizer } from './lr-scheduler.js';

/** Options of {@link ReduceLROnPlateau}. */
export interface ReduceLROnPlateauOptions {
  /** 'min': the metric should fall (a loss); 'max': it should rise (an accuracy). Default 'min'. */
  readonly mode?: 'min' | 'max';
  /** Factor in [0, 1) the rate is multiplied by on a plateau. Default 0.1. */
  readonly factor?: number;
  /** Steps without improvement tolerated before reducing (an integer ≥ 0). Default 10. */
  readonly patience?: number;
  /** Least change that counts as an improvement (see thresholdMode). Default 1e-4. */
  readonly threshold?: number;
  /** 'rel': better than best·(1 ∓ threshold); 'abs': better than best ∓ threshold. Default 'rel'. */
  readonly thresholdMode?: 'rel' | 'abs';
  /** Steps after a reduction during which bad steps are not counted (an integer ≥ 0). Default 0. */
  readonly cooldown?: number;
  /** Lower bound on the rate: one for all groups, or one per group. Default 0. */
  readonly minLr?: number | readonly number[];
  /** Reductions smaller than this are skipped. Default 1e-8. */
  readonly eps?: number;
}

/** The state dict of {@link ReduceLROnPlateau}: plain numbers (null: no metric seen yet). */
export interface ReduceLROnPlateauState {
  /** Number of `step(metric)` calls so far. */
  readonly lastEpoch: number;
  /** The best metric so far, or null before the first. */
  readonly best: number | null;
  /** Steps since the last improvement (reset by a reduction and during cooldown). */
  readonly numBadEpochs: number;
  /** Cooldown steps left. */
  readonly cooldownCounter: number;
  /** The learning rates after the last step. */
  readonly lastLrs: readonly number[];
}

/**
 * Multiplies each group's learning rate by `factor` (not below `minLr`) once the metric given to
 * `step(metric)` has not improved for more than `patience` steps, then waits `cooldown` steps
 * before counting bad steps again. Same rules as PyTorch, step for step.
 *
 * @example
 * const scheduler = new ReduceLROnPlateau(optimizer, { mode: 'min', patience: 5 });
 * for (let epoch = 0; epoch < 100; epoch++) {
 *   trainOneEpoch();
 *   scheduler.step(validationLoss());
 * }
 */
export class ReduceLROnPlateau {
  private readonly mode: 'min' | 'max';
  private readonly factor: number;
  private readonly patience: number;
  private readonly threshold: number;
  private readonly thresholdMode: 'rel' | 'abs';
  private readonly cooldown: number;
  private readonly minLrs: readonly number[];
  private readonly eps: number;
  private epoch = 0;
  private best: number;
  private numBadEpochs = 0;
  private cooldownCounter = 0;
  private lrs: number[];

  /**
   * @param optimizer The optimiser whose learning rates to reduce.
   * @param options Mode, factor, patience, threshold, cooldown, minimum rates.
   * @throws ValueError for an unknown mode or thresholdMode, a factor outside [0, 1), a patience or
   *   cooldown that is not an integer ≥ 0, a negative threshold, minLr or eps, or a minLr list
   *   whose length differs from the number of groups.
   */
  constructor(
    readonly optimizer: ScheduledOptimizer,
    options: ReduceLROnPlateauOptions = {},
  ) {
    const name = 'ReduceLROnPlateau';
    this.mode = checkChoice(name, 'mode', options.mode ?? 'min', ['min', 'max'] as const);
    const factor = options.factor ?? 0.1;
    if (typeof factor !== 'number' || !(factor >= 0 && factor < 1)) {
      throw new ValueError(`${name}: factor must be in [0, 1), got ${String(factor)}`);
    }
    this.factor = factor;
    this.patience = checkInteger(name, 'patience', options.patience ?? 10, 0);
    this.threshold = checkNonNegative(name, 'threshold', options.threshold ?? 1e-4);
    this.thresholdMode = checkChoice(name, 'thresholdMode', options.thresholdMode ?? 'rel', ['rel', 'abs'] as const);
    this.cooldown = checkInteger(name, 'cooldown', options.cooldown ?? 0, 0);
    this.eps = checkNonNegative(name, 'eps', options.eps ?? 1e-8);
    const groups = optimizer.paramGroups.length;
    const minLr = options.minLr ?? 0;
    if (Array.isArray(minLr)) {
      if (minLr.length !== groups) {
        throw new ValueError(`${name}: minLr must have one value per group (${groups}), got ${minLr.length}`);
      }
      this.minLrs = minLr.map((v, i) => checkNonNegative(name, `minLr[${i}]`, v));
    } else {
      this.minLrs = Array.from({ length: groups }, () => checkNonNegative(name, 'minLr', minLr));
    }
    this.best = this.worst();
    this.lrs = this.currentLrs();
  }

  /**
   * Records one value of the monitored metric and reduces the learning rates if it has not
   * improved for more than `patience` steps.
   *
   * @param metric The metric (a number, or a one-element tensor, which is read back).
   * @throws ValueError when metric is neither a number nor a one-element tensor.
   * @example
   * scheduler.step(validationLoss);
   */
  step(metric: number | Tensor): void {
    const current = metric instanceof Tensor ? metric.item() : metric;
    if (typeof current !== 'number') {
      throw new ValueError(`ReduceLROnPlateau.step: metric must be a number or a one-element Tensor, got ${typeof metric}`);
    }
    this.epoch++;
    if (this.isBetter(current)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs++;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      // Bad steps during cooldown are ignored: the reduced rate gets time to act.
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      this.reduce();
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lrs = this.currentLrs();
  }

  /** True while bad steps are not counted after a reduction. */
  get inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  /** The number of `step(metric)` calls so far. */
  get lastEpoch(): number {
    return this.epoch;
  }

  /**
   * The learning rates after the last step, one per group.
   *
   * @example
   * scheduler.getLastLr(); // [0.01]
   */
  getLastLr(): number[] {
    return [...this.lrs];
  }

  /**
   * The scheduler's state: plain numbers (the best metric is null before the first step, since
   * JSON has no infinity).
   *
   * @example
   * const saved = scheduler.stateDict();
   */
  stateDict(): ReduceLROnPlateauState {
    return {
      lastEpoch: this.epoch,
      best: Number.isFinite(this.best) ? this.best : null,
      numBadEpochs: this.numBadEpochs,
      cooldownCounter: this.cooldownCounter,
      lastLrs: [...this.lrs],
    };
  }

  /**
   * Restores a state from {@link stateDict}. Options (mode, patience, …) are the constructor's.
   *
   * @throws ValueError when the state is malformed.
   * @example
   * scheduler.loadStateDict(saved);
   */
  loadStateDict(state: ReduceLROnPlateauState): void {
    const name = 'ReduceLROnPlateau.loadStateDict';
    if (typeof state !== 'object' || state === null) throw new ValueError(`${name}: expected an object, got ${String(state)}`);
    const lastEpoch = checkInteger(name, 'lastEpoch', state.lastEpoch, 0);
    const numBadEpochs = checkInteger(name, 'numBadEpochs', state.numBadEpochs, 0);
    const cooldownCounter = checkInteger(name, 'cooldownCounter', state.cooldownCounter, 0);
    if (state.best !== null && typeof state.best !== 'number') {
      throw new ValueError(`${name}: best must be a number or null, got ${JSON.stringify(state.best)}`);
    }
    const lastLrs: unknown = state.lastLrs;
    if (!Array.isArray(lastLrs) || lastLrs.length !== this.minLrs.length || !lastLrs.every((v) => typeof v === 'number')) {
      throw new ValueError(`${name}: lastLrs must be ${this.minLrs.length} numbers (one per group), got ${JSON.stringify(lastLrs)}`);
    }
    this.epoch = lastEpoch;
    this.best = state.best ?? this.worst();
    this.numBadEpochs = numBadEpochs;
    this.cooldownCounter = cooldownCounter;
    this.lrs = [...(lastLrs as number[])];
  }

  /** The starting "best": the worst value for the mode, so the first metric always improves on it. */
  private worst(): number {
    return this.mode === 'min' ? Infinity : -Infinity;
  }

  private isBetter(value: number): boolean {
    const { best, threshold } = this;
    if (this.mode === 'min') return this.thresholdMode === 'rel' ? value < best * (1 - threshold) : value < best - threshold;
    return this.thresholdMode === 'rel' ? value > best * (threshold + 1) : value > best + threshold;
  }

  private reduce(): void {
    this.minLrs.forEach((minLr, i) => {
      const old = this.optimizer.getLr(i);
      const next = Math.max(old * this.factor, minLr);
      // Skip negligible changes, so a rate already at minLr is not rewritten with rounding noise.
      if (old - next > this.eps) this.optimizer.setLr(next, i);
    });
  }

  private currentLrs(): number[] {
    return this.minLrs.map((_, i) => this.optimizer.getLr(i));
  }
}
