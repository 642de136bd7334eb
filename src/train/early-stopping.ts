/**
 * Early stopping (Prechelt 1998; Keras's EarlyStopping): stop when a monitored value has not
 * improved for `patience` epochs, optionally restoring the weights of the best epoch.
 */
import { clone, type Tensor, ValueError } from '../core/index.js';
import type { Callback, Logs } from './callback.js';
import type { Model } from './model.js';

/** Options of {@link EarlyStopping}. */
export interface EarlyStoppingOptions {
  /** Log to watch (default 'val_loss'). */
  readonly monitor?: string;
  /** Smallest change that counts as an improvement (default 0). */
  readonly minDelta?: number;
  /** Epochs without improvement before stopping (default 0). */
  readonly patience?: number;
  /** 'min' for losses, 'max' for accuracies; 'auto' guesses from the name (default). */
  readonly mode?: 'min' | 'max' | 'auto';
  /** Put back the best epoch's weights when training ends (default false). */
  readonly restoreBestWeights?: boolean;
}

/**
 * @example
 * await model.fit(x, y, { epochs: 100, validationSplit: 0.2,
 *   callbacks: [new EarlyStopping({ patience: 5, restoreBestWeights: true })] });
 */
export class EarlyStopping implements Callback {
  model?: Model;
  /** Epoch whose value was best so far (−1 before any). */
  bestEpoch = -1;
  /** Epoch at which training was stopped, or −1. */
  stoppedEpoch = -1;
  private best = NaN;
  private wait = 0;
  private bestWeights: Map<string, Tensor> | null = null;
  private readonly monitor: string;
  private readonly minDelta: number;
  private readonly patience: number;
  private readonly sign: 1 | -1;
  private readonly restore: boolean;

  constructor(options: EarlyStoppingOptions = {}) {
    this.monitor = options.monitor ?? 'val_loss';
    this.minDelta = Math.abs(options.minDelta ?? 0);
    this.patience = options.patience ?? 0;
    if (!Number.isInteger(this.patience) || this.patience < 0) throw new ValueError(`EarlyStopping: patience must be a non-negative integer, got ${this.patience}`);
    const mode = options.mode ?? 'auto';
    if (!['min', 'max', 'auto'].includes(mode)) throw new ValueError(`EarlyStopping: mode must be 'min', 'max' or 'auto', got ${String(mode)}`);
    const maximise = mode === 'max' || (mode === 'auto' && /acc|auc|f1|precision|recall/i.test(this.monitor));
    this.sign = maximise ? -1 : 1;
    this.restore = options.restoreBestWeights ?? false;
  }

  onTrainBegin(): void {
    this.best = NaN;
    this.bestEpoch = -1;
    this.stoppedEpoch = -1;
    this.wait = 0;
    this.bestWeights = null;
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    const value = logs[this.monitor];
    if (value === undefined) {
      throw new ValueError(`EarlyStopping: '${this.monitor}' is not in the logs; available: ${Object.keys(logs).join(', ')}`);
    }
    const improved = Number.isNaN(this.best) || this.sign * (value - this.best) < -this.minDelta;
    if (improved) {
      this.best = value;
      this.bestEpoch = epoch;
      this.wait = 0;
      if (this.restore && this.model !== undefined) {
        this.bestWeights = new Map([...this.model.module.stateDict()].map(([k, t]) => [k, clone(t)]));
      }
      return;
    }
    this.wait++;
    if (this.wait > this.patience && this.model !== undefined) {
      this.stoppedEpoch = epoch;
      this.model.stopTraining = true;
    }
  }

  onTrainEnd(): void {
    if (this.restore && this.bestWeights !== null && this.model !== undefined) this.model.module.loadStateDict(this.bestWeights);
  }
}
