/**
 * What `fit` returns: the logs of every epoch, by name (Keras's History).
 */
import type { Logs } from './callback.js';

/**
 * Per-epoch values of the loss, metrics and learning rate.
 *
 * @example
 * const history = await model.fit(x, y, { epochs: 10 });
 * history.history['val_loss']; // [0.61, 0.48, …]
 */
export class History {
  /** Epoch indices that ran (0-based). */
  readonly epochs: number[] = [];
  /** Values by log name, one per epoch. */
  readonly history: Record<string, number[]> = {};

  /** @internal Called by fit after each epoch. */
  record(epoch: number, logs: Logs): void {
    this.epochs.push(epoch);
    for (const [name, value] of Object.entries(logs)) (this.history[name] ??= []).push(value);
  }

  /** The last recorded value of `name`, or undefined. */
  last(name: string): number | undefined {
    const values = this.history[name];
    return values?.[values.length - 1];
  }
}
