/**
 * Compression on a Fashion-MNIST subset, so it fits in CI: the 784-256-128-10 MLP trained 2 epochs
 * on the first 5,000 training images, scored on the first 1,000 test images. Thresholds (the
 * full-data figures are in docs/RESULTS.md, from examples/compress-fashion-mnist.ts):
 *
 * - int8: weights file ≤ 30 % of the float one, accuracy within 1 point, ≥ 99 % same predictions;
 * - 80 % global magnitude pruning with one epoch of masked fine-tuning: exactly 80 % zeros, accuracy
 *   within 3 points of the float model;
 * - distillation into 784-32-10 (2 epochs, T = 4, α = 0.5): accuracy ≥ 0.70.
 *
 * Skips when Debian's dataset-fashion-mnist is absent.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import {
  argmax,
  cast,
  decodeIdx,
  distill,
  Generator,
  Linear,
  Model,
  type Module,
  modelSize,
  narrow,
  PruningCallback,
  pruneMagnitude,
  quantizeInt8,
  ReLU,
  Sequential,
  type Tensor,
} from '../../src/index.js';

const directory = process.env['FASHION_MNIST_DIR'] ?? '/usr/share/datasets/fashion-mnist';
const present = existsSync(join(directory, 'train-images-idx3-ubyte.gz'));
const skip = present ? false : `Fashion-MNIST is absent from ${directory}: apt-get install -y dataset-fashion-mnist`;

async function load(split: 'train' | 't10k', limit: number): Promise<{ x: Tensor; y: Tensor }> {
  const images = narrow(await decodeIdx(readFileSync(join(directory, `${split}-images-idx3-ubyte.gz`))), 0, 0, limit);
  const labels = narrow(await decodeIdx(readFileSync(join(directory, `${split}-labels-idx1-ubyte.gz`))), 0, 0, limit);
  return { x: cast(images, 'float32').div(255).reshape([limit, 784]), y: labels };
}

function mlp(hidden: readonly number[], seed: number): Module {
  const generator = new Generator(seed);
  const layers: Module[] = [];
  let width = 784;
  for (const h of hidden) {
    layers.push(new Linear(width, h, { generator }), new ReLU());
    width = h;
  }
  return new Sequential(...layers, new Linear(width, 10, { generator }));
}

function predictions(model: Model, x: Tensor): Int32Array {
  return argmax(model.predict(x, { batchSize: 250 }), 1).dataSync() as Int32Array;
}

function accuracy(predicted: Int32Array, y: Tensor): number {
  const truth = y.dataSync();
  return predicted.filter((p, i) => p === truth[i]).length / truth.length;
}

describe('compression on a Fashion-MNIST subset', { skip }, () => {
  let train: { x: Tensor; y: Tensor };
  let test_: { x: Tensor; y: Tensor };
  let float: Model;
  let floatPredicted: Int32Array;
  let floatAccuracy: number;

  before(async () => {
    if (!present) return;
    train = await load('train', 5000);
    test_ = await load('t10k', 1000);
    float = new Model(mlp([256, 128], 0));
    float.compile({ optimizer: 'adam', learningRate: 1e-3, loss: 'crossEntropy' });
    await float.fit(train.x, train.y, { epochs: 2, batchSize: 64, verbose: 0 });
    floatPredicted = predictions(float, test_.x);
    floatAccuracy = accuracy(floatPredicted, test_.y);
  });

  test('int8: ≤ 30 % of the size, within 1 point of accuracy, ≥ 99 % agreement', () => {
    const int8 = new Model(quantizeInt8(float.module, narrow(train.x, 0, 0, 500)).module);
    const predicted = predictions(int8, test_.x);
    const ratio = modelSize(int8.module).bytes / modelSize(float.module).bytes;
    const agreement = predicted.filter((p, i) => p === floatPredicted[i]).length / predicted.length;
    assert.ok(floatAccuracy >= 0.75, `float accuracy ${floatAccuracy}`);
    assert.ok(ratio <= 0.3, `size ratio ${ratio}`);
    assert.ok(accuracy(predicted, test_.y) >= floatAccuracy - 0.01, `int8 ${accuracy(predicted, test_.y)} vs float ${floatAccuracy}`);
    assert.ok(agreement >= 0.99, `agreement ${agreement}`);
  });

  test('80 % pruning with masked fine-tuning: exact sparsity, within 3 points', async () => {
    const module = mlp([256, 128], 0);
    module.loadStateDict(float.module.stateDict());
    const masks = pruneMagnitude(module, { sparsity: 0.8 });
    const model = new Model(module);
    model.compile({ optimizer: 'adam', learningRate: 1e-3, loss: 'crossEntropy' });
    await model.fit(train.x, train.y, { epochs: 1, batchSize: 64, verbose: 0, callbacks: [new PruningCallback(masks)] });
    masks.removePruning();
    const weights = masks.layers.reduce((n, l) => n + l.weight.size, 0);
    assert.equal(masks.sparsity().overall, Math.round(0.8 * weights) / weights);
    const pruned = accuracy(predictions(model, test_.x), test_.y);
    assert.ok(pruned >= floatAccuracy - 0.03, `pruned ${pruned} vs float ${floatAccuracy}`);
  });

  test('distillation into 784-32-10 reaches ≥ 0.70', async () => {
    const student = new Model(mlp([32], 1));
    await distill(float, student, train.x, train.y, { epochs: 2, batchSize: 64, temperature: 4, alpha: 0.5, verbose: 0 });
    const result = accuracy(predictions(student, test_.x), test_.y);
    assert.ok(result >= 0.7, `student accuracy ${result}`);
    assert.ok(student.module.parameterCount() < float.module.parameterCount() / 8);
  });
});
