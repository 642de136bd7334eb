/**
 * MicroBatcher without a model: when batches close (size, window, flush), how outputs are split
 * back, and how one request's failure is kept from its neighbours. The window is driven by
 * node:test's mock timers, so nothing here depends on the machine's speed.
 */
import assert from 'node:assert/strict';
import { describe, mock, test } from 'node:test';
import { ValueError } from '../../src/core/index.js';
import { MicroBatcher } from '../../src/serve/index.js';

/** A forward pass that doubles numbers, records its batches, and fails on a negative item. */
function doubler(): { run: (items: readonly number[]) => number[]; batches: number[][] } {
  const batches: number[][] = [];
  return {
    batches,
    run: (items) => {
      batches.push([...items]);
      if (items.some((i) => i < 0)) throw new ValueError(`negative item in [${items.join(', ')}]`);
      return items.map((i) => 2 * i);
    },
  };
}

describe('MicroBatcher', () => {
  test('requests within the window run as one batch, and each gets its own outputs in order', async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const { run, batches } = doubler();
      const onBatch = mock.fn();
      const batcher = new MicroBatcher(run, { maxBatchSize: 64, maxWaitMs: 2, onBatch });
      const answers = Promise.all([batcher.submit([1]), batcher.submit([2, 3]), batcher.submit([4])]);
      assert.equal(batches.length, 0, 'nothing runs before the window ends');
      assert.equal(batcher.pending, 3);
      mock.timers.tick(2);
      assert.deepEqual(await answers, [[2], [4, 6], [8]]);
      assert.deepEqual(batches, [[1, 2, 3, 4]]);
      assert.deepEqual(onBatch.mock.calls.map((c) => c.arguments), [[4, 3]]);
    } finally {
      mock.timers.reset();
    }
  });

  test('a batch closes as soon as it holds maxBatchSize items, without waiting', async () => {
    const { run, batches } = doubler();
    const batcher = new MicroBatcher(run, { maxBatchSize: 3, maxWaitMs: 60_000 });
    const answers = Promise.all([batcher.submit([1]), batcher.submit([2]), batcher.submit([3])]);
    assert.deepEqual(batches, [[1, 2, 3]]);
    assert.deepEqual(await answers, [[2], [4], [6]]);
    assert.equal(batcher.pending, 0);
  });

  test('flush() runs what is queued now', async () => {
    const { run, batches } = doubler();
    const batcher = new MicroBatcher(run, { maxBatchSize: 10, maxWaitMs: 60_000 });
    const answer = batcher.submit([5]);
    batcher.flush();
    assert.deepEqual(await answer, [10]);
    assert.deepEqual(batches, [[5]]);
  });

  test('a failing batch is run again request by request: only the bad request fails', async () => {
    const { run, batches } = doubler();
    const batcher = new MicroBatcher(run, { maxBatchSize: 3, maxWaitMs: 60_000 });
    const [a, b, c] = [batcher.submit([1]), batcher.submit([-1]), batcher.submit([3])];
    assert.deepEqual(await a, [2]);
    await assert.rejects(b, (e: unknown) => e instanceof ValueError && /negative item in \[-1\]/.test(e.message));
    assert.deepEqual(await c, [6]);
    assert.deepEqual(batches, [[1, -1, 3], [1], [-1], [3]]);
  });

  test('a forward pass with the wrong number of outputs is an error, not a misaligned answer', async () => {
    const batcher = new MicroBatcher((items: readonly number[]) => items.slice(1), { maxBatchSize: 1 });
    await assert.rejects(batcher.submit([1, 2]), /returned 1 outputs for 2 items/);
  });

  test('bad options and empty requests are ValueErrors naming the argument', async () => {
    assert.throws(() => new MicroBatcher((x: readonly number[]) => [...x], { maxBatchSize: 0 }), /maxBatchSize must be an integer >= 1, got 0/);
    assert.throws(() => new MicroBatcher((x: readonly number[]) => [...x], { maxWaitMs: -1 }), /maxWaitMs must be a finite number >= 0, got -1/);
    await assert.rejects(new MicroBatcher((x: readonly number[]) => [...x]).submit([]), /items is empty/);
  });
});
