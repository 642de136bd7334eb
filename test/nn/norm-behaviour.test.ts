/**
 * Behaviour of the norm-family layers beyond the PyTorch fixtures: argument and input validation,
 * batch norm's mode handling and buffers, the statistics and determinism of Dropout's random mask
 * (which no fixture can pin), Embedding's range checks and padding row, Residual's shape check,
 * and the registry's reading of malformed configs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  DTypeError,
  Generator,
  Linear,
  ModelFormatError,
  mul,
  noGrad,
  ones,
  randn,
  ShapeError,
  slice,
  sum,
  type Tensor,
  tensor,
  ValueError,
  zeros,
} from '../../src/index.js';
import { BatchNorm1d } from '../../src/nn/batch-norm1d.js';
import { BatchNorm2d } from '../../src/nn/batch-norm2d.js';
import { Dropout } from '../../src/nn/dropout.js';
import { Embedding } from '../../src/nn/embedding.js';
import { GroupNorm } from '../../src/nn/group-norm.js';
import { LayerNorm } from '../../src/nn/layer-norm.js';
import { layerFromConfig, layerToConfig } from '../../src/nn/layer-registry.js';
import { Residual } from '../../src/nn/residual.js';

const values = (t: Tensor): number[] => Array.from(t.dataSync(), Number);
const int32 = (data: number | number[] | number[][] | number[][][], shape?: number[]): Tensor => tensor(data, { dtype: 'int32', ...(shape === undefined ? {} : { shape }) });

function assertAllClose(actual: Tensor, expected: Tensor, tol = 1e-6): void {
  assert.deepEqual(actual.shape, expected.shape);
  const e = values(expected);
  values(actual).forEach((v, i) => assert.ok(Math.abs(v - e[i]!) <= tol * (1 + Math.abs(e[i]!)), `element ${i}: ${v} vs ${e[i]}`));
}

// ── batch norm ───────────────────────────────────────────────────────────────────────────────

test('BatchNorm has PyTorch state-dict names, defaults and an int32 batch counter', () => {
  const bn = new BatchNorm2d(3);
  assert.deepEqual([...bn.stateDict().keys()], ['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']);
  assert.deepEqual(values(bn.runningMean!), [0, 0, 0]);
  assert.deepEqual(values(bn.runningVar!), [1, 1, 1]);
  assert.equal(bn.numBatchesTracked!.dtype, 'int32');
  assert.deepEqual(bn.numBatchesTracked!.shape, []);
  assert.deepEqual(bn.getConfig(), { numFeatures: 3, eps: 1e-5, momentum: 0.1, affine: true, trackRunningStats: true });
  assert.deepEqual([...new BatchNorm1d(3, { affine: false, trackRunningStats: false }).stateDict().keys()], []);
});

test('BatchNorm validates its arguments and its input', () => {
  assert.throws(() => new BatchNorm1d(0), (e) => e instanceof ValueError && /BatchNorm1d: numFeatures/.test(e.message));
  assert.throws(() => new BatchNorm1d(3, { eps: 0 }), ValueError);
  assert.throws(() => new BatchNorm1d(3, { momentum: 1.5 }), /momentum must be in \[0, 1\] or null/);
  const bn1 = new BatchNorm1d(3);
  assert.throws(() => bn1.forward(randn([4, 2])), (e) => e instanceof ShapeError && e.message === 'BatchNorm1d: input must be [N, C] or [N, C, L] with C = 3, got [4, 2]');
  assert.throws(() => bn1.forward(randn([2, 3, 4, 4])), ShapeError);
  assert.throws(() => bn1.forward(randn([3])), ShapeError);
  assert.throws(() => bn1.forward(zeros([4, 3], { dtype: 'int32' })), DTypeError);
  const bn2 = new BatchNorm2d(3);
  assert.throws(() => bn2.forward(randn([3, 4, 4])), /BatchNorm2d: input must be \[N, C, H, W\] with C = 3, got \[3, 4, 4\]/);
});

test('BatchNorm needs more than one value per channel in training, as PyTorch', () => {
  const bn = new BatchNorm1d(3);
  assert.throws(() => bn.forward(randn([1, 3])), (e) => e instanceof ValueError && /more than 1 value per channel/.test(e.message));
  bn.eval();
  assert.deepEqual(bn.forward(randn([1, 3])).shape, [1, 3]);
});

test('BatchNorm updates running statistics in training (even under noGrad), never in eval', () => {
  const bn = new BatchNorm1d(2, { momentum: 0.5 });
  const x = tensor([[1, 10], [3, 14], [5, 18]]);
  noGrad(() => bn.forward(x));
  // mean [3, 14]; unbiased variance [4, 16]; running = 0.5·old + 0.5·batch.
  assertAllClose(bn.runningMean!, tensor([1.5, 7]));
  assertAllClose(bn.runningVar!, tensor([2.5, 8.5]));
  assert.equal(bn.numBatchesTracked!.item(), 1);
  bn.eval();
  const y = bn.forward(x);
  assertAllClose(bn.runningMean!, tensor([1.5, 7]));
  assert.equal(bn.numBatchesTracked!.item(), 1);
  // Eval normalises with the running statistics.
  assertAllClose(y, tensor([[(1 - 1.5) / Math.sqrt(2.5 + 1e-5), (10 - 7) / Math.sqrt(8.5 + 1e-5)], [(3 - 1.5) / Math.sqrt(2.5 + 1e-5), 7 / Math.sqrt(8.5 + 1e-5)], [3.5 / Math.sqrt(2.5 + 1e-5), 11 / Math.sqrt(8.5 + 1e-5)]]), 1e-5);
});

test('BatchNorm training output is normalised with the biased batch variance and still differentiable', () => {
  const bn = new BatchNorm1d(4);
  const x = randn([8, 4], { generator: new Generator(5) }).requiresGrad_();
  const y = bn.forward(x);
  const column = (t: Tensor, c: number): number[] => values(t).filter((_, i) => i % 4 === c);
  for (let c = 0; c < 4; c++) {
    const v = column(y, c);
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    const biased = v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length;
    assert.ok(Math.abs(m) < 1e-6 && Math.abs(biased - 1) < 1e-3, `channel ${c}: mean ${m}, variance ${biased}`);
  }
  sum(mul(y, randn([8, 4], { generator: new Generator(6) }))).backward();
  assert.ok(x.grad !== null && bn.weight!.grad !== null && bn.bias!.grad !== null);
  // The gradient of a normalised output with respect to the input sums to zero per channel.
  for (let c = 0; c < 4; c++) assert.ok(Math.abs(column(x.grad, c).reduce((a, b) => a + b, 0)) < 1e-5);
});

test('BatchNorm state dicts carry the running statistics into a fresh layer', () => {
  const bn = new BatchNorm2d(2);
  for (let i = 0; i < 3; i++) bn.forward(randn([2, 2, 3, 3], { generator: new Generator(i) }));
  const twin = new BatchNorm2d(2);
  twin.loadStateDict(bn.stateDict());
  assert.deepEqual(values(twin.runningMean!), values(bn.runningMean!));
  assert.deepEqual(values(twin.runningVar!), values(bn.runningVar!));
  assert.equal(twin.numBatchesTracked!.item(), 3);
  const x = randn([1, 2, 3, 3]);
  assertAllClose(twin.eval().forward(x), bn.eval().forward(x));
  twin.resetRunningStats();
  assert.deepEqual(values(twin.runningMean!), [0, 0]);
  assert.equal(twin.numBatchesTracked!.item(), 0);
});

// ── layer norm and group norm ────────────────────────────────────────────────────────────────

test('LayerNorm takes a number or an array and checks the trailing shape', () => {
  assert.deepEqual(new LayerNorm(4).getConfig(), { normalizedShape: [4], eps: 1e-5, elementwiseAffine: true });
  assert.deepEqual([...new LayerNorm([2, 3]).stateDict().entries()].map(([k, t]) => [k, t.shape]), [['weight', [2, 3]], ['bias', [2, 3]]]);
  assert.throws(() => new LayerNorm([]), ValueError);
  assert.throws(() => new LayerNorm(0), ValueError);
  const ln = new LayerNorm([2, 3]);
  assert.throws(() => ln.forward(randn([4, 3, 2])), (e) => e instanceof ShapeError && e.message === 'LayerNorm: input must end in normalizedShape [2, 3], got [4, 3, 2]');
  assert.throws(() => ln.forward(randn([3])), ShapeError);
  const x = randn([5, 2, 3]);
  assertAllClose(ln.eval().forward(x), ln.train().forward(x));
});

test('GroupNorm checks its groups and input, and never mixes examples', () => {
  assert.throws(() => new GroupNorm(3, 4), (e) => e instanceof ValueError && /numChannels \(4\) must be divisible by numGroups \(3\)/.test(e.message));
  assert.throws(() => new GroupNorm(0, 4), ValueError);
  const gn = new GroupNorm(2, 4);
  assert.throws(() => gn.forward(randn([2, 3, 5])), /GroupNorm: input must be \[N, 4, \.\.\.\], got \[2, 3, 5\]/);
  assert.throws(() => gn.forward(randn([4])), ShapeError);
  // Each example is normalised on its own: the privacy-friendly property batch norm lacks.
  const x = randn([3, 4, 5], { generator: new Generator(9) });
  assertAllClose(gn.forward(slice(x, 0, 1, 2)), slice(gn.forward(x), 0, 1, 2));
});

// ── dropout ──────────────────────────────────────────────────────────────────────────────────

test('Dropout zeroes about p of the elements and scales the rest by 1/(1 − p)', () => {
  const p = 0.3;
  const drop = new Dropout(p, { generator: new Generator(11) });
  const x = ones([200, 100]);
  const y = values(drop.forward(x));
  const zerosSeen = y.filter((v) => v === 0).length / y.length;
  // 20 000 Bernoulli(0.3) draws: standard deviation √(0.3·0.7/20000) ≈ 0.0032; allow 5σ.
  assert.ok(Math.abs(zerosSeen - p) < 0.016, `fraction zeroed ${zerosSeen}`);
  const scale = Math.fround(1 / (1 - p));
  assert.ok(y.every((v) => v === 0 || Math.abs(v - scale) < 1e-6), 'kept elements are scaled by 1/(1 − p)');
  const average = y.reduce((a, b) => a + b, 0) / y.length;
  assert.ok(Math.abs(average - 1) < 0.025, `expected value is preserved, got ${average}`);
});

test('Dropout gradient is the same scaled mask', () => {
  const drop = new Dropout(0.5, { generator: new Generator(3) });
  const x = randn([10, 10]).requiresGrad_();
  const y = drop.forward(x);
  sum(y).backward();
  const xs = values(x);
  values(y).forEach((v, i) => {
    const g = values(x.grad!)[i]!;
    assert.ok(v === 0 ? g === 0 : g === 2 && Math.abs(v - 2 * xs[i]!) < 1e-6);
  });
});

test('Dropout is deterministic for a seed and differs between seeds', () => {
  const x = randn([8, 8]);
  const a = values(new Dropout(0.5, { generator: new Generator(42) }).forward(x));
  const b = values(new Dropout(0.5, { generator: new Generator(42) }).forward(x));
  const c = values(new Dropout(0.5, { generator: new Generator(43) }).forward(x));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test('Dropout is the identity in eval mode and for p = 0; p = 1 zeroes everything', () => {
  const x = randn([3, 4]).requiresGrad_();
  assert.equal(new Dropout(0.9).eval().forward(x), x);
  assert.equal(new Dropout(0).forward(x), x);
  const y = new Dropout(1).forward(x);
  assert.ok(values(y).every((v) => v === 0));
  sum(y).backward();
  assert.ok(values(x.grad!).every((v) => v === 0));
  assert.throws(() => new Dropout(1.5), (e) => e instanceof ValueError && /Dropout: p must be a probability in \[0, 1\], got 1.5/.test(e.message));
  assert.throws(() => new Dropout(-0.1), ValueError);
  assert.throws(() => new Dropout(0.5).forward(zeros([2], { dtype: 'int32' })), DTypeError);
});

// ── embedding ────────────────────────────────────────────────────────────────────────────────

test('Embedding maps indices of any shape to [..., embeddingDim]', () => {
  const embed = new Embedding(6, 3, { generator: new Generator(0) });
  assert.deepEqual(embed.forward(int32([[[1, 2], [3, 4]]])).shape, [1, 2, 2, 3]);
  assert.deepEqual(embed.forward(int32(5, [])).shape, [3]);
  assert.deepEqual(embed.forward(int32([], [0])).shape, [0, 3]);
  const rows = embed.forward(int32([4, 4]));
  assert.deepEqual(values(rows).slice(0, 3), values(rows).slice(3));
  assert.deepEqual(values(rows).slice(0, 3), values(embed.weight).slice(12, 15));
});

test('Embedding rejects indices out of range, naming the index and the range', () => {
  const embed = new Embedding(5, 2);
  assert.throws(() => embed.forward(int32([1, 5])), (e) => e instanceof ValueError && e.message === 'Embedding: index 5 is out of range [0, 4] (numEmbeddings 5)');
  assert.throws(() => embed.forward(int32([-1])), /index -1 is out of range \[0, 4\]/);
  assert.throws(() => embed.forward(tensor([1, 2])), (e) => e instanceof DTypeError && /indices must be int32, got float32/.test(e.message));
  assert.throws(() => new Embedding(0, 2), ValueError);
  assert.throws(() => new Embedding(5, 2, { paddingIdx: 5 }), /paddingIdx must be an integer in \[-5, 4\], got 5/);
});

test('Embedding initialises weights N(0, 1) and the padding row to zero, which gets no gradient', () => {
  const big = values(new Embedding(100, 50, { generator: new Generator(1) }).weight);
  const m = big.reduce((a, b) => a + b, 0) / big.length;
  const v = big.reduce((a, b) => a + (b - m) ** 2, 0) / big.length;
  assert.ok(Math.abs(m) < 0.05 && Math.abs(v - 1) < 0.05, `mean ${m}, variance ${v}`);

  const embed = new Embedding(4, 2, { paddingIdx: -1, generator: new Generator(2) });
  assert.equal(embed.paddingIdx, 3);
  assert.deepEqual(values(embed.weight).slice(6), [0, 0]);
  // A non-zero padding row (loaded, say) is still returned, but never receives gradient.
  noGrad(() => embed.weight.select(0, 3).assign_(7));
  const y = embed.forward(int32([3, 1, 3]));
  assert.deepEqual(values(y).slice(0, 2), [7, 7]);
  sum(y).backward();
  assert.deepEqual(values(embed.weight.grad!), [0, 0, 1, 1, 0, 0, 0, 0]);
});

// ── residual ─────────────────────────────────────────────────────────────────────────────────

test('Residual adds its block to the skip path and names the block `block`', () => {
  const inner = new Linear(3, 3, { generator: new Generator(0) });
  const res = new Residual(inner);
  assert.deepEqual([...res.stateDict().keys()], ['block.weight', 'block.bias']);
  const x = randn([2, 3]).requiresGrad_();
  assertAllClose(res.forward(x), inner.forward(x).add(x));
  noGrad(() => {
    inner.weight.zero_();
    inner.bias!.zero_();
  });
  sum(res.forward(x)).backward();
  assert.deepEqual(values(x.grad!), [1, 1, 1, 1, 1, 1]);
});

test('Residual refuses a block that changes the shape', () => {
  const res = new Residual(new Linear(3, 4));
  assert.throws(() => res.forward(randn([2, 3])), (e) => e instanceof ShapeError && e.message === "Residual: block (Linear) must keep its input's shape, got input [2, 3] and block output [2, 4]");
  assert.throws(() => new Residual({} as Linear), ValueError);
});

// ── saved configs ────────────────────────────────────────────────────────────────────────────

test('norm layer configs round-trip, momentum null included', () => {
  for (const layer of [new BatchNorm1d(3, { momentum: null }), new Embedding(4, 2, { paddingIdx: 0 }), new Residual(new Residual(new LayerNorm([2, 2])))]) {
    const config = JSON.parse(JSON.stringify(layerToConfig(layer)));
    assert.deepEqual(layerToConfig(layerFromConfig(config)), config);
  }
  assert.equal((layerFromConfig({ type: 'BatchNorm2d', config: { numFeatures: 2, momentum: null } }) as BatchNorm2d).momentum, null);
  assert.equal((layerFromConfig({ type: 'BatchNorm2d', config: { numFeatures: 2 } }) as BatchNorm2d).momentum, 0.1);
});

test('malformed norm layer configs raise ModelFormatError naming the field', () => {
  const bad: [string, object, RegExp][] = [
    ['BatchNorm1d', { numFeatures: 3, momentum: 'fast' }, /BatchNorm1d config: 'momentum'/],
    ['LayerNorm', { normalizedShape: 'wide' }, /LayerNorm config: 'normalizedShape' must be a non-empty array/],
    ['GroupNorm', { numGroups: 2 }, /GroupNorm config: 'numChannels'/],
    ['Embedding', { numEmbeddings: 4, embeddingDim: 2, paddingIdx: 1.5 }, /Embedding config: 'paddingIdx' must be an integer or null/],
    ['Dropout', { p: 'half' }, /Dropout config: 'p'/],
    ['Residual', { block: 'Linear' }, /layer config must be an object/],
  ];
  for (const [type, config, message] of bad) {
    assert.throws(() => layerFromConfig({ type, config }), (e) => e instanceof ModelFormatError && message.test(e.message), type);
  }
});
