/**
 * Magnitude pruning: exact sparsity for each mode, the smallest weights are the ones removed,
 * masks hold through optimiser steps (Adam's momentum would otherwise revive pruned weights), the
 * gradual schedule, finalisation, and a pruned model's save/load round trip.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  Adam,
  Conv2d,
  crossEntropy,
  cubicSparsity,
  Flatten,
  Generator,
  Linear,
  Model,
  modelFromArtifacts,
  modelToArtifacts,
  prunableLayers,
  PruningCallback,
  pruneMagnitude,
  randint,
  randn,
  ReLU,
  removePrunedNeurons,
  Sequential,
  Sigmoid,
  Dropout,
  type Tensor,
  ValueError,
} from '../../src/index.js';

function mlp(seed: number): Sequential {
  const g = new Generator(seed);
  return new Sequential(new Linear(20, 32, { generator: g }), new ReLU(), new Linear(32, 16, { generator: g }), new ReLU(), new Linear(16, 4, { generator: g }));
}

function zeroCount(t: Tensor): number {
  return t.dataSync().filter((v) => v === 0).length;
}

describe('pruneMagnitude: exact sparsity', () => {
  for (const sparsity of [0, 0.5, 0.8, 0.9]) {
    test(`global unstructured at ${sparsity}: exactly round(s·n) weights over all layers, the smallest ones`, () => {
      const model = mlp(1);
      const magnitudes = prunableLayers(model).flatMap(({ layer }) => [...layer.weight.abs().dataSync()]);
      const masks = pruneMagnitude(model, { sparsity });
      const total = magnitudes.length;
      const zeros = prunableLayers(model).reduce((n, { layer }) => n + zeroCount(layer.weight), 0);
      assert.equal(zeros, Math.round(sparsity * total));
      assert.equal(masks.sparsity().overall, Math.round(sparsity * total) / total);
      // Every surviving weight is at least as large as every pruned one.
      const survivors = prunableLayers(model).flatMap(({ layer }) => [...layer.weight.abs().dataSync()].filter((v) => v !== 0));
      const sorted = [...magnitudes].sort((a, b) => a - b);
      if (zeros > 0 && survivors.length > 0) assert.ok(Math.min(...survivors) >= sorted[zeros - 1]!);
    });
  }

  test('per-layer unstructured: each layer at the target', () => {
    const model = mlp(2);
    const masks = pruneMagnitude(model, { sparsity: 0.75, scope: 'layer' });
    for (const { name, layer } of prunableLayers(model)) {
      assert.equal(zeroCount(layer.weight), Math.round(0.75 * layer.weight.size), name);
      assert.equal(masks.sparsity().layers[name], Math.round(0.75 * layer.weight.size) / layer.weight.size);
    }
  });

  test('structured: whole neurons with the smallest L1 norm (and their biases); the output layer untouched', () => {
    const model = mlp(3);
    const first = model.at(0) as Linear;
    const norms = first.weight.abs().sum(1).dataSync();
    pruneMagnitude(model, { sparsity: 0.5, structured: true });
    const rows = first.weight.toArray() as number[][];
    const bias = first.bias!.dataSync();
    const pruned = rows.map((r, i) => (r.every((v) => v === 0) ? i : -1)).filter((i) => i >= 0);
    assert.equal(pruned.length, 16);
    const kept = rows.map((_, i) => i).filter((i) => !pruned.includes(i));
    assert.ok(Math.max(...pruned.map((i) => norms[i]!)) <= Math.min(...kept.map((i) => norms[i]!)));
    for (const i of pruned) assert.equal(bias[i], 0);
    assert.equal(zeroCount((model.at(2) as Linear).weight), 8 * 32);
    assert.equal(zeroCount((model.at(4) as Linear).weight), 0);
  });

  test('removePrunedNeurons drops the zeroed neurons and computes the same function (ReLU and Sigmoid)', () => {
    const g = new Generator(14);
    const model = new Sequential(new Linear(10, 20, { generator: g }), new ReLU(), new Linear(20, 16, { generator: g }), new Sigmoid(), new Dropout(0.1), new Linear(16, 3, { generator: g }));
    pruneMagnitude(model, { sparsity: 0.5, structured: true }).removePruning();
    const { module, removedNeurons } = removePrunedNeurons(model);
    assert.equal(removedNeurons, 10 + 8);
    const widths = [...module.namedModules()].filter(([, m]) => m instanceof Linear).map(([, m]) => (m as Linear).outFeatures);
    assert.deepEqual(widths, [10, 8, 3]);
    const x = randn([6, 10], { generator: g });
    model.eval();
    module.eval();
    // Sigmoid(0) = 0.5 for the removed second-layer neurons is folded into the last bias.
    assert.ok(model.forward(x).sub(module.forward(x)).abs().max().item() < 1e-5);
    assert.equal(removePrunedNeurons(new Sequential(new Linear(3, 2))).removedNeurons, 0);
  });

  test('structured with the L2 norm on a convolution prunes whole filters', () => {
    const g = new Generator(4);
    const model = new Sequential(new Conv2d(2, 10, 3, { generator: g }), new ReLU(), new Flatten(), new Linear(10 * 4 * 4, 3, { generator: g }));
    pruneMagnitude(model, { sparsity: 0.3, structured: true, norm: 2 });
    const filters = ((model.at(0) as Conv2d).weight.reshape([10, -1]).abs().sum(1).toArray() as number[]).filter((v) => v === 0);
    assert.equal(filters.length, 3);
  });

  test('bad options are refused', () => {
    assert.throws(() => pruneMagnitude(mlp(1), { sparsity: 1 }), /sparsity must be a number in \[0, 1\)/);
    assert.throws(() => pruneMagnitude(mlp(1), { sparsity: -0.1 }), ValueError);
    assert.throws(() => pruneMagnitude(mlp(1), { sparsity: 0.5, scope: 'all' as 'global' }), /scope must be/);
    assert.throws(() => pruneMagnitude(new Sequential(new Linear(3, 2)), { sparsity: 0.5, structured: true }), /no Linear or conv layer before the last/);
  });
});

describe('masks during fine-tuning', () => {
  const g = new Generator(9);
  const x = randn([64, 20], { generator: g });
  const y = randint(0, 4, [64], { generator: g });

  test('a custom loop with Adam: pruned weights are exactly zero after every step', () => {
    const model = mlp(5);
    const masks = pruneMagnitude(model, { sparsity: 0.8 });
    const zerosAt = prunableLayers(model).map(({ layer }) => layer.weight.dataSync().map((v) => (v === 0 ? 1 : 0)));
    const optimizer = new Adam(model.parameters(), { lr: 0.01 });
    for (let step = 0; step < 10; step++) {
      optimizer.zeroGrad();
      crossEntropy(model.forward(x), y).backward();
      optimizer.step();
      masks.apply();
      prunableLayers(model).forEach(({ layer }, i) => {
        const w = layer.weight.dataSync();
        zerosAt[i]!.forEach((z, j) => {
          if (z === 1) assert.equal(w[j], 0);
        });
      });
    }
    // The kept weights did train.
    assert.ok(masks.sparsity().overall >= 0.8 - 1e-9);
  });

  test('Model.fit with PruningCallback keeps the sparsity; without it the weights grow back', async () => {
    const pruned = mlp(6);
    const masks = pruneMagnitude(pruned, { sparsity: 0.6 });
    const model = new Model(pruned);
    model.compile({ optimizer: 'adam', learningRate: 0.01, loss: 'crossEntropy' });
    await model.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0, callbacks: [new PruningCallback(masks)] });
    assert.equal(masks.sparsity().overall, Math.round(0.6 * masks.layers.reduce((n, l) => n + l.weight.size, 0)) / masks.layers.reduce((n, l) => n + l.weight.size, 0));

    const free = mlp(6);
    const freeMasks = pruneMagnitude(free, { sparsity: 0.6 });
    const freeModel = new Model(free);
    freeModel.compile({ optimizer: 'adam', learningRate: 0.01, loss: 'crossEntropy' });
    await freeModel.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0 });
    assert.ok(freeMasks.sparsity().overall < 0.1, 'Adam revives pruned weights when the masks are not applied');
  });

  test('the gradual schedule raises sparsity epoch by epoch to the target', async () => {
    assert.equal(cubicSparsity(0.9, { endEpoch: 4 }, 0), 0);
    assert.ok(Math.abs(cubicSparsity(0.9, { endEpoch: 4 }, 2) - (0.9 - 0.9 * 0.5 ** 3)) < 1e-12);
    assert.equal(cubicSparsity(0.9, { endEpoch: 4 }, 7), 0.9);
    const module = mlp(7);
    const masks = pruneMagnitude(module, { sparsity: 0.9 });
    const seen: number[] = [];
    const model = new Model(module);
    model.compile({ optimizer: 'adam', learningRate: 0.01, loss: 'crossEntropy' });
    await model.fit(x, y, {
      epochs: 4,
      batchSize: 32,
      verbose: 0,
      callbacks: [new PruningCallback(masks, { endEpoch: 3 }), { onEpochEnd: () => void seen.push(masks.sparsity().overall) }],
    });
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i]! > seen[i - 1]!, `epoch ${i}: ${seen.join(', ')}`);
    assert.ok(Math.abs(seen[3]! - 0.9) < 0.001);
    assert.throws(() => new PruningCallback(masks, { startEpoch: 3, endEpoch: 2 }), /startEpoch < endEpoch/);
  });

  test('removePruning keeps the zeros, drops the masks and refuses further use', () => {
    const model = mlp(8);
    const masks = pruneMagnitude(model, { sparsity: 0.5 });
    masks.removePruning();
    assert.equal(masks.removed, true);
    assert.ok(Math.abs(masks.sparsity().overall - 0.5) < 0.001);
    assert.throws(() => masks.apply(), /finalised/);
  });

  test('a pruned model saves and loads with its zeros', () => {
    const model = mlp(9);
    pruneMagnitude(model, { sparsity: 0.7 }).removePruning();
    const restored = modelFromArtifacts(modelToArtifacts(new Model(model)));
    for (const [name, t] of model.stateDict()) assert.deepEqual(restored.module.stateDict().get(name)!.toArray(), t.toArray(), name);
  });
});
