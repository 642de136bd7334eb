import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  Generator,
  GELU,
  Linear,
  type Module,
  ModelFormatError,
  mean,
  noGrad,
  randn,
  ReLU,
  Sequential,
  ShapeError,
  Sigmoid,
  Tanh,
  tensor,
  ValueError,
} from '../../src/index.js';

function mlp(seed: number): Sequential {
  const g = new Generator(seed);
  return new Sequential(new Linear(4, 8, { generator: g }), new ReLU(), new Linear(8, 3, { generator: g }));
}

function flat(t: { dataSync(): ArrayLike<number> }): number[] {
  return Array.from(t.dataSync());
}

describe('Module', () => {
  test('state-dict names are dotted paths in registration order, as in PyTorch', () => {
    assert.deepEqual([...mlp(0).stateDict().keys()], ['0.weight', '0.bias', '2.weight', '2.bias']);
  });

  test('parameterCount and parameters() cover every weight and bias', () => {
    const model = mlp(0);
    assert.equal(model.parameterCount(), 4 * 8 + 8 + 8 * 3 + 3);
    assert.equal(model.parameters().length, 4);
    assert.ok(model.parameters().every((p) => p.requiresGrad && p.isLeaf));
  });

  test('loadStateDict copies values in place so held parameter tensors see them', () => {
    const a = mlp(1);
    const b = mlp(2);
    const held = b.parameters()[0]!;
    assert.notDeepEqual(flat(held), flat(a.parameters()[0]!));
    b.loadStateDict(a.stateDict());
    assert.deepEqual(flat(held), flat(a.parameters()[0]!));
    const x = randn([5, 4], { generator: new Generator(3) });
    assert.deepEqual(flat(b.forward(x)), flat(a.forward(x)));
  });

  test('loadStateDict refuses missing or unexpected names and wrong shapes, changing nothing', () => {
    const model = mlp(1);
    const before = flat(model.parameters()[0]!);
    const state = mlp(2).stateDict();
    state.delete('2.bias');
    assert.throws(() => model.loadStateDict(state), (e: unknown) => e instanceof ModelFormatError && /missing: 2\.bias/.test(e.message));
    const wrong = mlp(2).stateDict();
    wrong.set('2.bias', tensor([1, 2]));
    assert.throws(() => model.loadStateDict(wrong), (e: unknown) => e instanceof ShapeError && /'2\.bias' has shape \[2\], the model expects \[3\]/.test(e.message));
    assert.deepEqual(flat(model.parameters()[0]!), before);
    const extra = mlp(2).stateDict();
    extra.set('9.weight', tensor([1]));
    assert.throws(() => model.loadStateDict(extra), /unexpected: 9\.weight/);
    model.loadStateDict(extra, { strict: false });
    assert.notDeepEqual(flat(model.parameters()[0]!), before);
  });

  test('train() and eval() switch the whole tree', () => {
    const model = mlp(0);
    const modes = (m: Module): boolean[] => [...m.namedModules()].map(([, x]) => x.training);
    assert.ok(modes(model).every((t) => t));
    model.eval();
    assert.ok(modes(model).every((t) => !t));
    model.train();
    assert.ok(modes(model).every((t) => t));
  });

  test('zeroGrad clears every parameter gradient after a backward pass', () => {
    const model = mlp(0);
    mean(model.forward(randn([2, 4]))).backward();
    assert.ok(model.parameters().every((p) => p.grad !== null));
    model.zeroGrad();
    assert.ok(model.parameters().every((p) => p.grad === null));
  });

  test('summary lists each module with its type, parameter shapes and the total', () => {
    const text = mlp(0).summary();
    assert.match(text, /^0\s+Linear\s+\[8, 4\] \[8\]\s+40$/m);
    assert.match(text, /^1\s+ReLU\s+0$/m);
    assert.match(text, /trainable parameters: 67/);
  });

  test('Sequential rejects non-modules and out-of-range indices', () => {
    assert.throws(() => new Sequential(42 as unknown as Module), ValueError);
    assert.throws(() => mlp(0).at(5), /no layer at index 5/);
    assert.equal(mlp(0).at(-1).typeName, 'Linear');
  });
});

describe('Linear', () => {
  test('computes x Wᵀ + b', () => {
    const layer = new Linear(3, 2);
    noGrad(() => {
      layer.weight.assign_(tensor([[1, 2, 3], [4, 5, 6]]));
      layer.bias!.assign_(tensor([0.5, -1]));
    });
    assert.deepEqual(layer.forward(tensor([[1, 0, -1], [2, 1, 0]])).toArray(), [[-1.5, -3], [4.5, 12]]);
  });

  test('default initialisation is U(−1/√in, 1/√in) for weight and bias (PyTorch)', () => {
    const layer = new Linear(100, 50, { generator: new Generator(0) });
    const bound = 1 / Math.sqrt(100);
    const w = flat(layer.weight);
    assert.ok(w.every((v) => Math.abs(v) <= bound));
    assert.ok(Math.max(...w) > 0.9 * bound && Math.min(...w) < -0.9 * bound, 'draws should span the interval');
    assert.ok(flat(layer.bias!).every((v) => Math.abs(v) <= bound));
  });

  test('the same generator seed builds the same layer', () => {
    assert.deepEqual(flat(new Linear(5, 4, { generator: new Generator(9) }).weight), flat(new Linear(5, 4, { generator: new Generator(9) }).weight));
  });

  test('works on inputs with extra leading dimensions and without a batch dimension', () => {
    const layer = new Linear(4, 2);
    assert.deepEqual(layer.forward(randn([3, 5, 4])).shape, [3, 5, 2]);
    assert.deepEqual(layer.forward(randn([4])).shape, [2]);
  });

  test('names the expected feature count when the input does not fit', () => {
    assert.throws(() => new Linear(784, 10).forward(randn([32, 128])), (e: unknown) => e instanceof ShapeError && e.message === 'Linear: input must end in 784 features, got [32, 128]');
    assert.throws(() => new Linear(0, 10), /inFeatures must be a positive integer, got 0/);
  });

  test('gradients match the closed form dW = gᵀx, db = Σg', () => {
    const layer = new Linear(3, 2, { generator: new Generator(1) });
    const x = randn([4, 3], { generator: new Generator(2) });
    const g = randn([4, 2], { generator: new Generator(3) });
    layer.forward(x).backward(g);
    const xs = x.toArray() as number[][];
    const gs = g.toArray() as number[][];
    const dW = [0, 1].map((o) => [0, 1, 2].map((i) => xs.reduce((s, row, n) => s + gs[n]![o]! * row[i]!, 0)));
    const db = [0, 1].map((o) => gs.reduce((s, row) => s + row[o]!, 0));
    (layer.weight.grad!.toArray() as number[][]).forEach((row, o) => row.forEach((v, i) => assert.ok(Math.abs(v - dW[o]![i]!) < 1e-5)));
    (layer.bias!.grad!.toArray() as number[]).forEach((v, o) => assert.ok(Math.abs(v - db[o]!) < 1e-5));
  });
});

describe('activation layers', () => {
  test('apply their ops and have no parameters', () => {
    const x = tensor([-2, 0.5]);
    const cases: [Module, number[]][] = [
      [new ReLU(), [0, 0.5]],
      [new Sigmoid(), [1 / (1 + Math.exp(2)), 1 / (1 + Math.exp(-0.5))]],
      [new Tanh(), [Math.tanh(-2), Math.tanh(0.5)]],
      [new GELU(), [-0.04550026389635842, 0.3457312306370365]],
    ];
    for (const [layer, expected] of cases) {
      assert.equal(layer.parameterCount(), 0);
      flat(layer.forward(x)).forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-6, `${layer.typeName}: ${v} vs ${expected[i]}`));
    }
  });
});
