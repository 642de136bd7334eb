/**
 * Bad arguments fail early with typed errors that name the loss, the argument, what was expected
 * and what came.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DTypeError, ShapeError, type Tensor, tensor, ValueError, zeros } from '../../src/core/index.js';
import {
  binaryCrossEntropy, binaryCrossEntropyWithLogits, crossEntropy, huberLoss, klDivLoss, l1Loss, mseLoss, nllLoss,
  type Reduction, smoothL1Loss,
} from '../../src/losses/index.js';

type ErrorClass = typeof ShapeError | typeof DTypeError | typeof ValueError;

function throwsWith(fn: () => unknown, type: ErrorClass, ...fragments: string[]): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
    for (const fragment of fragments) assert.ok(error.message.includes(fragment), `message "${error.message}" lacks "${fragment}"`);
    return true;
  });
}

const ints = (data: number[]): Tensor => tensor(data, { dtype: 'int32' });
const logits = tensor([
  [1, 2, 3],
  [0, 1, 0],
]);

const ELEMENTWISE = [
  ['mseLoss', mseLoss],
  ['l1Loss', l1Loss],
  ['huberLoss', huberLoss],
  ['smoothL1Loss', smoothL1Loss],
  ['binaryCrossEntropy', binaryCrossEntropy],
  ['binaryCrossEntropyWithLogits', binaryCrossEntropyWithLogits],
  ['klDivLoss', klDivLoss],
] as const;

for (const [name, loss] of ELEMENTWISE) {
  test(`${name} refuses a target of another shape, naming both shapes`, () => {
    throwsWith(() => loss(zeros([2, 3]), zeros([3])), ShapeError, name, 'target', '[2, 3]', '[3]');
    // PyTorch would broadcast [4] against [4, 1] to a [4, 4] loss with only a warning.
    throwsWith(() => loss(zeros([4, 1]), zeros([4])), ShapeError, name, '[4, 1]', '[4]');
  });

  test(`${name} refuses mismatched or non-float dtypes`, () => {
    throwsWith(() => loss(zeros([2]), zeros([2], { dtype: 'float64' })), DTypeError, name, 'target', 'float32', 'float64');
    throwsWith(() => loss(zeros([2], { dtype: 'int32' }), zeros([2], { dtype: 'int32' })), DTypeError, name, 'input', 'int32');
  });

  test(`${name} refuses an unknown reduction and non-tensor arguments`, () => {
    throwsWith(() => loss(zeros([2]), zeros([2]), { reduction: 'avg' as Reduction }), ValueError, name, 'reduction', "'mean'", '"avg"');
    throwsWith(() => loss([1, 2] as unknown as Tensor, zeros([2])), ValueError, name, 'input', 'Tensor');
  });
}

test("only klDivLoss accepts reduction 'batchmean'", () => {
  assert.equal(klDivLoss(zeros([2, 2]), zeros([2, 2]), { reduction: 'batchmean' }).item(), 0);
  throwsWith(() => mseLoss(zeros([2]), zeros([2]), { reduction: 'batchmean' as Reduction }), ValueError, 'mseLoss', 'batchmean');
});

test('huberLoss and smoothL1Loss check their thresholds', () => {
  throwsWith(() => huberLoss(zeros([2]), zeros([2]), { delta: 0 }), ValueError, 'huberLoss', 'delta', 'positive', '0');
  throwsWith(() => huberLoss(zeros([2]), zeros([2]), { delta: Number.NaN }), ValueError, 'huberLoss', 'delta');
  throwsWith(() => smoothL1Loss(zeros([2]), zeros([2]), { beta: -1 }), ValueError, 'smoothL1Loss', 'beta', '-1');
});

test('binaryCrossEntropy refuses values outside [0, 1] and points to the logits version', () => {
  throwsWith(() => binaryCrossEntropy(tensor([0.5, 1.5]), tensor([0, 1])), ValueError, 'binaryCrossEntropy', '1.5', 'binaryCrossEntropyWithLogits');
  throwsWith(() => binaryCrossEntropy(tensor([0.5, -0.1]), tensor([0, 1])), ValueError, 'binaryCrossEntropy', 'probabilities in [0, 1]');
  // NaN would otherwise hide behind the −100 log clamp as a finite loss of 100.
  throwsWith(() => binaryCrossEntropy(tensor([Number.NaN]), tensor([1])), ValueError, 'binaryCrossEntropy', 'NaN');
});

test('per-element weights must broadcast to the input', () => {
  throwsWith(() => binaryCrossEntropy(zeros([2, 3]).add(0.5), zeros([2, 3]), { weight: zeros([2]) }), ShapeError, 'binaryCrossEntropy', 'weight', '[2]', '[2, 3]');
  throwsWith(() => binaryCrossEntropyWithLogits(zeros([2, 3]), zeros([2, 3]), { posWeight: zeros([4]) }), ShapeError, 'posWeight', '[4]', '[2, 3]');
  throwsWith(() => binaryCrossEntropyWithLogits(zeros([2, 3]), zeros([2, 3]), { weight: zeros([3], { dtype: 'int32' }) }), DTypeError, 'weight', 'int32');
});

test('crossEntropy and nllLoss refuse class indices out of range', () => {
  throwsWith(() => crossEntropy(logits, ints([0, 3])), ValueError, 'crossEntropy', 'class index 3', '[0, 2]');
  throwsWith(() => crossEntropy(logits, ints([-1, 0])), ValueError, 'crossEntropy', 'class index -1');
  throwsWith(() => nllLoss(logits, ints([0, 7])), ValueError, 'nllLoss', '7');
  // The ignored value itself is fine anywhere.
  assert.ok(Number.isFinite(crossEntropy(logits, ints([-100, 1])).item()));
  assert.ok(Number.isFinite(crossEntropy(logits, ints([7, 1]), { ignoreIndex: 7 }).item()));
});

test('crossEntropy and nllLoss check the target shape and dtype', () => {
  throwsWith(() => crossEntropy(logits, ints([0, 1, 2])), ShapeError, 'crossEntropy', 'target', '[2]', '[2, 3]', '[3]');
  throwsWith(() => crossEntropy(zeros([2, 3, 4, 4]), ints([0, 1])), ShapeError, 'crossEntropy', '[2, 4, 4]');
  throwsWith(() => crossEntropy(zeros([3]), ints([0])), ShapeError, 'crossEntropy', '[]', '[1]');
  throwsWith(() => crossEntropy(zeros([]), ints([])), ShapeError, 'crossEntropy', 'scalar');
  throwsWith(() => nllLoss(zeros([]), ints([])), ShapeError, 'nllLoss', 'scalar');
  throwsWith(() => nllLoss(logits, tensor([0, 1])), DTypeError, 'nllLoss', 'int32', 'float32');
  throwsWith(() => crossEntropy(logits, tensor([true, false])), DTypeError, 'crossEntropy', 'bool');
  // A float target means probabilities, so it must have input's shape.
  throwsWith(() => crossEntropy(logits, tensor([0, 1])), ShapeError, 'crossEntropy', 'target', '[2, 3]', '[2]');
});

test('crossEntropy and nllLoss check weight, labelSmoothing and ignoreIndex', () => {
  throwsWith(() => crossEntropy(logits, ints([0, 1]), { weight: tensor([1, 2]) }), ShapeError, 'crossEntropy', 'weight', '[3]', '[2]');
  throwsWith(() => nllLoss(logits, ints([0, 1]), { weight: tensor([1, 2, 3], { dtype: 'int32' }) }), DTypeError, 'nllLoss', 'weight');
  throwsWith(() => crossEntropy(logits, ints([0, 1]), { labelSmoothing: 1.5 }), ValueError, 'crossEntropy', 'labelSmoothing', '1.5');
  throwsWith(() => crossEntropy(logits, ints([0, 1]), { ignoreIndex: 0.5 }), ValueError, 'crossEntropy', 'ignoreIndex', 'integer');
  throwsWith(() => crossEntropy(logits, zeros([2, 3]), { ignoreIndex: 1 }), ValueError, 'crossEntropy', 'ignoreIndex', 'class-index');
});
