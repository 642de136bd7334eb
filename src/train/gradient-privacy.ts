/**
 * The hook through which `fit` trains privately. The privacy area (DP-SGD) sits above `train` in
 * the layering, so `train` only declares what it needs and `compile({ privacy })` takes an object
 * that provides it — `privateTraining({ targetEpsilon, delta, maxGradNorm })` from the privacy area.
 */
import type { Tensor } from '../core/index.js';
import type { LossFunction } from '../losses/index.js';
import type { Module } from '../nn/index.js';
import type { Logs } from './callback.js';

/** The run `fit` is about to make, for calibrating noise to a privacy budget. */
export interface PrivateTrainingRun {
  /** Training examples (n). */
  readonly samples: number;
  /** The batch size asked for (the expected size under Poisson sampling). */
  readonly batchSize: number;
  /** Epochs this fit call runs. */
  readonly epochs: number;
}

/** What `fit` calls instead of its own batching and `loss.backward()` when compiled with `privacy`. */
export interface GradientPrivacy {
  /** Called once per fit call before the first batch. */
  begin(module: Module, run: PrivateTrainingRun): void;
  /** One epoch of batches over the training tensors (Poisson-sampled for DP-SGD). */
  batches(x: Tensor, y: Tensor): Iterable<readonly [Tensor, Tensor]>;
  /** Sets every trainable parameter's `.grad` for the batch; the loss and prediction are null for an empty batch. */
  computeGradients(x: Tensor, y: Tensor, loss: LossFunction): { readonly loss: Tensor | null; readonly prediction: Tensor | null };
  /** Values added to each epoch's logs (the ε spent so far). */
  epochLogs(): Logs;
}
