import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Accuracy, getMetric, MeanMetric, ShapeError, tensor, ValueError } from '../../src/index.js';

describe('streaming metrics', () => {
  test('accuracy over class indices accumulates across batches until reset', () => {
    const acc = new Accuracy();
    assert.ok(Number.isNaN(acc.result()));
    acc.update(tensor([[2, 1, 0], [0, 3, 1]]), tensor([0, 2], { dtype: 'int32' })); // 1 of 2
    acc.update(tensor([[0, 0, 9]]), tensor([2], { dtype: 'int32' })); // 1 of 1
    assert.equal(acc.result(), 2 / 3);
    acc.reset();
    assert.ok(Number.isNaN(acc.result()));
  });

  test('accuracy reads one-hot targets and binary probabilities or logits', () => {
    const oneHot = new Accuracy();
    oneHot.update(tensor([[0.9, 0.1], [0.2, 0.8]]), tensor([[1, 0], [1, 0]]));
    assert.equal(oneHot.result(), 0.5);
    const binary = new Accuracy();
    binary.update(tensor([[0.7], [0.2], [0.6]]), tensor([[1], [0], [0]]));
    assert.equal(binary.result(), 2 / 3);
    const logits = new Accuracy({ threshold: 0 });
    logits.update(tensor([2.5, -1]), tensor([1, 0]));
    assert.equal(logits.result(), 1);
  });

  test('accuracy names the shapes that do not fit', () => {
    assert.throws(() => new Accuracy().update(tensor([[1, 0]]), tensor([0, 1], { dtype: 'int32' })), ShapeError);
  });

  test('the mean metric weights batches by their size', () => {
    const loss = new MeanMetric('loss');
    loss.updateValue(tensor(1), 10);
    loss.updateValue(tensor(4), 30);
    assert.equal(loss.result(), (10 + 120) / 40);
    assert.throws(() => loss.updateValue(tensor([1, 2]), 2), /value must have one element/);
  });

  test('metrics by name', () => {
    assert.equal(getMetric('accuracy').name, 'accuracy');
    assert.throws(() => getMetric('auc'), (e: unknown) => e instanceof ValueError && /known: accuracy/.test(e.message));
  });
});
