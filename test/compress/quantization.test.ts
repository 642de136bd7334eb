/**
 * Post-training int8 quantisation: the per-layer error stays inside its analytical bound, a
 * quantised model predicts like the float one, and it saves (int8 weights as safetensors I8) and
 * loads back to identical outputs.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  ActivationObserver,
  affineParams,
  argmax,
  Conv2d,
  conv2d,
  Dropout,
  Flatten,
  full,
  Generator,
  Linear,
  MaxPool2d,
  Model,
  modelFromArtifacts,
  modelSize,
  modelToArtifacts,
  QuantizedConv2d,
  QuantizedLinear,
  quantizeInt8,
  randn,
  ReLU,
  Sequential,
  tensor,
  type Tensor,
  ValueError,
} from '../../src/index.js';
import { loadModel, saveModel } from '../../src/node/index.js';

const dir = mkdtempSync(join(tmpdir(), 'sprout-quantize-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Every element of |a − b| within bound (plus float rounding). */
function assertWithin(a: Tensor, b: Tensor, bound: Tensor): void {
  const diff = a.sub(b).abs().dataSync();
  const limit = bound.dataSync();
  for (let i = 0; i < diff.length; i++) assert.ok(diff[i]! <= limit[i]! * 1.0001 + 1e-5, `element ${i}: error ${diff[i]} > bound ${limit[i]}`);
}

describe('per-layer error bounds', () => {
  // With x̂ = x + δx (|δx| ≤ sx/2, no saturation because the range is calibrated on x itself) and
  // ŵ = w + δw (|δw_o| ≤ sw_o/2): |ŷ − y| = |Σ x̂ŵ − x w| ≤ Σ_k |x_k|·sw_o/2 + |ŵ_ok|·sx/2.
  const g = new Generator(3);

  test('QuantizedLinear stays within Σ|x|·sw/2 + Σ|ŵ|·sx/2 of Linear', () => {
    const linear = new Linear(64, 16, { generator: g });
    const x = randn([32, 64], { generator: g }).mul(2);
    const input = affineParams(x.min().item(), x.max().item());
    const q = QuantizedLinear.fromLinear(linear, input);
    const bound = x.abs().matmul(q.weightScale.div(2).reshape([1, -1]).expand([64, 16])).add(full([32, 64], input.scale / 2).matmul(q.dequantizedWeight().abs().transpose()));
    assertWithin(q.forward(x), linear.forward(x), bound);
    // The bound is not vacuous: the error is a small fraction of the output scale.
    assert.ok(q.forward(x).sub(linear.forward(x)).abs().max().item() < 0.02 * linear.forward(x).abs().max().item());
  });

  test('QuantizedConv2d stays within the same bound, taken through the convolution', () => {
    const conv = new Conv2d(3, 8, 3, { padding: 1, stride: 2, generator: g });
    const x = randn([4, 3, 10, 10], { generator: g });
    const input = affineParams(x.min().item(), x.max().item());
    const q = QuantizedConv2d.fromConv2d(conv, input);
    const options = { padding: 1, stride: 2 } as const;
    const halfScales = q.weightScale.div(2).reshape([8, 1, 1, 1]).expand([8, 3, 3, 3]).contiguous();
    const bound = conv2d(x.abs(), halfScales, null, options).add(conv2d(full(x.shape, input.scale / 2), q.dequantizedWeight().abs(), null, options));
    assertWithin(q.forward(x), conv.forward(x), bound);
  });
});

describe('quantizeInt8', () => {
  const g = new Generator(11);
  const cnn = new Sequential(
    new Conv2d(1, 4, 3, { padding: 1, generator: g }),
    new ReLU(),
    new MaxPool2d(2),
    new Sequential(new Flatten(), new Dropout(0.2), new Linear(4 * 4 * 4, 12, { generator: g })),
    new ReLU(),
    new Linear(12, 3, { generator: g }),
  );
  const x = randn([64, 1, 8, 8], { generator: g });

  test('converts every Linear and Conv2d reachable through Sequentials and keeps the float model unchanged', () => {
    const before = cnn.stateDict().get('0.weight')!.clone();
    const { module, quantizedLayerCount } = quantizeInt8(cnn, x, { batchSize: 16 });
    assert.equal(quantizedLayerCount, 3);
    const types = [...module.namedModules()].map(([, m]) => m.typeName);
    assert.deepEqual(types.filter((t) => t.startsWith('Quantized')), ['QuantizedConv2d', 'QuantizedLinear', 'QuantizedLinear']);
    assert.ok(!types.includes('Linear') && !types.includes('Conv2d'));
    assert.equal(module.training, false);
    assert.deepEqual(cnn.stateDict().get('0.weight')!.toArray(), before.toArray());
    assert.equal(module.parameterCount(), 0);
  });

  test('the int8 model agrees with the float model on the calibration data', () => {
    const { module } = quantizeInt8(cnn, x);
    cnn.eval();
    const float = cnn.forward(x);
    cnn.train();
    const int8 = new Model(module).predict(x);
    const same = argmax(float, 1).eq(argmax(int8, 1)).cast('float32').mean().item();
    assert.ok(same >= 0.95, `agreement ${same}`);
    assert.ok(int8.sub(float).abs().max().item() < 0.05 * float.abs().max().item());
  });

  test('percentile calibration narrows the range compared with min/max', () => {
    const values = tensor([...Array.from({ length: 9999 }, (_, i) => (i % 100) / 100), 50]);
    const minmax = new ActivationObserver();
    const percentile = new ActivationObserver({ method: 'percentile', percentile: 99.9 });
    minmax.update(values);
    percentile.update(values);
    assert.equal(minmax.range().max, 50);
    assert.ok(percentile.range().max < 1);
    assert.throws(() => new ActivationObserver({ method: 'percentile', percentile: 40 }), /percentile must be in/);
    assert.throws(() => new ActivationObserver().range(), /no finite value/);
  });

  test('refuses a model without quantisable layers and an empty calibration set', () => {
    assert.throws(() => quantizeInt8(new Sequential(new ReLU()), x), /nothing can be quantised/);
    assert.throws(() => quantizeInt8(cnn, randn([0, 1, 8, 8])), ValueError);
  });
});

describe('saving and loading quantised models', () => {
  const g = new Generator(5);
  const mlp = new Sequential(new Linear(100, 64, { generator: g }), new ReLU(), new Linear(64, 32, { generator: g }), new ReLU(), new Linear(32, 5, { generator: g }));
  const x = randn([50, 100], { generator: g });
  const { module } = quantizeInt8(mlp, x);
  const int8 = new Model(module);

  test('artifacts round trip: same outputs; weights stored as I8; ≤ 30 % of the float size', () => {
    const artifacts = modelToArtifacts(int8);
    const header = JSON.parse(new TextDecoder().decode(artifacts.weights.subarray(8, 8 + Number(new DataView(artifacts.weights.buffer, artifacts.weights.byteOffset).getBigUint64(0, true))))) as Record<string, { dtype: string }>;
    assert.equal(header['0.weight']!.dtype, 'I8');
    assert.equal(header['0.weightScale']!.dtype, 'F32');
    const restored = modelFromArtifacts(artifacts);
    assert.deepEqual(restored.predict(x).toArray(), int8.predict(x).toArray());
    const ratio = artifacts.weights.length / modelToArtifacts(new Model(mlp)).weights.length;
    assert.ok(ratio <= 0.3, `size ratio ${ratio}`);
    // modelSize leaves out the file's small metadata block (format and version strings).
    assert.ok(Math.abs(modelSize(module).bytes - artifacts.weights.length) < 128);
  });

  test('saveModel / loadModel round trip on disk', async () => {
    const folder = join(dir, 'int8');
    await saveModel(int8, folder);
    const { model, config } = await loadModel(folder);
    assert.equal(config.architecture.type, 'Sequential');
    assert.ok(JSON.stringify(config.architecture).includes('QuantizedLinear'));
    assert.deepEqual(model.predict(x).toArray(), int8.predict(x).toArray());
    assert.ok(readFileSync(join(folder, 'model.safetensors')).length < 0.3 * modelToArtifacts(new Model(mlp)).weights.length);
  });

  test('loading new weights into a quantised layer refreshes its cached int8 arrays', () => {
    const a = QuantizedLinear.fromLinear(new Linear(8, 3, { generator: g }), affineParams(-1, 1));
    const b = QuantizedLinear.fromLinear(new Linear(8, 3, { generator: g }), affineParams(-2, 2));
    const input = randn([4, 8], { generator: g });
    const before = a.forward(input).toArray();
    a.loadStateDict(b.stateDict());
    assert.notDeepEqual(a.forward(input).toArray(), before);
    assert.deepEqual(a.forward(input).toArray(), b.forward(input).toArray());
  });

  test('a weight outside the int8 range is refused on save and on use', () => {
    const q = QuantizedLinear.fromLinear(new Linear(4, 2, { generator: g }), affineParams(-1, 1));
    const state = q.stateDict();
    state.get('weight')!.assign_(tensor([[300, 0, 0, 0], [0, 0, 0, 0]], { dtype: 'int32' }));
    assert.throws(() => q.forward(randn([1, 4])), /outside the int8 range/);
    assert.throws(() => modelToArtifacts(new Model(q)), /outside \[-128, 127\]/);
  });
});
