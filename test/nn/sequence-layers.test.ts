/**
 * Behaviour of the sequence layers beyond the PyTorch fixtures: input validation, mask semantics,
 * unbatched inputs, dropout with an explicit generator, and flat memory over training steps.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DTypeError, Generator, memoryStats, mul, narrow, randn, select, ShapeError, sum, type Tensor, tensor, ValueError, zeros } from '../../src/index.js';
import { GRU } from '../../src/nn/gru.js';
import { LSTM } from '../../src/nn/lstm.js';
import { MultiHeadAttention } from '../../src/nn/multi-head-attention.js';
import { TransformerEncoderLayer } from '../../src/nn/transformer-encoder-layer.js';
import type { Module } from '../../src/nn/module.js';

function close(a: Tensor, b: Tensor, tol = 1e-5): void {
  assert.deepEqual(a.shape, b.shape);
  const x = a.dataSync();
  const y = b.dataSync();
  for (let i = 0; i < x.length; i++) assert.ok(Math.abs(x[i]! - y[i]!) <= tol, `element ${i}: ${x[i]} vs ${y[i]}`);
}

test('constructors reject bad sizes and probabilities, naming the layer and argument', () => {
  assert.throws(() => new MultiHeadAttention(10, 3), (e: unknown) => e instanceof ValueError && /MultiHeadAttention: embedDim \(10\) must be divisible by numHeads \(3\)/.test(e.message));
  assert.throws(() => new MultiHeadAttention(8, 2, { dropout: 1 }), /MultiHeadAttention: dropout must be in \[0, 1\), got 1/);
  assert.throws(() => new TransformerEncoderLayer(8, 3), /TransformerEncoderLayer: nHead must be a positive integer dividing dModel \(8\), got 3/);
  assert.throws(() => new TransformerEncoderLayer(8, 2, { activation: 'tanh' as 'relu' }), /activation must be 'relu' or 'gelu'/);
  assert.throws(() => new LSTM(0, 4), /LSTM: inputSize must be a positive integer, got 0/);
  assert.throws(() => new GRU(3, 4, { numLayers: 1.5 }), /GRU: numLayers must be a positive integer, got 1.5/);
  assert.throws(() => new GRU(3, 4, { dropout: -0.1 }), /GRU: dropout must be in \[0, 1\)/);
});

test('forward rejects wrong shapes, dtypes and masks with messages naming what came', () => {
  const attn = new MultiHeadAttention(8, 2, { batchFirst: true });
  assert.throws(() => attn.forward(zeros([2, 3, 6])), (e: unknown) => e instanceof ShapeError && /query must be \[N, L, 8\] or \[L, 8\], got \[2, 3, 6\]/.test(e.message));
  assert.throws(() => attn.forward(zeros([2, 3, 8]), zeros([3, 4, 8])), /same batch size/);
  assert.throws(() => attn.forward(zeros([2, 3, 8]), zeros([2, 4, 8]), zeros([2, 5, 8])), /key and value must have the same length/);
  assert.throws(() => attn.forward(zeros([2, 3, 8]), undefined, undefined, zeros([2, 4], { dtype: 'bool' })), /keyPaddingMask must be \[2, 3\], got \[2, 4\]/);
  assert.throws(() => attn.forward(zeros([2, 3, 8]), undefined, undefined, zeros([2, 3], { dtype: 'int32' })), DTypeError);
  assert.throws(() => attn.forward(zeros([2, 3, 8]), undefined, undefined, undefined, zeros([3, 4])), /attnMask must be \[3, 3\] or \[4, 3, 3\], got \[3, 4\]/);
  assert.throws(() => attn.forward(zeros([2, 3, 8], { dtype: 'int32' })), /MultiHeadAttention: query must be float32 or float64, got int32/);
  const encoder = new TransformerEncoderLayer(8, 2, { dimFeedforward: 4 });
  assert.throws(() => encoder.forward(zeros([3, 2, 5])), /TransformerEncoderLayer: src must be \[T, N, 8\] or \[T, 8\], got \[3, 2, 5\]/);
  const lstm = new LSTM(3, 4, { numLayers: 2 });
  assert.throws(() => lstm.forward(zeros([5, 2, 4])), /LSTM: input must be \[T, N, 3\] or \[T, 3\], got \[5, 2, 4\]/);
  assert.throws(() => lstm.forward(zeros([5, 2, 3]), zeros([1, 2, 4])), /LSTM: h0 must be \[2, 2, 4\] for input \[5, 2, 3\], got \[1, 2, 4\]/);
  assert.throws(() => lstm.forward(zeros([0, 2, 3])), /sequence must not be empty/);
  assert.throws(() => new GRU(3, 4).forward(zeros([5, 3], { dtype: 'int32' })), DTypeError);
});

test('attention: padded keys get zero weight, causal rows see no future, weights sum to 1', () => {
  const attn = new MultiHeadAttention(8, 2, { batchFirst: true, generator: new Generator(1) }).eval();
  const x = randn([2, 4, 8], { generator: new Generator(2) });
  const pad = tensor([[false, false, true, true], [false, false, false, false]], { dtype: 'bool' });
  const { weights } = attn.forwardWithWeights(x, { keyPaddingMask: pad, causal: true });
  const w = weights.toArray() as number[][][];
  for (const example of w) for (const row of example) assert.ok(Math.abs(row.reduce((s, v) => s + v, 0) - 1) < 1e-6);
  for (let i = 0; i < 4; i++) {
    for (let j = i + 1; j < 4; j++) assert.equal(w[1]![i]![j], 0, 'causal: no weight on later keys');
    assert.equal(w[0]![i]![2], 0);
    assert.equal(w[0]![i]![3], 0);
  }
  // A later token cannot change an earlier output under the causal mask.
  const changed = x.toArray() as number[][][];
  changed[0]![3] = changed[0]![3]!.map((v) => v + 5);
  const a = attn.forwardWithWeights(x, { causal: true }).output;
  const b = attn.forwardWithWeights(tensor(changed), { causal: true }).output;
  close(narrow(a, 1, 0, 3), narrow(b, 1, 0, 3));
  // forward and forwardWithWeights agree; per-head weights average to the averaged ones.
  close(attn.forward(x), attn.forwardWithWeights(x).output, 0);
  close(attn.forwardWithWeights(x, { averageWeights: false }).weights.mean(1), attn.forwardWithWeights(x).weights, 1e-6);
});

test('unbatched inputs give the batched result for a batch of one', () => {
  const g = new Generator(3);
  const x = randn([5, 1, 8], { generator: g });
  const attn = new MultiHeadAttention(8, 4, { generator: g }).eval();
  close(attn.forward(select(x, 1, 0)), select(attn.forward(x), 1, 0));
  const encoder = new TransformerEncoderLayer(8, 2, { dimFeedforward: 12, normFirst: true, generator: g }).eval();
  close(encoder.forward(select(x, 1, 0)), select(encoder.forward(x), 1, 0));
  const lstm = new LSTM(8, 3, { bidirectional: true, numLayers: 2, generator: g });
  const batched = lstm.forwardWithState(x);
  const single = lstm.forwardWithState(select(x, 1, 0));
  close(single.output, select(batched.output, 1, 0));
  close(single.hN, select(batched.hN, 1, 0));
  close(single.cN, select(batched.cN, 1, 0));
  const gru = new GRU(8, 3, { generator: g });
  close(gru.forward(select(x, 1, 0)), select(gru.forward(x), 1, 0));
});

test('bidirectional output ends with the forward final state and starts with the reverse one', () => {
  const gru = new GRU(3, 4, { bidirectional: true, batchFirst: true, generator: new Generator(4) });
  const { output, hN } = gru.forwardWithState(randn([2, 6, 3], { generator: new Generator(5) }));
  close(narrow(select(output, 1, 5), 1, 0, 4), select(hN, 0, 0), 0);
  close(narrow(select(output, 1, 0), 1, 4, 4), select(hN, 0, 1), 0);
});

test('dropout is reproducible from the generator and off in eval mode', () => {
  const x = randn([3, 2, 8], { generator: new Generator(6) });
  const make = (): TransformerEncoderLayer => new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, dropout: 0.3, generator: new Generator(7) });
  const a = make();
  const b = make();
  close(a.forward(x), b.forward(x), 0);
  const evalOut = a.eval().forward(x);
  close(evalOut, a.forward(x), 0);
  assert.notDeepEqual(Array.from(a.train().forward(x).dataSync()), Array.from(evalOut.dataSync()));
  const lstm = new LSTM(8, 4, { numLayers: 2, dropout: 0.5, generator: new Generator(8) });
  assert.notDeepEqual(Array.from(lstm.forward(x).dataSync()), Array.from(lstm.eval().forward(x).dataSync()));
});

test('state-dict names and order are PyTorch\'s', () => {
  assert.deepEqual([...new TransformerEncoderLayer(8, 2, { dimFeedforward: 4 }).stateDict().keys()], [
    'self_attn.in_proj_weight', 'self_attn.in_proj_bias', 'self_attn.out_proj.weight', 'self_attn.out_proj.bias',
    'linear1.weight', 'linear1.bias', 'linear2.weight', 'linear2.bias', 'norm1.weight', 'norm1.bias', 'norm2.weight', 'norm2.bias',
  ]);
  assert.deepEqual([...new LSTM(3, 4, { bidirectional: true, bias: false }).stateDict().keys()], [
    'weight_ih_l0', 'weight_hh_l0', 'weight_ih_l0_reverse', 'weight_hh_l0_reverse',
  ]);
  // PyTorch's init bounds: U(±1/√H) for recurrent weights, Xavier for in_proj_weight.
  const lstm = new LSTM(3, 16, { generator: new Generator(9) });
  assert.ok(lstm.parameters().every((p) => Array.from(p.dataSync()).every((v) => Math.abs(v) <= 0.25)));
  const attn = new MultiHeadAttention(8, 2, { generator: new Generator(9) });
  const bound = Math.sqrt(6 / (24 + 8));
  assert.ok(Array.from(attn.inProjWeight.dataSync()).every((v) => Math.abs(v) <= bound));
  assert.ok(Array.from(attn.inProjBias!.dataSync()).every((v) => v === 0));
});

/**
 * Collects until live buffers fall to `limit` or two seconds pass; returns the last count. Polling
 * with real waits, because a concurrent (background-thread) JIT compile can hold the last step's
 * tensors for tens of milliseconds on a busy machine, so a fixed couple of gc() rounds may read a
 * stale count. A real leak never comes back down, so this still catches one.
 */
async function settle(limit: number, timeoutMs = 2000): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  assert.ok(gc !== undefined, 'run node with --expose-gc (npm test does)');
  const deadline = Date.now() + timeoutMs;
  let lowest = Infinity;
  for (;;) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
    lowest = Math.min(lowest, memoryStats().liveBuffers);
    if (lowest <= limit || Date.now() > deadline) return lowest;
  }
}

test('training steps leave live buffers flat', async () => {
  const layers: [Module, Tensor[]][] = [
    [new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, batchFirst: true, causal: true }), [randn([2, 5, 8])]],
    [new LSTM(3, 4, { numLayers: 2, bidirectional: true, dropout: 0.2 }), [randn([5, 2, 3])]],
    [new GRU(3, 4), [randn([5, 2, 3]), randn([1, 2, 4])]],
  ];
  for (const [layer, inputs] of layers) {
    const xs = inputs.map((t) => t.detach().requiresGrad_());
    const step = (): void => {
      sum(mul(layer.forward(...xs), 0.5)).backward();
      layer.zeroGrad();
      for (const x of xs) x.zeroGrad();
    };
    step();
    const baseline = await settle(0, 60); // the lowest count seen over a few collections
    for (let i = 0; i < 15; i++) step();
    const live = await settle(baseline + 2);
    assert.ok(live <= baseline + 2, `${layer.typeName}: live buffers grew from ${baseline} to ${live}`);
  }
});
