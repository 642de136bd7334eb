/**
 * PyTorch's semantics beyond single values: result shapes per reduction, weighted means, the
 * relations between losses (one-hot vs index targets, smooth L1 vs Huber), dtypes kept.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { logSoftmax, oneHot, sum, type Tensor, tensor, zeros } from '../../src/core/index.js';
import { crossEntropy, huberLoss, klDivLoss, l1Loss, mseLoss, nllLoss, smoothL1Loss } from '../../src/losses/index.js';
import { randn64 } from './gradient-check.js';

const ints = (data: readonly number[], shape: readonly number[]): Tensor => tensor(new Int32Array(data), { shape: [...shape], dtype: 'int32' });

function close(actual: number, expected: number, what: string, tol = 1e-6): void {
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${what}: got ${actual}, expected ${expected}`);
}

test("reduction 'none' keeps one loss per element or per example", () => {
  assert.deepEqual(mseLoss(zeros([2, 3]), zeros([2, 3]), { reduction: 'none' }).shape, [2, 3]);
  assert.deepEqual(crossEntropy(zeros([2, 4, 3, 5]), ints(new Array(30).fill(1), [2, 3, 5]), { reduction: 'none' }).shape, [2, 3, 5]);
  assert.deepEqual(crossEntropy(zeros([2, 4, 3]), zeros([2, 4, 3]), { reduction: 'none' }).shape, [2, 3]);
  assert.deepEqual(crossEntropy(zeros([4]), ints([2], []), { reduction: 'none' }).shape, []);
  assert.deepEqual(nllLoss(zeros([4]), ints([2], []), { reduction: 'none' }).shape, []);
  assert.deepEqual(klDivLoss(zeros([2, 3]), zeros([2, 3]), { reduction: 'none' }).shape, [2, 3]);
  assert.deepEqual(crossEntropy(zeros([2, 4]), ints([0, 1], [2])).shape, []);
});

test('float64 inputs give float64 losses', () => {
  const x = randn64([3, 4], 1);
  assert.equal(mseLoss(x, randn64([3, 4], 2)).dtype, 'float64');
  assert.equal(crossEntropy(x, ints([0, 1, 3], [3]), { weight: tensor([1, 2, 3, 4]) }).dtype, 'float64');
});

test("crossEntropy's weighted mean divides by the sum of the targets' class weights", () => {
  const logits = tensor([
    [1, 2, 0],
    [0, 0, 3],
    [2, 1, 1],
  ]);
  const target = ints([1, 2, -100], [3]);
  const weight = tensor([0.5, 2, 4]);
  const logp = logSoftmax(logits, 1).toArray() as number[][];
  // Rows 0 and 1 count with w[1] = 2 and w[2] = 4; row 2 is ignored.
  const expected = (-2 * logp[0]![1]! - 4 * logp[1]![2]!) / (2 + 4);
  close(crossEntropy(logits, target, { weight }).item(), expected, 'weighted mean');
  close(crossEntropy(logits, target, { weight, reduction: 'sum' }).item(), expected * 6, 'weighted sum');
});

test('class-index targets with label smoothing equal smoothed one-hot probability targets', () => {
  const logits = randn64([5, 4], 3, 2);
  const target = ints([0, 3, 2, 1, 3], [5]);
  const probs = oneHot(target, 4, { dtype: 'float64' });
  for (const labelSmoothing of [0, 0.1, 0.5]) {
    for (const reduction of ['mean', 'sum'] as const) {
      close(
        crossEntropy(logits, target, { labelSmoothing, reduction }).item(),
        crossEntropy(logits, probs, { labelSmoothing, reduction }).item(),
        `ε=${labelSmoothing} ${reduction}`,
        1e-12,
      );
    }
  }
});

test('crossEntropy is nllLoss of logSoftmax', () => {
  const logits = randn64([2, 3, 2, 2], 4, 2);
  const target = ints([0, 2, 1, 1, 2, 2, 0, 1], [2, 2, 2]);
  const weight = tensor([1, 2, 0.5], { dtype: 'float64' });
  close(crossEntropy(logits, target, { weight }).item(), nllLoss(logSoftmax(logits, 1), target, { weight }).item(), 'spatial weighted', 1e-12);
});

test('a mean over nothing but ignored targets is NaN, as in PyTorch', () => {
  assert.ok(Number.isNaN(crossEntropy(zeros([2, 3]), ints([-100, -100], [2])).item()));
  assert.equal(crossEntropy(zeros([2, 3]), ints([-100, -100], [2]), { reduction: 'sum' }).item(), 0);
});

test("klDivLoss 'batchmean' is the sum divided by the batch size, 'mean' divides by every element", () => {
  const input = logSoftmax(randn64([4, 5], 5), 1);
  const target = logSoftmax(randn64([4, 5], 6), 1).exp();
  const total = klDivLoss(input, target, { reduction: 'sum' }).item();
  close(klDivLoss(input, target, { reduction: 'batchmean' }).item(), total / 4, 'batchmean');
  close(klDivLoss(input, target).item(), total / 20, 'mean');
  close(klDivLoss(input, target.log(), { logTarget: true, reduction: 'sum' }).item(), total, 'logTarget');
  close(sum(klDivLoss(input, target, { reduction: 'none' })).item(), total, 'none');
});

test('smoothL1Loss with β = 0 is l1Loss, and huberLoss(δ) = δ·smoothL1Loss(β = δ)', () => {
  const x = randn64([3, 4], 7, 2);
  const y = randn64([3, 4], 8);
  close(smoothL1Loss(x, y, { beta: 0 }).item(), l1Loss(x, y).item(), 'β = 0', 1e-12);
  for (const delta of [0.3, 1, 2.5]) {
    close(huberLoss(x, y, { delta }).item(), delta * smoothL1Loss(x, y, { beta: delta }).item(), `δ = ${delta}`, 1e-12);
  }
});
