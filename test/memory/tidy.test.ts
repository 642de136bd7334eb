/**
 * Deterministic release of temporaries (storage.ts): tidy frees what a synchronous function
 * allocated and did not return, keep protects what it stored, a released tensor fails loudly, and
 * relieveMemoryPressure lets finalisers free dead tensors between batches. Live buffer counts are
 * read without any garbage collection, so every release counted here is tidy's own.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { nodeCollector } from '../../src/core/garbage-collector.js';
import {
  add,
  full,
  Generator,
  keep,
  Linear,
  memoryStats,
  Model,
  mul,
  randn,
  ReLU,
  relieveMemoryPressure,
  Sequential,
  setBackend,
  type Tensor,
  tidy,
  ValueError,
} from '../../src/index.js';

setBackend(process.env['SPROUT_BACKEND'] ?? 'wasm');

describe('tidy', () => {
  it('releases every buffer the function made except the result, without garbage collection', () => {
    const x = randn([64, 64], { generator: new Generator(0) });
    const before = memoryStats().liveBuffers;
    const y = tidy(() => {
      let t = x;
      for (let i = 0; i < 50; i++) t = add(mul(t, 0.5), 1);
      return t;
    });
    assert.equal(memoryStats().liveBuffers, before + 1, 'only the result is left');
    assert.equal(y.shape[0], 64);
    assert.ok(Number.isFinite(y.sum().item()));
  });

  it('keeps tensors inside arrays and objects of the result, and views of returned storages', () => {
    const before = memoryStats().liveBuffers;
    const out = tidy(() => {
      const a = randn([3]);
      const b = randn([3]);
      const scratch = add(a, b);
      return { pair: [a, b.reshape([1, 3])], total: scratch.sum() };
    });
    assert.equal(memoryStats().liveBuffers, before + 3);
    assert.equal(out.pair[1]!.shape.join(','), '1,3');
    assert.ok(Number.isFinite(out.total.item()));
  });

  it('nests: an inner result survives until the outer call drops it', () => {
    const before = memoryStats().liveBuffers;
    let inner: Tensor | null = null;
    const outer = tidy(() => {
      inner = tidy(() => add(randn([4]), 1));
      assert.equal(memoryStats().liveBuffers, before + 1);
      return mul(inner, 2);
    });
    assert.equal(memoryStats().liveBuffers, before + 1, 'the inner result was released by the outer call');
    assert.equal(outer.size, 4);
    assert.throws(() => inner!.sum(), ValueError);
  });

  it('keep protects a stored tensor; one stored without keep fails loudly instead of reading freed memory', () => {
    const cache: Tensor[] = [];
    tidy(() => {
      cache.push(keep(add(randn([5]), 1)));
      cache.push(add(randn([5]), 2));
      return null;
    });
    assert.ok(Number.isFinite(cache[0]!.sum().item()));
    assert.throws(() => cache[1]!.sum().item(), (error: unknown) => error instanceof ValueError && /released at the end of a tidy\(\) call/.test(error.message));
  });

  it('lets the error of the function through and releases nothing then', () => {
    const before = memoryStats().liveBuffers;
    assert.throws(() => tidy(() => {
      randn([8]);
      throw new RangeError('boom');
    }), RangeError);
    assert.equal(memoryStats().liveBuffers, before + 1, 'the garbage is left to the collector');
  });
});

describe('Model.predict', () => {
  it('frees each batch\'s temporaries as it goes: live buffers grow by the output only', () => {
    const generator = new Generator(1);
    const model = new Model(new Sequential(new Linear(16, 32, { generator }), new ReLU(), new Linear(32, 4, { generator })));
    const x = randn([1000, 16], { generator });
    model.predict(x, { batchSize: 10 });
    const before = memoryStats().liveBuffers;
    const y = model.predict(x, { batchSize: 10 });
    assert.deepEqual(y.shape, [1000, 4]);
    assert.equal(memoryStats().liveBuffers, before + 1, '100 batches of 5 temporaries each were released');
  });
});

describe('relieveMemoryPressure', () => {
  it('collects and lets finalisers run once enough memory was allocated', async () => {
    await relieveMemoryPressure();
    // 40 MiB per iteration of garbage: past the 256 MiB threshold after 7.
    for (let i = 0; i < 8; i++) full([10 * 1024 * 1024], 1);
    const before = memoryStats().liveBytes;
    await relieveMemoryPressure();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const after = memoryStats().liveBytes;
    assert.ok(after < before - 200 * 1024 * 1024, `live bytes fell from ${before} to ${after}`);
  });

  it('finds Node\'s collector without --expose-gc', () => {
    const gc = nodeCollector();
    assert.equal(typeof gc, 'function');
    gc!();
  });
});
