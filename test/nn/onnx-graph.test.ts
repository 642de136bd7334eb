import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TransformerTextModel } from '../../src/apps/text/index.js';
import {
  BatchNorm2d,
  Conv2d,
  crossEntropy,
  Flatten,
  Generator,
  importOnnx,
  Linear,
  MaxPool2d,
  Model,
  ModelFormatError,
  type Module,
  type OnnxGraphModule,
  randn,
  ReLU,
  Sequential,
  SGD,
  type Tensor,
  tensor,
  TransformerEncoderLayer,
} from '../../src/index.js';
import { encodeOnnxModel, type OnnxGraph, type OnnxNode } from '../../src/io/index.js';
import { exportOnnx, modelFromArtifacts, modelToArtifacts } from '../../src/train/index.js';

function assertSame(actual: Tensor, expected: Tensor, what: string): void {
  assert.deepEqual(actual.shape, expected.shape, `${what}: shape`);
  const a = actual.dataSync();
  const e = expected.dataSync();
  for (let i = 0; i < e.length; i++) assert.ok(Math.abs(a[i]! - e[i]!) <= 1e-6, `${what}: element ${i} is ${a[i]}, expected ${e[i]}`);
}

/** export → import → the imported module computes what the original does. */
function assertRoundTrip(module: Module, x: Tensor, what: string): OnnxGraphModule {
  module.eval();
  const imported = importOnnx(exportOnnx(module));
  imported.eval();
  assertSame(imported.forward(x), module.forward(x), what);
  return imported;
}

test('export then import reproduces an MLP, a CNN, an encoder layer and the text transformer', () => {
  const g = new Generator(11);
  assertRoundTrip(new Sequential(new Linear(6, 8, { generator: g }), new ReLU(), new Linear(8, 3, { generator: g })), randn([4, 6], { generator: g }), 'MLP');
  const cnn = new Sequential(new Conv2d(2, 4, 3, { padding: 1, generator: g }), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(4 * 3 * 3, 5, { generator: g }));
  cnn.train();
  cnn.forward(randn([5, 2, 6, 6], { generator: g }));
  const imported = assertRoundTrip(cnn, randn([3, 2, 6, 6], { generator: g }), 'CNN');
  // Weights are parameters, batch-norm statistics buffers, as in the original.
  assert.equal(imported.parameterCount(), cnn.parameterCount());
  assertRoundTrip(new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, batchFirst: true, causal: true, generator: g }), randn([2, 4, 8], { generator: g }), 'encoder layer');
  const text = new TransformerTextModel({ idCount: 15, maxLength: 5, numClasses: 3, dModel: 8, nHead: 2, numLayers: 1 }, g);
  assertRoundTrip(text, tensor([[4, 9, 0, 0, 0], [1, 2, 3, 4, 14]], { dtype: 'int32' }), 'TransformerTextModel');
});

test('an imported model trains, saves and loads like any other', () => {
  const g = new Generator(12);
  const imported = importOnnx(exportOnnx(new Sequential(new Linear(4, 8, { generator: g }), new ReLU(), new Linear(8, 3, { generator: g }))));
  const x = randn([16, 4], { generator: g });
  const y = tensor(Array.from({ length: 16 }, (_, i) => i % 3), { dtype: 'int32' });
  const optimizer = new SGD(imported.parameters(), { lr: 0.5 });
  const before = crossEntropy(imported.forward(x), y).item();
  for (let step = 0; step < 20; step++) {
    optimizer.zeroGrad();
    const loss = crossEntropy(imported.forward(x), y);
    loss.backward();
    optimizer.step();
  }
  const after = crossEntropy(imported.forward(x), y).item();
  assert.ok(after < before * 0.9, `loss should fall when fine-tuning an imported model: ${before} → ${after}`);

  const artifacts = modelToArtifacts(new Model(imported));
  assert.equal(artifacts.config.architecture.type, 'OnnxGraph');
  const restored = modelFromArtifacts({ config: JSON.parse(JSON.stringify(artifacts.config)) as unknown, weights: artifacts.weights });
  assertSame(restored.module.forward(x), imported.forward(x), 'reloaded imported model');
});

function graphModel(nodes: OnnxNode[], extra: Partial<OnnxGraph> = {}): Uint8Array {
  return encodeOnnxModel({
    irVersion: 8,
    opsetImports: [{ domain: '', version: 17 }],
    producerName: 'test',
    producerVersion: '0',
    metadata: {},
    graph: {
      name: 'g',
      inputs: [{ name: 'x', dataType: 'float32', shape: ['batch', 4] }],
      outputs: [{ name: 'y', dataType: 'float32', shape: null }],
      initializers: [],
      nodes,
      ...extra,
    },
  });
}

const node = (name: string, opType: string, inputs: string[], outputs: string[], attributes: OnnxNode['attributes'] = {}, domain = ''): OnnxNode => ({ name, opType, domain, inputs, outputs, attributes });

test('an operator outside the supported set is a ModelFormatError naming the operator and the node', () => {
  const rejects = (bytes: Uint8Array, pattern: RegExp): void => {
    assert.throws(() => importOnnx(bytes), (e: unknown) => e instanceof ModelFormatError && pattern.test(e.message));
  };
  rejects(graphModel([node('act', 'Relu', ['x'], ['h']), node('rnn0', 'LSTM', ['h'], ['y'])]), /node 'rnn0' uses the operator LSTM.*supported: .*Conv/);
  rejects(graphModel([node('custom', 'FusedGelu', ['x'], ['y'], {}, 'com.microsoft')]), /node 'custom'.*FusedGelu.*domain 'com\.microsoft'/);
  rejects(graphModel([node('late', 'Add', ['x', 'z'], ['y'])]), /node 'late' \(Add\) reads 'z'/);
  // An attribute value the op does not implement fails when the node runs, naming it.
  const ceil = importOnnx(graphModel([node('pool', 'MaxPool', ['x'], ['y'], { kernel_shape: { type: 'ints', value: [2, 2] }, ceil_mode: { type: 'int', value: 1 } })]));
  assert.throws(() => ceil.forward(randn([1, 1, 4, 4])), (e: unknown) => e instanceof ModelFormatError && /node 'pool' \(MaxPool\) uses ceil_mode = 1/.test(e.message));
});

test('operators in the forms PyTorch writes (Constant, Gemm with alpha/beta/transA, Slice, Concat, Squeeze) compute what they should', () => {
  // y = concat(0.5·(xᵀ)ᵀ·W + 2·b, x[:, 1:3]) then squeeze of a unit axis: [2, 3 + 2]
  const w = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const bytes = graphModel(
    [
      node('w', 'Constant', [], ['W'], { value: { type: 'tensor', value: { name: '', dataType: 'float32', dims: [4, 3], values: Float32Array.from(w) } } }),
      node('b', 'Constant', [], ['B'], { value_floats: { type: 'floats', value: [1, -1, 0.5] } }),
      node('t', 'Transpose', ['x'], ['xt'], {}),
      node('gemm', 'Gemm', ['xt', 'W', 'B'], ['g'], { transA: { type: 'int', value: 1 }, alpha: { type: 'float', value: 0.5 }, beta: { type: 'float', value: 2 } }),
      node('starts', 'Constant', [], ['s'], { value_ints: { type: 'ints', value: [1] } }),
      node('ends', 'Constant', [], ['e'], { value_ints: { type: 'ints', value: [3] } }),
      node('axes', 'Constant', [], ['a'], { value_ints: { type: 'ints', value: [1] } }),
      node('slice', 'Slice', ['x', 's', 'e', 'a'], ['sl']),
      node('cat', 'Concat', ['g', 'sl'], ['c'], { axis: { type: 'int', value: 1 } }),
      node('unsq', 'Unsqueeze', ['c', 'a'], ['u']),
      node('sq', 'Squeeze', ['u', 'a'], ['y']),
    ],
    { inputs: [{ name: 'x', dataType: 'float32', shape: [2, 4] }] },
  );
  const x = [
    [1, 0, -1, 2],
    [0.5, 3, 1, -2],
  ];
  const y = importOnnx(bytes).forward(tensor(x));
  const expected = x.map((row, r) => [
    ...[0, 1, 2].map((j) => 0.5 * row.reduce((s, v, k) => s + v * w[k * 3 + j]!, 0) + 2 * [1, -1, 0.5][j]!),
    x[r]![1]!,
    x[r]![2]!,
  ]);
  assertSame(y, tensor(expected), 'hand-built graph');
});

test('corrupted ONNX bytes are refused with ModelFormatError, never another error', () => {
  const g = new Generator(13);
  const bytes = exportOnnx(new Sequential(new Conv2d(1, 2, 3, { generator: g }), new ReLU(), new Flatten(), new Linear(8, 2, { generator: g })));
  const random = new Generator(14);
  const draws = randn([600], { generator: random }).dataSync();
  let refused = 0;
  for (let trial = 0; trial < 200; trial++) {
    const copy = bytes.slice(0, trial % 4 === 0 ? Math.floor(Math.abs(draws[3 * trial]!) * bytes.length) % bytes.length : bytes.length);
    for (let k = 0; k < 3; k++) {
      const at = Math.floor(Math.abs(draws[3 * trial + k]!) * 7919 * (k + 1)) % Math.max(1, copy.length);
      copy[at] = (copy[at]! + 1 + Math.floor(Math.abs(draws[(3 * trial + k + 1) % 600]!) * 255)) % 256;
    }
    try {
      importOnnx(copy);
    } catch (error) {
      assert.ok(error instanceof ModelFormatError, `trial ${trial}: expected ModelFormatError, got ${String(error)}`);
      refused++;
    }
  }
  assert.ok(refused > 0, 'some corruptions must be detected');
});
