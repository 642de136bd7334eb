/**
 * Learning-rate schedules as callbacks: a function of the epoch (Keras's LearningRateScheduler),
 * or one of the optimiser schedules stepped once per epoch, or reduce-on-plateau fed a monitored
 * log value.
 */
import { ValueError } from '../core/index.js';
import type { Callback, Logs } from './callback.js';
import type { Model } from './model.js';

/** Something with a `step()` per epoch (StepLR, ExponentialLR, CosineAnnealingLR, …). */
export interface EpochSchedule {
  step(): void;
}

/** A plateau schedule fed a metric (ReduceLROnPlateau). */
export interface PlateauSchedule {
  step(metric: number): void;
}

/**
 * Sets the learning rate at the start of each epoch from `schedule(epoch, currentLr)`, or steps an
 * optimiser schedule at the end of each epoch.
 *
 * @example
 * new LearningRateScheduler((epoch, lr) => (epoch < 10 ? lr : lr * 0.9));
 * new LearningRateScheduler(new StepLR(optimizer, { stepSize: 5, gamma: 0.5 }));
 */
export class LearningRateScheduler implements Callback {
  model?: Model;

  constructor(private readonly schedule: ((epoch: number, lr: number) => number) | EpochSchedule) {}

  onEpochBegin(epoch: number): void {
    if (typeof this.schedule !== 'function' || this.model === undefined) return;
    const lr = this.schedule(epoch, this.model.optimizer.lr);
    if (!Number.isFinite(lr) || lr < 0) throw new ValueError(`LearningRateScheduler: schedule returned ${lr} for epoch ${epoch}; expected a non-negative number`);
    this.model.optimizer.lr = lr;
  }

  onEpochEnd(): void {
    if (typeof this.schedule !== 'function') this.schedule.step();
  }
}

/**
 * Feeds a monitored log value (default 'val_loss') to a plateau schedule after each epoch.
 *
 * @example
 * new ReduceLROnPlateauCallback(new ReduceLROnPlateau(optimizer, { factor: 0.5, patience: 3 }));
 */
export class ReduceLROnPlateauCallback implements Callback {
  constructor(
    private readonly schedule: PlateauSchedule,
    private readonly monitor = 'val_loss',
  ) {}

  onEpochEnd(_epoch: number, logs: Logs): void {
    const value = logs[this.monitor];
    if (value === undefined) throw new ValueError(`ReduceLROnPlateauCallback: '${this.monitor}' is not in the logs; available: ${Object.keys(logs).join(', ')}`);
    this.schedule.step(value);
  }
}
