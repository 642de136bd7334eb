/**
 * The loss registry: Keras-style names resolve to the loss functions, the two categorical names
 * insist on their kind of target, and unknown names fail with the list of known ones.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DTypeError, logSoftmax, softmax, type Tensor, tensor, ValueError } from '../../src/core/index.js';
import {
  binaryCrossEntropy, binaryCrossEntropyWithLogits, crossEntropy, getLoss, huberLoss, klDivLoss, l1Loss, LOSS_NAMES,
  mseLoss, nllLoss, smoothL1Loss,
} from '../../src/losses/index.js';

const logits = tensor([
  [2, 0, -1],
  [0.5, 1.5, 0],
]);
const indices = tensor([0, 1], { dtype: 'int32' });
const oneHot = tensor([
  [1, 0, 0],
  [0, 1, 0],
]);

test('getLoss maps the documented names to the loss functions', () => {
  assert.equal(getLoss('mse'), mseLoss);
  assert.equal(getLoss('mae'), l1Loss);
  assert.equal(getLoss('l1'), l1Loss);
  assert.equal(getLoss('huber'), huberLoss);
  assert.equal(getLoss('smoothL1'), smoothL1Loss);
  assert.equal(getLoss('binaryCrossEntropy'), binaryCrossEntropy);
  assert.equal(getLoss('binaryCrossEntropyWithLogits'), binaryCrossEntropyWithLogits);
  assert.equal(getLoss('crossEntropy'), crossEntropy);
  assert.equal(getLoss('nll'), nllLoss);
  assert.equal(getLoss('klDivergence'), klDivLoss);
  assert.deepEqual(
    [...LOSS_NAMES].sort(),
    [
      'binaryCrossEntropy', 'binaryCrossEntropyWithLogits', 'categoricalCrossEntropy', 'crossEntropy', 'huber', 'klDivergence', 'l1',
      'mae', 'mse', 'nll', 'smoothL1', 'sparseCategoricalCrossEntropy',
    ],
  );
});

test('every registered loss runs with the common options', () => {
  const probs = tensor([[0.3, 0.7]]);
  const examples: Record<string, [Tensor, Tensor]> = {
    mse: [probs, probs],
    mae: [probs, probs],
    l1: [probs, probs],
    huber: [probs, probs],
    smoothL1: [probs, probs],
    binaryCrossEntropy: [probs, probs],
    binaryCrossEntropyWithLogits: [probs, probs],
    crossEntropy: [logits, indices],
    sparseCategoricalCrossEntropy: [logits, indices],
    categoricalCrossEntropy: [logits, oneHot],
    nll: [logSoftmax(logits, 1), indices],
    klDivergence: [logSoftmax(probs, 1), softmax(probs, 1)],
  };
  for (const name of LOSS_NAMES) {
    const args = examples[name];
    assert.ok(args !== undefined, `no example for ${name}`);
    const loss = getLoss(name);
    assert.equal(loss(args[0], args[1]).shape.length, 0, `${name} mean is a scalar`);
    assert.ok(loss(args[0], args[1], { reduction: 'none' }).shape.length > 0, `${name} none keeps dimensions`);
  }
});

test('sparse and categorical cross-entropy agree with crossEntropy on their own kind of target', () => {
  const expected = crossEntropy(logits, indices).item();
  assert.equal(getLoss('sparseCategoricalCrossEntropy')(logits, indices).item(), expected);
  assert.ok(Math.abs(getLoss('categoricalCrossEntropy')(logits, oneHot).item() - expected) < 1e-6);
});

test('sparseCategoricalCrossEntropy refuses one-hot targets and categoricalCrossEntropy refuses indices', () => {
  assert.throws(() => getLoss('sparseCategoricalCrossEntropy')(logits, oneHot), (e: unknown) => {
    assert.ok(e instanceof DTypeError);
    assert.match(e.message, /sparseCategoricalCrossEntropy: target must be int32.*got float32.*categoricalCrossEntropy/);
    return true;
  });
  assert.throws(() => getLoss('categoricalCrossEntropy')(logits, indices), (e: unknown) => {
    assert.ok(e instanceof DTypeError);
    assert.match(e.message, /categoricalCrossEntropy: target must be float.*got int32.*sparseCategoricalCrossEntropy/);
    return true;
  });
});

test('getLoss refuses unknown names, listing the known ones', () => {
  for (const name of ['crossentropy', 'MSE', 'toString', '__proto__', '']) {
    assert.throws(() => getLoss(name), (e: unknown) => {
      assert.ok(e instanceof ValueError, `${name}: ${String(e)}`);
      assert.ok(e.message.includes(`getLoss: unknown loss ${JSON.stringify(name)}`), e.message);
      for (const known of LOSS_NAMES) assert.ok(e.message.includes(known), `message lacks ${known}`);
      return true;
    });
  }
});
