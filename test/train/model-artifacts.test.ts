import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  Adam,
  type CompileOptions,
  crossEntropy,
  decodeSafetensors,
  defaultGenerator,
  encodeSafetensors,
  Generator,
  Linear,
  Model,
  ModelFormatError,
  Module,
  randn,
  ReLU,
  Sequential,
  SGD,
  tensor,
  type Tensor,
  ValueError,
} from '../../src/index.js';
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, modelFromArtifacts, modelToArtifacts, type ModelArtifacts } from '../../src/train/model-artifacts.js';
import { SPROUT_VERSION } from '../../src/train/version.js';

function mlp(seed: number, dtype: 'float32' | 'float64' = 'float32'): Model {
  const g = new Generator(seed);
  return new Model(new Sequential(new Linear(4, 8, { generator: g, dtype }), new ReLU(), new Linear(8, 3, { generator: g, dtype })));
}

function bytesOf(t: Tensor): Buffer {
  const data = t.dataSync();
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** The artifacts as they come back from disk: config through JSON text. */
function throughJson(a: ModelArtifacts): { config: unknown; weights: Uint8Array } {
  return { config: JSON.parse(JSON.stringify(a.config)), weights: a.weights };
}

function editConfig(a: ModelArtifacts, edit: (config: Record<string, unknown>) => void): { config: unknown; weights: Uint8Array } {
  const config = JSON.parse(JSON.stringify(a.config)) as Record<string, unknown>;
  edit(config);
  return { config, weights: a.weights };
}

function throwsFormat(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ModelFormatError, `expected ModelFormatError, got ${String(error)}`);
    assert.match(error.message, pattern);
    return true;
  });
}

const x = randn([5, 4], { generator: new Generator(7) });
const y = tensor([0, 1, 2, 0, 1], { dtype: 'int32' });

describe('Model.compileOptions', () => {
  test('is null before compile and the options as given after', () => {
    const model = mlp(1);
    assert.equal(model.compileOptions, null);
    const options = { optimizer: 'adam', learningRate: 0.01, loss: 'crossEntropy', metrics: ['accuracy'] } as const;
    model.compile(options);
    assert.ok(model.compileOptions === options);
    const sgd = new SGD(model.module.parameters(), { lr: 0.1 });
    model.compile({ optimizer: sgd, loss: crossEntropy });
    // Read through a function: the assertion above narrowed the property's type to the first options.
    const current = (m: Model): CompileOptions | null => m.compileOptions;
    assert.equal(current(model)?.optimizer, sgd);
    assert.equal(current(model)?.loss, crossEntropy);
  });
});

describe('modelToArtifacts / modelFromArtifacts', () => {
  test('round trip gives bit-identical predictions, the same config and the same weight bytes', () => {
    const model = mlp(1);
    model.compile({ optimizer: 'adam', learningRate: 0.01, loss: 'crossEntropy', metrics: ['accuracy'] });
    const saved = modelToArtifacts(model, { labels: ['a', 'b', 'c'], metadata: { dataset: 'blobs', rows: 5, nested: { ok: [1, null, true] } } });
    const loaded = modelFromArtifacts(throughJson(saved));
    assert.ok(bytesOf(loaded.predict(x)).equals(bytesOf(model.predict(x))));
    const again = modelToArtifacts(loaded, { labels: ['a', 'b', 'c'], metadata: { dataset: 'blobs', rows: 5, nested: { ok: [1, null, true] } } });
    assert.deepEqual(again.config, saved.config);
    assert.ok(Buffer.from(again.weights).equals(Buffer.from(saved.weights)));
  });

  test('the config records format, versions, architecture, compile settings, labels, metadata and tensors', () => {
    const model = mlp(1);
    model.compile({ optimizer: 'Adam', learningRate: 0.01, loss: 'crossEntropy', metrics: ['acc'] });
    const { config, weights } = modelToArtifacts(model, { labels: ['a', 'b', 'c'], metadata: { note: 'x' } });
    assert.equal(config.format, MODEL_FORMAT);
    assert.equal(config.formatVersion, MODEL_FORMAT_VERSION);
    assert.equal(config.sproutVersion, SPROUT_VERSION);
    assert.equal(config.architecture.type, 'Sequential');
    assert.deepEqual(config.compile, {
      optimizer: { name: 'adam', config: { lr: 0.01, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false } },
      loss: 'crossEntropy',
      metrics: ['acc'],
    });
    assert.deepEqual(config.labels, ['a', 'b', 'c']);
    assert.deepEqual(config.metadata, { note: 'x' });
    assert.deepEqual(config.tensors, [
      { name: '0.weight', shape: [8, 4], dtype: 'float32' },
      { name: '0.bias', shape: [8], dtype: 'float32' },
      { name: '2.weight', shape: [3, 8], dtype: 'float32' },
      { name: '2.bias', shape: [3], dtype: 'float32' },
    ]);
    // The weights are plain safetensors that other tools can read.
    const decoded = decodeSafetensors(weights);
    assert.deepEqual([...decoded.tensors.keys()].sort(), ['0.bias', '0.weight', '2.bias', '2.weight']);
    assert.equal(decoded.metadata['format'], 'sprout');
  });

  test('compile settings are restored, so fit continues with the same optimiser kind and hyper-parameters', async () => {
    const model = mlp(2);
    model.compile({ optimizer: 'sgd', learningRate: 0.2, loss: 'crossEntropy', metrics: ['accuracy'] });
    await model.fit(x, y, { epochs: 2, verbose: 0, shuffle: false });
    const loaded = modelFromArtifacts(throughJson(modelToArtifacts(model)));
    assert.ok(loaded.optimizer instanceof SGD);
    assert.equal(loaded.optimizer.lr, 0.2);
    assert.deepEqual(loaded.metricNames, ['accuracy']);
    assert.equal(loaded.compileOptions?.loss, 'crossEntropy');
    // SGD without momentum has no state, so both continue on exactly the same trajectory.
    const a = await model.fit(x, y, { epochs: 3, verbose: 0, shuffle: false });
    const b = await loaded.fit(x, y, { epochs: 3, verbose: 0, shuffle: false });
    assert.deepEqual(b.history, a.history);
    assert.ok(bytesOf(loaded.predict(x)).equals(bytesOf(model.predict(x))));
  });

  test('an optimiser object of a named kind is recorded by its registry name and first group', () => {
    const model = mlp(3);
    model.compile({ optimizer: new SGD(model.module.parameters(), { lr: 0.05, momentum: 0.9, nesterov: true }), loss: 'mse' });
    const { config } = modelToArtifacts(model);
    assert.deepEqual(config.compile?.optimizer, { name: 'sgd', config: { lr: 0.05, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: true } });
    const loaded = modelFromArtifacts(throughJson(modelToArtifacts(model)));
    assert.deepEqual(loaded.optimizer instanceof SGD && loaded.optimizer.paramGroups[0]!.hyper, (model.optimizer as SGD).paramGroups[0]!.hyper);
  });

  test('the learning rate recorded is the current one (after a schedule changed it)', () => {
    const model = mlp(3);
    model.compile({ optimizer: 'adam', loss: 'crossEntropy' });
    model.optimizer.lr = 1e-4;
    assert.equal(modelToArtifacts(model).config.compile?.optimizer.config['lr'], 1e-4);
  });

  test('a custom optimiser, a loss function or a metric object record compile: null and load uncompiled', async () => {
    const custom = mlp(4);
    custom.compile({ optimizer: { step() {}, zeroGrad() {}, lr: 0.1 }, loss: 'mse' });
    const subclass = mlp(4);
    class MyAdam extends Adam {}
    subclass.compile({ optimizer: new MyAdam(subclass.module.parameters()), loss: 'crossEntropy' });
    const lossFn = mlp(4);
    lossFn.compile({ optimizer: 'adam', loss: crossEntropy });
    const uncompiled = mlp(4);
    for (const model of [custom, subclass, lossFn, uncompiled]) {
      const saved = modelToArtifacts(model);
      assert.equal(saved.config.compile, null);
      const loaded = modelFromArtifacts(throughJson(saved));
      assert.equal(loaded.compileOptions, null);
      await assert.rejects(loaded.fit(x, y, { verbose: 0 }), ValueError);
    }
  });

  test('saving and loading leave the default generator where it was', () => {
    const model = mlp(5);
    const before = defaultGenerator.getState();
    const saved = modelToArtifacts(model);
    modelFromArtifacts(throughJson(saved));
    assert.deepEqual(defaultGenerator.getState(), before);
  });

  test('saving refuses what could not be loaded: unregistered layers, dtypes configs cannot express, bad labels and metadata', () => {
    class Scale extends Module {
      constructor() {
        super('ScaleNotRegistered');
      }
      forward(t: Tensor): Tensor {
        return t;
      }
    }
    assert.throws(() => modelToArtifacts(new Model(new Sequential(new Linear(2, 2), new Scale()))), /ScaleNotRegistered.*not a registered layer/);
    assert.throws(() => modelToArtifacts(mlp(1, 'float64')), (e: unknown) => e instanceof ValueError && /'0\.weight'.*float32.*float64/.test(e.message));
    assert.throws(() => modelToArtifacts(mlp(1), { labels: ['a', 3] as unknown as string[] }), /labels must be an array of strings/);
    assert.throws(() => modelToArtifacts(mlp(1), { metadata: { when: new Date(0) } as never }), /metadata\.when must be a JSON value/);
    assert.throws(() => modelToArtifacts(mlp(1), { metadata: { loss: NaN } }), /metadata\.loss must be a finite number/);
    assert.throws(() => modelToArtifacts({} as Model), /model must be a Model/);
  });
});

describe('modelFromArtifacts validation', () => {
  const model = mlp(6);
  model.compile({ optimizer: 'adam', loss: 'crossEntropy', metrics: ['accuracy'] });
  const saved = modelToArtifacts(model, { labels: ['a', 'b', 'c'] });

  test('an unknown format or format version', () => {
    throwsFormat(() => modelFromArtifacts(editConfig(saved, (c) => (c['formatVersion'] = 2))), /format version 2, this Sprout reads version 1 \(written by a newer Sprout/);
    throwsFormat(() => modelFromArtifacts(editConfig(saved, (c) => (c['formatVersion'] = '1'))), /'formatVersion' must be a positive integer/);
    throwsFormat(() => modelFromArtifacts(editConfig(saved, (c) => (c['format'] = 'keras'))), /not a Sprout model/);
    throwsFormat(() => modelFromArtifacts({ config: [1, 2], weights: saved.weights }), /config must be a JSON object/);
  });

  test('an unknown layer type, including names that exist on Object.prototype', () => {
    for (const type of ['Dense', 'constructor', '__proto__', 'toString']) {
      const edited = editConfig(saved, (c) => ((c['architecture'] as { config: { layers: { type: string }[] } }).config.layers[1]!.type = type));
      throwsFormat(() => modelFromArtifacts(edited), new RegExp(`architecture: layerFromConfig: unknown layer type '${type.replace(/_/g, '_')}'`));
    }
  });

  test('a bad layer option, even one the layer constructor rejects', () => {
    const edited = editConfig(saved, (c) => ((c['architecture'] as { config: { layers: { config: Record<string, unknown> }[] } }).config.layers[0]!.config['inFeatures'] = -3));
    throwsFormat(() => modelFromArtifacts(edited), /Linear config: 'inFeatures' must be an integer/);
  });

  test('sizes far beyond the weights file and trees too deep to walk are format errors, not crashes', () => {
    const wide = editConfig(saved, (c) => ((c['architecture'] as { config: { layers: { config: Record<string, unknown> }[] } }).config.layers[0]!.config['outFeatures'] = 2 ** 40));
    throwsFormat(() => modelFromArtifacts(wide), /architecture: allocation budget exceeded while building the saved architecture/);
    let deep: unknown = { type: 'ReLU', config: {} };
    for (let i = 0; i < 100_000; i++) deep = { type: 'Sequential', config: { layers: [deep] } };
    throwsFormat(() => modelFromArtifacts({ config: { ...saved.config, architecture: deep }, weights: saved.weights }), /architecture: Maximum call stack size exceeded/);
    let nested: unknown = 1;
    for (let i = 0; i < 1000; i++) nested = [nested];
    throwsFormat(() => modelFromArtifacts({ config: { ...saved.config, metadata: { nested } }, weights: saved.weights }), /'metadata'.* nested deeper than 100 levels/);
  });

  test('weights missing, extra, or of the wrong shape or dtype', () => {
    const state = new Map(model.module.stateDict());
    const withWeights = (tensors: Map<string, Tensor>, edit?: (c: Record<string, unknown>) => void): { config: unknown; weights: Uint8Array } => ({
      config: editConfig(saved, edit ?? (() => undefined)).config,
      weights: encodeSafetensors(tensors),
    });
    const missing = new Map(state);
    missing.delete('2.bias');
    throwsFormat(() => modelFromArtifacts(withWeights(missing)), /the config lists '2\.bias' but the weights file holds no such tensor/);
    const extra = new Map(state).set('3.weight', tensor([1]));
    throwsFormat(() => modelFromArtifacts(withWeights(extra)), /the weights file holds '3\.weight' but the config lists no such tensor/);
    const shape = new Map(state).set('2.bias', tensor([1, 2]));
    throwsFormat(() => modelFromArtifacts(withWeights(shape)), /tensor '2\.bias': the config lists float32 \[3\], the weights file holds float32 \[2\]/);
    const dtype = new Map(state).set('2.bias', tensor([1, 2, 3], { dtype: 'float64' }));
    throwsFormat(() => modelFromArtifacts(withWeights(dtype)), /tensor '2\.bias': the config lists float32 \[3\], the weights file holds float64 \[3\]/);
    // File and list agree, but the architecture wants something else.
    const both = (c: Record<string, unknown>): void => {
      (c['tensors'] as { name: string; dtype: string }[]).find((t) => t.name === '2.bias')!.dtype = 'float64';
    };
    throwsFormat(() => modelFromArtifacts(withWeights(dtype, both)), /tensor '2\.bias': the architecture has float32 \[3\], the weights hold float64 \[3\]/);
    const listedExtra = (c: Record<string, unknown>): void => {
      (c['tensors'] as unknown[]).push({ name: '3.weight', shape: [1], dtype: 'float32' });
    };
    throwsFormat(() => modelFromArtifacts(withWeights(extra, listedExtra)), /the weights hold '3\.weight' but the architecture has no such tensor/);
  });

  test('malformed weights bytes and malformed fields', () => {
    throwsFormat(() => modelFromArtifacts({ config: saved.config, weights: saved.weights.subarray(0, saved.weights.length - 3) }), /weights: safetensors:/);
    throwsFormat(() => modelFromArtifacts({ config: saved.config, weights: 'abc' as unknown as Uint8Array }), /weights must be a Uint8Array/);
    throwsFormat(() => modelFromArtifacts(editConfig(saved, (c) => (c['labels'] = 'abc'))), /'labels' must be null or an array of strings/);
    throwsFormat(() => modelFromArtifacts(editConfig(saved, (c) => delete c['tensors'])), /'tensors' must be an array/);
    throwsFormat(() => modelFromArtifacts(editConfig(saved, (c) => (c['tensors'] = [{ name: 'a', shape: [1.5], dtype: 'float32' }]))), /shape.*non-negative integers/);
    throwsFormat(() => modelFromArtifacts(editConfig(saved, (c) => (c['tensors'] = [{ name: 'a', shape: [1], dtype: 'F32' }]))), /dtype.*must be one of/);
    throwsFormat(() => modelFromArtifacts(editConfig(saved, (c) => delete c['metadata'])), /'metadata' must be an object/);
  });

  test('unknown or invalid compile settings', () => {
    const compile = (edit: (c: { optimizer: { name: string; config: Record<string, unknown> }; loss: string; metrics: string[] }) => void) =>
      editConfig(saved, (c) => edit(c['compile'] as never));
    throwsFormat(() => modelFromArtifacts(compile((c) => (c.optimizer.name = 'lion'))), /compile settings: getOptimizer: unknown optimiser "lion"/);
    throwsFormat(() => modelFromArtifacts(compile((c) => (c.optimizer.config['lr'] = -1))), /compile settings: Adam: lr must be/);
    throwsFormat(() => modelFromArtifacts(compile((c) => (c.optimizer.config['momentum'] = 0.9))), /compile settings: .*momentum/);
    throwsFormat(() => modelFromArtifacts(compile((c) => (c.optimizer.config['lr'] = { evil: true }))), /compile\.optimizer\.config\.lr/);
    throwsFormat(() => modelFromArtifacts(compile((c) => (c.loss = 'hinge'))), /unknown loss "hinge"/);
    throwsFormat(() => modelFromArtifacts(compile((c) => (c.metrics = ['noSuchMetric']))), /noSuchMetric/);
  });
});
