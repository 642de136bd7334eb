/**
 * buildMlp: the network `sprout train` fits — a multilayer perceptron with two ReLU hidden layers
 * (128 and 64 units). On tables of a few hundred to a few hundred thousand rows this is a sound
 * default: wide enough for one-hot and TF-IDF inputs, small enough to train in seconds on the JS
 * backend, and early stopping on the validation split keeps it from overfitting small files.
 * `sprout tune` searches around it.
 */
import { Generator } from '../core/index.js';
import { Linear, ReLU, Sequential } from '../nn/index.js';
import { Model } from '../train/index.js';

/** Hidden layer widths of the default network. */
export const DEFAULT_HIDDEN_UNITS: readonly number[] = [128, 64];

/**
 * An untrained MLP with seeded initial weights.
 *
 * @param features Input width.
 * @param outputs Classes (logits) or 1 (regression).
 * @param seed Seed of the initial weights.
 * @param hidden Hidden layer widths.
 * @example
 * const model = buildMlp(64, 10, 0); // 64 → 128 → 64 → 10
 */
export function buildMlp(features: number, outputs: number, seed: number, hidden: readonly number[] = DEFAULT_HIDDEN_UNITS): Model {
  const generator = new Generator(seed);
  const layers = [];
  let width = features;
  for (const units of hidden) {
    layers.push(new Linear(width, units, { generator }), new ReLU());
    width = units;
  }
  layers.push(new Linear(width, outputs, { generator }));
  return new Model(new Sequential(...layers));
}
