import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  BatchNorm1d,
  clippedGradientSum,
  crossEntropy,
  DpSgd,
  Generator,
  Linear,
  Model,
  poissonBatches,
  privateTraining,
  randint,
  randn,
  ReLU,
  Sequential,
  tensor,
  type Tensor,
  ValueError,
  zeros,
} from '../../src/index.js';

/** Three Gaussian blobs in 8 dimensions, 200 points each: easy to separate even with noise. */
function blobs(seed: number): { x: Tensor; y: Tensor } {
  const g = new Generator(seed);
  const labels = randint(0, 3, [600], { generator: g });
  const centres = randn([3, 8], { generator: g }).mul(3);
  const x = randn([600, 8], { generator: g }).add(centres.indexSelect(0, labels));
  return { x, y: labels };
}

describe('DP-SGD', () => {
  test('the noise added to the clipped sum has standard deviation σ·C (per coordinate, before dividing by B)', () => {
    const g = new Generator(3);
    const model = new Sequential(new Linear(64, 32, { generator: g }));
    const [x, y] = [randn([8, 64], { generator: g }), randint(0, 32, [8], { generator: g })];
    const [sigma, c, b] = [2, 0.5, 8];
    const { sums } = clippedGradientSum(model, x, y, crossEntropy, c);
    const dp = new DpSgd(model, { noiseMultiplier: sigma, maxGradNorm: c, batchSize: b, samples: 100, generator: new Generator(5) });
    dp.computeGradients(x, y, crossEntropy);
    const z: number[] = [];
    for (const p of model.parameters()) {
      const noise = p.grad!.mul(b).sub(sums.get(p)!).div(sigma * c).dataSync();
      z.push(...Array.from(noise));
    }
    assert.equal(z.length, 64 * 32 + 32);
    const mean = z.reduce((s, v) => s + v, 0) / z.length;
    const std = Math.sqrt(z.reduce((s, v) => s + (v - mean) ** 2, 0) / (z.length - 1));
    const withinOne = z.filter((v) => Math.abs(v) < 1).length / z.length;
    // N = 2,080 draws: the sample mean's s.d. is 0.022, the sample s.d.'s is 0.016; bounds are ~4 s.d.
    assert.ok(Math.abs(mean) < 0.09, `mean ${mean}`);
    assert.ok(Math.abs(std - 1) < 0.065, `standard deviation ${std}`);
    assert.ok(Math.abs(withinOne - 0.6827) < 0.045, `fraction within one s.d.: ${withinOne}`);
    assert.equal(dp.accountant.steps, 1);
  });

  test('an empty Poisson batch still adds noise and counts as a step', () => {
    const model = new Sequential(new Linear(4, 2, { generator: new Generator(0) }));
    const dp = new DpSgd(model, { noiseMultiplier: 1, maxGradNorm: 1, batchSize: 2, samples: 10, generator: new Generator(1) });
    const step = dp.computeGradients(zeros([0, 4]), tensor([], { dtype: 'int32' }), crossEntropy);
    assert.equal(step.loss, null);
    for (const p of model.parameters()) assert.ok(p.grad !== null && (p.grad.abs().sum().item() as number) > 0);
    assert.equal(dp.accountant.steps, 1);
    assert.ok(dp.epsilon(1e-5) > 0);
  });

  test('Poisson batches: each example joins with probability B/n, so sizes vary around B', () => {
    const n = 400;
    const x = tensor(Array.from({ length: n }, (_, i) => [i]));
    const counts = new Array<number>(n).fill(0);
    const sizes: number[] = [];
    const batches = poissonBatches(x, zeros([n]), { batchSize: 40, generator: new Generator(2) });
    for (let epoch = 0; epoch < 10; epoch++) {
      for (const [bx] of batches) {
        sizes.push(bx.shape[0]!);
        for (const v of bx.dataSync()) counts[v]! += 1;
      }
    }
    assert.equal(sizes.length, 100);
    const meanSize = sizes.reduce((s, v) => s + v, 0) / sizes.length;
    assert.ok(Math.abs(meanSize - 40) < 2.5, `mean batch size ${meanSize}`); // s.d. of the mean ≈ 0.6
    assert.ok(new Set(sizes).size > 5, 'batch sizes should vary');
    const meanCount = counts.reduce((s, v) => s + v, 0) / n;
    assert.ok(Math.abs(meanCount - 10) < 0.5, `mean times an example is drawn in 100 steps at q 0.1: ${meanCount}`);
  });

  test('fit with privacy: Poisson batches, ε logged every epoch, within the target, and the model learns', async () => {
    const { x, y } = blobs(0);
    const g = new Generator(1);
    const model = new Model(new Sequential(new Linear(8, 16, { generator: g }), new ReLU(), new Linear(16, 3, { generator: g })));
    const privacy = privateTraining({ targetEpsilon: 8, delta: 1e-4, maxGradNorm: 1, generator: new Generator(2) });
    model.compile({ optimizer: 'sgd', learningRate: 0.5, loss: 'crossEntropy', metrics: ['accuracy'], privacy });
    const history = await model.fit(x, y, { epochs: 4, batchSize: 60, verbose: 0 });
    const eps = history.history['epsilon']!;
    assert.equal(eps.length, 4);
    for (let i = 1; i < eps.length; i++) assert.ok(eps[i]! > eps[i - 1]!, `ε must grow: ${eps.join(', ')}`);
    assert.ok(eps[3]! <= 8 && eps[3]! > 7.9, `ε spent ${eps[3]} for a target of 8`);
    assert.equal(privacy.accountant.steps, 4 * 10);
    assert.ok(privacy.noiseMultiplier > 0.5, `σ ${privacy.noiseMultiplier}`);
    const { accuracy } = await model.evaluate(x, y);
    assert.ok(accuracy! >= 0.85, `training accuracy ${accuracy}`);
  });

  test('fit with privacy refuses BatchNorm (naming GroupNorm/LayerNorm), classWeight and batch sources', async () => {
    const { x, y } = blobs(1);
    const withNorm = new Model(new Sequential(new Linear(8, 4), new BatchNorm1d(4), new Linear(4, 3)));
    withNorm.compile({ optimizer: 'sgd', loss: 'crossEntropy', privacy: privateTraining({ noiseMultiplier: 1 }) });
    await assert.rejects(withNorm.fit(x, y, { verbose: 0 }), (e: unknown) => e instanceof ValueError && /BatchNorm1d.*GroupNorm or LayerNorm/.test(e.message));
    const plain = new Model(new Sequential(new Linear(8, 3)));
    plain.compile({ optimizer: 'sgd', loss: 'crossEntropy', privacy: privateTraining({ noiseMultiplier: 1 }) });
    await assert.rejects(plain.fit(x, y, { verbose: 0, classWeight: { 0: 2 } }), /classWeight cannot be combined with privacy/);
    await assert.rejects(plain.fit([[x, y]], { verbose: 0 }), /privacy needs tensor data/);
  });

  test('privateTraining wants exactly one of targetEpsilon and noiseMultiplier', () => {
    assert.throws(() => privateTraining({}), /exactly one of targetEpsilon/);
    assert.throws(() => privateTraining({ targetEpsilon: 1, noiseMultiplier: 1 }), /exactly one of targetEpsilon/);
    assert.throws(() => privateTraining({ noiseMultiplier: 1, delta: 2 }), /delta must be in \(0, 1\), got 2/);
  });
});
