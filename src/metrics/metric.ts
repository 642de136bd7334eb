/**
 * Streaming metrics: objects that `update` with each batch, report a `result` and `reset`, usable in
 * `fit` and on their own (Keras's Metric, TorchMetrics). Updates keep running totals as tensors, so
 * a training loop does not wait on a read-back per batch; `result()` reads back once.
 */
import type { Tensor } from '../core/index.js';

/** A metric accumulated over batches. */
export interface Metric {
  /** Name used in logs and history (`accuracy`; `val_accuracy` on validation data). */
  readonly name: string;
  /** Adds a batch: model outputs and targets. */
  update(prediction: Tensor, target: Tensor): void;
  /** The metric over everything since the last reset (NaN before any update). */
  result(): number;
  /** Forgets every update. */
  reset(): void;
}
