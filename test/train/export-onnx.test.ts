import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { TransformerTextModel } from '../../src/apps/text/index.js';
import {
  BatchNorm2d,
  Conv2d,
  Dropout,
  Flatten,
  GELU,
  Generator,
  GroupNorm,
  LayerNorm,
  LeakyReLU,
  Linear,
  MaxPool2d,
  Model,
  Module,
  randn,
  ReLU,
  Sequential,
  Softmax,
  type Tensor,
  tensor,
  TransformerEncoderLayer,
  ValueError,
  mul,
  AvgPool2d,
  GlobalAvgPool2d,
  Residual,
  BatchNorm1d,
  Tanh,
  Sigmoid,
} from '../../src/index.js';
import { decodeOnnxModel } from '../../src/io/index.js';
import { exportOnnx, onnxExportableLayers, registerOnnxConverter } from '../../src/train/index.js';

const TOLERANCE = 1e-4;

/** Runs the exported bytes in ONNX Runtime on float or int64 input. */
async function runOrt(bytes: Uint8Array, x: Tensor): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes, { logSeverityLevel: 3 });
  const input =
    x.dtype === 'int32'
      ? new ort.Tensor('int64', BigInt64Array.from(x.dataSync(), (v) => BigInt(v)), [...x.shape])
      : new ort.Tensor('float32', Float32Array.from(x.dataSync()), [...x.shape]);
  const result = await session.run({ input });
  return result.output!.data as Float32Array;
}

/** Exports `module` in eval mode and asserts ONNX Runtime agrees with Sprout on each input. */
async function assertRuntimeAgrees(module: Module, ...inputs: Tensor[]): Promise<void> {
  module.eval();
  const bytes = exportOnnx(module);
  for (const x of inputs) {
    const want = module.forward(x).dataSync();
    const got = await runOrt(bytes, x);
    assert.equal(got.length, want.length, `output size for input ${JSON.stringify(x.shape)}`);
    let worst = 0;
    for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
    assert.ok(worst <= TOLERANCE, `ONNX Runtime differs from Sprout by ${worst} for input ${JSON.stringify(x.shape)}`);
  }
}

describe('ONNX export, run in ONNX Runtime, matches Sprout within 1e-4', () => {
  test('an MLP (Linear, activations, Dropout, LayerNorm, BatchNorm1d, Residual, Softmax) at two batch sizes', async () => {
    const g = new Generator(1);
    const bn = new BatchNorm1d(16);
    const mlp = new Sequential(
      new Linear(10, 16, { generator: g }),
      bn,
      new ReLU(),
      new Dropout(0.3, { generator: g }),
      new Residual(new Sequential(new Linear(16, 16, { generator: g }), new Tanh())),
      new LeakyReLU(0.1),
      new GELU(),
      new Linear(16, 8, { generator: g }),
      new GELU('tanh'),
      new Sigmoid(),
      new LayerNorm(8),
      new Linear(8, 4, { generator: g }),
      new Softmax(-1),
    );
    mlp.train();
    mlp.forward(randn([32, 10], { generator: g })); // non-trivial running statistics
    await assertRuntimeAgrees(mlp, randn([7, 10], { generator: g }), randn([1, 10], { generator: g }));
  });

  test('a CNN (Conv2d, BatchNorm2d, ReLU, MaxPool2d, Flatten, Linear) and pooling variants', async () => {
    const g = new Generator(2);
    const cnn = new Sequential(
      new Conv2d(1, 6, 3, { padding: 1, generator: g }),
      new BatchNorm2d(6),
      new ReLU(),
      new MaxPool2d(2),
      new Conv2d(6, 4, [3, 2], { stride: [1, 2], padding: 'valid', generator: g }),
      new ReLU(),
      new Flatten(),
      new Linear(4 * 4 * 3, 10, { generator: g }),
    );
    cnn.train();
    cnn.forward(randn([8, 1, 12, 12], { generator: g }));
    await assertRuntimeAgrees(cnn, randn([3, 1, 12, 12], { generator: g }));
    const pools = new Sequential(
      new Conv2d(3, 4, 2, { padding: 'same', dilation: 1, generator: g }),
      new AvgPool2d(3, { stride: 2, padding: 1 }),
      new MaxPool2d(2, { stride: 1, padding: 1, dilation: 2 }),
      new Conv2d(4, 4, 3, { groups: 2, bias: false, generator: g }),
      new GlobalAvgPool2d(),
    );
    await assertRuntimeAgrees(pools, randn([2, 3, 9, 9], { generator: g }));
  });

  test('Transformer encoder layers: post-norm and pre-norm, ReLU and GELU, batch first or not, causal', async () => {
    const g = new Generator(3);
    const variants = [
      { batchFirst: true },
      { batchFirst: false, normFirst: true, activation: 'gelu' as const },
      { batchFirst: true, causal: true },
    ];
    for (const options of variants) {
      const layer = new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, generator: g, ...options });
      await assertRuntimeAgrees(layer, randn([3, 5, 8], { generator: g }), randn([2, 1, 8], { generator: g }));
    }
  });

  test("the text pipeline's TransformerTextModel (Embedding, encoder layers with a padding mask, masked mean, Linear)", async () => {
    const model = new TransformerTextModel({ idCount: 30, maxLength: 7, numClasses: 4, dModel: 16, nHead: 4, numLayers: 2, dimFeedforward: 32 }, new Generator(4));
    const ids = tensor(
      [
        [3, 5, 7, 0, 0, 0, 0],
        [1, 2, 3, 4, 5, 6, 29],
        [9, 0, 0, 0, 0, 0, 0],
      ],
      { dtype: 'int32' },
    );
    await assertRuntimeAgrees(model, ids, tensor([[4, 8, 15, 16, 23]], { dtype: 'int32' }));
  });
});

test('initializers carry the state-dict names, the input a dynamic batch, and a Model exports its module', () => {
  const g = new Generator(5);
  const model = new Model(new Sequential(new Linear(3, 4, { generator: g }), new ReLU(), new Linear(4, 2, { generator: g })));
  const onnx = decodeOnnxModel(exportOnnx(model, { metadata: { labels: '["no","yes"]' } }));
  assert.deepEqual(onnx.graph.initializers.map((t) => t.name).sort(), [...model.module.stateDict().keys()].sort());
  assert.deepEqual(onnx.graph.inputs, [{ name: 'input', dataType: 'float32', shape: ['batch', 3] }]);
  assert.deepEqual(onnx.opsetImports, [{ domain: '', version: 17 }]);
  assert.equal(onnx.metadata.labels, '["no","yes"]');
  assert.deepEqual(onnx.graph.nodes.map((n) => n.opType), ['Gemm', 'Relu', 'Gemm']);
});

test('a layer without a converter, or an option ONNX cannot express, fails with ValueError naming the layer', () => {
  const g = new Generator(6);
  assert.throws(() => exportOnnx(new Sequential(new Conv2d(1, 4, 3, { generator: g }), new GroupNorm(2, 4))), (e: unknown) => e instanceof ValueError && /'1' is a GroupNorm/.test(e.message));
  assert.throws(
    () => exportOnnx(new Sequential(new Linear(2, 3, { generator: g }), new BatchNorm1d(3, { trackRunningStats: false }))),
    (e: unknown) => e instanceof ValueError && /BatchNorm1d at '1\.' has trackRunningStats false/.test(e.message),
  );
  assert.throws(() => exportOnnx(new Sequential(new ReLU())), (e: unknown) => e instanceof ValueError && /pass inputShape/.test(e.message));
  assert.throws(() => exportOnnx(new Linear(2, 2, { dtype: 'float64', generator: g })), (e: unknown) => e instanceof ValueError && /'weight' is float64/.test(e.message));
});

class Scale extends Module {
  constructor(readonly factor: number) {
    super('OnnxTestScale');
  }

  forward(x: Tensor): Tensor {
    return mul(x, this.factor);
  }
}

test('registerOnnxConverter makes a custom layer exportable, once', async () => {
  registerOnnxConverter<Scale>('OnnxTestScale', (m, c, x) => c.node('Mul', [x!, c.scalar('factor', m.factor)]));
  assert.ok(onnxExportableLayers().includes('OnnxTestScale'));
  assert.throws(() => registerOnnxConverter('OnnxTestScale', (_m, _c, x) => x!), ValueError);
  const g = new Generator(7);
  await assertRuntimeAgrees(new Sequential(new Linear(3, 3, { generator: g }), new Scale(-2.5)), randn([2, 3], { generator: g }));
});

test('the graph output gets its own name even when the last layer adds no node', async () => {
  const g = new Generator(8);
  const onnx = decodeOnnxModel(exportOnnx(new Sequential(new Linear(2, 2, { generator: g }), new Dropout(0.5, { generator: g }))));
  assert.deepEqual(
    onnx.graph.nodes.map((n) => [n.opType, n.outputs]),
    [['Gemm', ['output']]],
  );
  const identity = exportOnnx(new Dropout(0.5, { generator: g }), { inputShape: ['batch', 3] });
  assert.deepEqual(decodeOnnxModel(identity).graph.nodes.map((n) => n.opType), ['Identity']);
  const x = randn([2, 3], { generator: g });
  assert.deepEqual(Array.from(await runOrt(identity, x)), Array.from(x.dataSync()));
});
