/**
 * A training step frees its own temporaries at once (autograd.ts, optimizer.ts): the gradients
 * made on the way through backward, an optimiser update's intermediate tensors and the state it
 * replaced. Live buffer counts are read without garbage collection, so every release counted here
 * is deterministic — what keeps a manual loop's wasm memory flat between collections.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  Adam,
  crossEntropy,
  Generator,
  gradients,
  Linear,
  memoryStats,
  randint,
  randn,
  ReLU,
  Sequential,
  setBackend,
  SGD,
} from '../../src/index.js';

setBackend(process.env['SPROUT_BACKEND'] ?? 'wasm');

function mlp(generator: Generator): Sequential {
  return new Sequential(new Linear(20, 32, { generator }), new ReLU(), new Linear(32, 16, { generator }), new ReLU(), new Linear(16, 4, { generator }));
}

describe('a training step frees its temporaries without garbage collection', () => {
  it('backward leaves only the leaves’ new gradients', () => {
    const generator = new Generator(0);
    const model = mlp(generator);
    const x = randn([8, 20], { generator });
    const y = randint(0, 4, [8], { generator });
    const loss = crossEntropy(model.forward(x), y);
    const before = memoryStats().liveBuffers;
    loss.backward();
    const parameters = model.parameters();
    // The seed gradient (a scalar 1 made before the pass starts) is the collector's to free.
    assert.equal(memoryStats().liveBuffers, before + parameters.length + 1, 'one new buffer per parameter gradient, and the seed');
    for (const p of parameters) assert.ok(Number.isFinite(p.grad!.sum().item()), 'gradients stay readable');
  });

  it('gradients() keeps the gradients it returns', () => {
    const generator = new Generator(1);
    const a = randn([5, 5], { generator, requiresGrad: true });
    const b = randn([5, 5], { generator, requiresGrad: true });
    const out = a.matmul(b).relu().sum();
    const before = memoryStats().liveBuffers;
    const [ga, gb] = gradients([out], [a, b]);
    assert.equal(memoryStats().liveBuffers, before + 2 + 1, 'the two gradients, and the seed');
    assert.deepEqual(ga!.shape, [5, 5]);
    assert.ok(Number.isFinite(gb!.sum().item()));
  });

  for (const [name, make] of [
    ['Adam', (params: ReturnType<Sequential['parameters']>) => new Adam(params, { lr: 1e-2, weightDecay: 1e-3 })],
    ['SGD with momentum', (params: ReturnType<Sequential['parameters']>) => new SGD(params, { lr: 0.1, momentum: 0.9 })],
  ] as const) {
    it(`${name}: a step after the first adds no live buffer, and training still converges`, () => {
      const generator = new Generator(2);
      const model = mlp(generator);
      const optimizer = make(model.parameters());
      const x = randn([32, 20], { generator });
      const y = randint(0, 4, [32], { generator });
      const step = (): number => {
        optimizer.zeroGrad();
        const loss = crossEntropy(model.forward(x), y);
        loss.backward();
        optimizer.step();
        return loss.item();
      };
      const first = step();
      step();
      // Held by this test between steps: nothing but the model, its gradients and the state.
      const before = memoryStats().liveBuffers;
      optimizer.step();
      assert.equal(memoryStats().liveBuffers, before, 'the update’s temporaries and the replaced state are freed');
      let last = first;
      for (let i = 0; i < 60; i++) last = step();
      assert.ok(last < first * 0.5, `loss went from ${first} to ${last}`);
    });
  }

  it('state handed out by stateDict stays readable after later steps', () => {
    const generator = new Generator(3);
    const model = mlp(generator);
    const optimizer = new Adam(model.parameters(), { lr: 1e-2 });
    const x = randn([8, 20], { generator });
    const y = randint(0, 4, [8], { generator });
    const step = (): void => {
      optimizer.zeroGrad();
      crossEntropy(model.forward(x), y).backward();
      optimizer.step();
    };
    step();
    const saved = optimizer.stateDict();
    step();
    step();
    const expAvg = saved.state[0]!['expAvg'];
    assert.ok(typeof expAvg === 'object' && Number.isFinite(expAvg.sum().item()), 'the snapshot was not freed');
  });
});
