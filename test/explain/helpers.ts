/**
 * Test helpers for the explanation suites: small seeded networks and synthetic data sets whose
 * right answers are known (an informative feature, an informative image patch, a simple rule).
 */
import { Generator, rand, tensor, type Tensor } from '../../src/core/index.js';
import { Conv2d, Flatten, Linear, ReLU, Sequential, Tanh } from '../../src/nn/index.js';
import { Model } from '../../src/train/index.js';

/** A 4-8-3 tanh MLP with seeded random weights. */
export function smallMlp(seed = 0): Sequential {
  const g = new Generator(seed);
  return new Sequential(new Linear(4, 8, { generator: g }), new Tanh(), new Linear(8, 3, { generator: g }));
}

/** A 1×8×8 → 3 CNN (conv 3×3, ReLU, flatten, linear) with seeded random weights. */
export function smallCnn(seed = 0): Sequential {
  const g = new Generator(seed);
  return new Sequential(new Conv2d(1, 4, 3, { padding: 1, generator: g }), new ReLU(), new Flatten(), new Linear(256, 3, { generator: g }));
}

/** Uniform [0, 1) values of a shape from a seed. */
export function uniform(shape: readonly number[], seed: number): Tensor {
  return rand([...shape], { generator: new Generator(seed) });
}

/**
 * Trains `module` with Adam and cross-entropy (or MSE when y is float) on (x, y), quietly.
 */
export async function train(module: Sequential, x: Tensor, y: Tensor, epochs: number, learningRate = 0.01): Promise<Model> {
  const model = new Model(module);
  model.compile({ optimizer: 'adam', learningRate, loss: y.dtype === 'int32' ? 'crossEntropy' : 'mse' });
  await model.fit(x, y, { epochs, batchSize: 32, verbose: 0 });
  return model;
}

/** int32 labels from a rule over rows of x [N, F]. */
export function labels(x: Tensor, rule: (row: Float32Array) => number): Tensor {
  const [n, f] = x.shape as [number, number];
  const data = x.dataSync() as Float32Array;
  return tensor(Int32Array.from({ length: n }, (_, i) => rule(data.subarray(i * f, (i + 1) * f))));
}
