/**
 * Extreme inputs give finite losses and finite gradients: logits of ±1000 (where a naive
 * softmax or sigmoid overflows), probabilities of exactly 0 and 1, and zero KL targets.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { gradients, logSoftmax, type Tensor, tensor } from '../../src/core/index.js';
import { binaryCrossEntropy, binaryCrossEntropyWithLogits, crossEntropy, klDivLoss, nllLoss } from '../../src/losses/index.js';

function assertFinite(t: Tensor, what: string): void {
  const values = Array.from(t.dataSync());
  assert.ok(values.every((v) => Number.isFinite(v)), `${what}: expected finite values, got ${values.join(', ')}`);
}

/** The loss value and its gradient with respect to x, both checked finite. */
function valueAndGrad(fn: (x: Tensor) => Tensor, data: number[][], what: string): { value: number; grad: number[][] } {
  const x = tensor(data, { requiresGrad: true });
  const loss = fn(x);
  assertFinite(loss, `${what} value`);
  const [g] = gradients([loss], [x]);
  assertFinite(g!, `${what} gradient`);
  return { value: loss.item(), grad: g!.toArray() as number[][] };
}

const HUGE = [
  [1000, -1000, 0],
  [-1000, 1000, 1000],
];

test('crossEntropy of logits ±1000 is finite, with the exact value and softmax − onehot gradient', () => {
  const target = tensor([1, 0], { dtype: 'int32' });
  const { value, grad } = valueAndGrad((x) => crossEntropy(x, target, { reduction: 'sum' }), HUGE, 'crossEntropy');
  // Row 0: logsumexp = 1000, so −log p[1] = 2000; row 1: logsumexp = 1000 + ln 2, −log p[0] = 2000 + ln 2.
  assert.ok(Math.abs(value - (4000 + Math.LN2)) < 1e-2, `value ${value}`);
  assert.deepEqual(grad[0], [1, -1, 0]);
  assert.deepEqual(grad[1], [-1, 0.5, 0.5]);
});

test('crossEntropy of logits ±1000 stays finite with label smoothing, weights, ignoreIndex and probability targets', () => {
  const target = tensor([1, -100], { dtype: 'int32' });
  valueAndGrad((x) => crossEntropy(x, target, { labelSmoothing: 0.1, weight: tensor([1, 2, 3]) }), HUGE, 'crossEntropy smoothing');
  const probs = tensor([
    [0, 0.5, 0.5],
    [1, 0, 0],
  ]);
  valueAndGrad((x) => crossEntropy(x, probs, { labelSmoothing: 0.2 }), HUGE, 'crossEntropy probabilities');
  valueAndGrad((x) => crossEntropy(x, probs, { reduction: 'none' }).sum(), HUGE, 'crossEntropy probabilities none');
});

test('binaryCrossEntropyWithLogits of logits ±1000 is finite and exact', () => {
  const target = tensor([
    [1, 0, 1],
    [1, 0, 0],
  ]);
  const { value, grad } = valueAndGrad((x) => binaryCrossEntropyWithLogits(x, target, { reduction: 'sum' }), HUGE, 'bceWithLogits');
  // A confident hit costs 0, a confident miss 1000, logit 0 costs ln 2. Row 0: x=1000,y=1 → 0; x=−1000,y=0 → 0; x=0,y=1 → ln 2. Row 1: x=−1000,y=1 → 1000; x=1000,y=0 → 1000; x=1000,y=0 → 1000.
  assert.ok(Math.abs(value - (3000 + Math.LN2)) < 1e-3, `value ${value}`);
  // ∂/∂x = σ(x) − y.
  assert.deepEqual(grad, [
    [0, 0, -0.5],
    [-1, 1, 1],
  ]);
  valueAndGrad((x) => binaryCrossEntropyWithLogits(x, target, { posWeight: tensor([2, 3, 4]), weight: tensor([0.5, 1, 2]) }), HUGE, 'bceWithLogits posWeight');
});

test('nllLoss of logSoftmax of logits ±1000 is finite', () => {
  valueAndGrad((x) => nllLoss(logSoftmax(x, 1), tensor([1, 2], { dtype: 'int32' })), HUGE, 'nllLoss');
});

test('binaryCrossEntropy clamps log at −100 as PyTorch: probabilities 0 and 1 give finite losses and gradients', () => {
  const p = [[0, 1, 0, 1]];
  const y = tensor([[1, 0, 0, 1]]);
  const { value } = valueAndGrad((x) => binaryCrossEntropy(x, y, { reduction: 'sum' }), p, 'binaryCrossEntropy');
  // Two confident mistakes cost 100 each; two confident hits cost 0.
  assert.equal(value, 200);
});

test('klDivLoss with zero targets and −∞-free log-probabilities gives finite gradients (0·log 0 = 0)', () => {
  const target = tensor([[0, 0.5, 0.5, 0]]);
  const { value } = valueAndGrad((x) => klDivLoss(logSoftmax(x, 1), target, { reduction: 'batchmean' }), [[1000, -1000, 0, 3]], 'klDivLoss');
  assert.ok(value > 0);
});
