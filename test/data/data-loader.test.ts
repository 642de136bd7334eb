import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  arange,
  DataError,
  DataLoader,
  Dataset,
  defaultCollate,
  Generator,
  Linear,
  Model,
  randn,
  Sequential,
  tensor,
  TensorDataset,
  ValueError,
  type Tensor,
} from '../../src/index.js';

const firstColumn = (batches: Iterable<readonly [Tensor, Tensor]>): number[][] => [...batches].map(([x]) => [...x.dataSync()]);

describe('Dataset', () => {
  test('TensorDataset indexes rows of every tensor; map transforms lazily', () => {
    const ds = new TensorDataset(tensor([[1, 2], [3, 4], [5, 6]]), tensor([0, 1, 0], { dtype: 'int32' }));
    assert.equal(ds.length, 3);
    const [x, y] = ds.get(1);
    assert.deepEqual(x.toArray(), [3, 4]);
    assert.equal(y.item(), 1);
    let calls = 0;
    const doubled = ds.map(([xi, yi]) => {
      calls++;
      return { x: xi.mul(2), y: yi };
    });
    assert.equal(calls, 0);
    assert.deepEqual(doubled.get(2).x.toArray(), [10, 12]);
    assert.equal([...doubled].length, 3);
    assert.throws(() => ds.get(3), /index must be an integer in \[0, 3\), got 3/);
    assert.throws(() => new TensorDataset(tensor([1, 2]), tensor([1])), /tensors must share dimension 0/);
  });

  test('Dataset.fromArray and default collate follow the example structure', () => {
    const ds = Dataset.fromArray([
      { x: tensor([1, 2]), label: 1, tag: 'a', flag: true },
      { x: tensor([3, 4]), label: 0, tag: 'b', flag: false },
    ]);
    const batch = defaultCollate([ds.get(0), ds.get(1)]);
    assert.deepEqual(batch.x.toArray(), [[1, 2], [3, 4]]);
    assert.deepEqual(batch.label.toArray(), [1, 0]);
    assert.equal(batch.label.dtype, 'float32');
    assert.deepEqual(batch.tag, ['a', 'b']);
    assert.deepEqual(batch.flag.toArray(), [1, 0]);
    assert.throws(() => defaultCollate([tensor([1, 2]), tensor([1, 2, 3])]), (e: unknown) => e instanceof DataError && /example 0 is float32 \[2\], example 1 is float32 \[3\]/.test(e.message));
    assert.throws(() => defaultCollate([]), /no examples/);
  });
});

describe('DataLoader', () => {
  const ds = new TensorDataset(arange(10).reshape([10, 1]), arange(10));

  test('batches in order with a short last batch, or drops it', () => {
    const loader = new DataLoader(ds, { batchSize: 4 });
    assert.equal(loader.length, 3);
    assert.deepEqual(firstColumn(loader), [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    const dropping = new DataLoader(ds, { batchSize: 4, dropLast: true });
    assert.equal(dropping.length, 2);
    assert.deepEqual(firstColumn(dropping), [[0, 1, 2, 3], [4, 5, 6, 7]]);
  });

  test('seeded shuffling: a permutation, new every epoch, the same for the same seed', () => {
    const a = new DataLoader(ds, { batchSize: 3, shuffle: true, generator: new Generator(7) });
    const b = new DataLoader(ds, { batchSize: 3, shuffle: true, generator: new Generator(7) });
    const epoch1 = firstColumn(a).flat();
    const epoch2 = firstColumn(a).flat();
    assert.deepEqual([...epoch1].sort((p, q) => p - q), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.notDeepEqual(epoch1, epoch2);
    assert.notDeepEqual(epoch1, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual(firstColumn(b).flat(), epoch1);
    assert.deepEqual(firstColumn(b).flat(), epoch2);
    const c = new DataLoader(ds, { batchSize: 3, shuffle: true, generator: new Generator(8) });
    assert.notDeepEqual(firstColumn(c).flat(), epoch1);
  });

  test('x and y stay paired after shuffling', () => {
    for (const [x, y] of new DataLoader(ds, { batchSize: 4, shuffle: true, generator: new Generator(1) })) {
      assert.deepEqual([...x.dataSync()], [...y.dataSync()]);
    }
  });

  test('generic datasets go through collate; a custom collate may be given', () => {
    const items = Dataset.fromArray([1, 2, 3, 4, 5]).map((v) => [tensor([v, -v]), tensor(v % 2, { dtype: 'int32' })] as const);
    const batches = [...new DataLoader(items, { batchSize: 2 })];
    assert.deepEqual(batches[0]![0].toArray(), [[1, -1], [2, -2]]);
    assert.equal(batches[0]![1].dtype, 'int32');
    const sums = [...new DataLoader(Dataset.fromArray([1, 2, 3]), { batchSize: 2, collate: (xs) => xs.reduce((s, v) => s + v, 0) })];
    assert.deepEqual(sums, [3, 3]);
  });

  test('async examples: for await prefetches; plain for-of refuses with a DataError', async () => {
    let started = 0;
    const slow = Dataset.fromArray([0, 1, 2, 3, 4, 5, 6, 7]).map(async (v) => {
      started++;
      await new Promise((r) => setTimeout(r, 1));
      return tensor([v]);
    });
    const loader = new DataLoader(slow, { batchSize: 2, prefetch: 2 });
    const seen: number[][] = [];
    for await (const batch of loader) {
      // When the first batch arrives, the next `prefetch` batches are already being read.
      if (seen.length === 0) assert.equal(started, 6);
      seen.push([...batch.dataSync()]);
    }
    assert.deepEqual(seen, [[0, 1], [2, 3], [4, 5], [6, 7]]);
    assert.throws(() => [...loader], /iterate with `for await/);
  });

  test('errors in async examples surface where the batch is awaited', async () => {
    const failing = Dataset.fromArray([0, 1, 2, 3]).map(async (v) => {
      if (v === 3) throw new DataError('bad file 3');
      return tensor([v]);
    });
    await assert.rejects(async () => {
      for await (const _ of new DataLoader(failing, { batchSize: 1, prefetch: 3 })) void _;
    }, /bad file 3/);
  });

  test('bad options are ValueErrors', () => {
    assert.throws(() => new DataLoader(ds, { batchSize: 0 }), ValueError);
    assert.throws(() => new DataLoader(ds, { prefetch: -1 }), ValueError);
    assert.throws(() => new DataLoader({} as Dataset<number>), /dataset must have an integer length and a get\(index\) method/);
  });

  test('plugs into Model.fit and trains a tiny regression, re-iterated every epoch', async () => {
    const g = new Generator(3);
    const x = randn([64, 2], { generator: g });
    const y = x.matmul(tensor([[2], [-1]])).add(0.5);
    const model = new Model(new Sequential(new Linear(2, 1, { generator: g })));
    model.compile({ optimizer: 'sgd', learningRate: 0.1, loss: 'mse' });
    const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 16, shuffle: true, generator: new Generator(0) });
    const history = await model.fit(loader, { epochs: 30, verbose: 0 });
    const losses = history.history['loss']!;
    assert.equal(losses.length, 30);
    assert.ok(losses.at(-1)! < 1e-3, `final loss ${losses.at(-1)}`);
    assert.ok(losses.at(-1)! < losses[0]! / 100);
  });
});
