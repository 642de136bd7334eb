/**
 * tabularModelOutputs: what a model trained by `sprout train` says about feature rows, in the
 * units the user knows — class probabilities (softmax of the logits the network is trained on) for
 * classification, and for regression the prediction mapped back from the standardised target the
 * network learned. Shared by the CLI and the HTTP service, so both answer alike.
 */
import { add, mul, softmax, type Tensor } from '../core/index.js';
import type { PipelineTask } from '../data/index.js';
import type { Model } from '../train/index.js';

/**
 * Runs the model on features.
 *
 * @param model The trained model.
 * @param x Features float32 [N, F] from the model's pipeline.
 * @param task Classification or regression.
 * @param scaling Regression: the target's training mean and std.
 * @returns Classification: probabilities [N, C]; regression: predictions [N].
 * @example
 * const probabilities = tabularModelOutputs(model, x, 'classification', null);
 */
export function tabularModelOutputs(model: Model, x: Tensor, task: PipelineTask, scaling: { readonly mean: number; readonly std: number } | null): Tensor {
  const raw = model.predict(x, { batchSize: 256 });
  if (task === 'classification') return softmax(raw, -1);
  const { mean, std } = scaling ?? { mean: 0, std: 1 };
  return add(mul(raw.reshape([-1]), std), mean);
}
