/**
 * RunRecorder: the fit callback that writes each epoch's logs to the run store as the epoch ends,
 * so the record of a run grows while it trains (the dashboard tails the store to draw live curves)
 * and a crash keeps every finished epoch. Node-only because the store is a file.
 */
import type { Callback, Logs } from '../train/index.js';
import type { RunStore } from './run-store.js';

/**
 * Records epochs of one run.
 *
 * @example
 * const id = store.createRun({ name: 'digits', config: { epochs: 20 } });
 * await model.fit(x, y, { epochs: 20, callbacks: [new RunRecorder(store, id)] });
 */
export class RunRecorder implements Callback {
  /**
   * @param store The open store.
   * @param runId A run created in it with `createRun`.
   */
  constructor(
    readonly store: RunStore,
    readonly runId: string,
  ) {}

  /** Stores the epoch's logs. @throws ValueError when the run is not in the store. */
  onEpochEnd(epoch: number, logs: Logs): void {
    this.store.recordEpoch(this.runId, epoch, logs);
  }
}
