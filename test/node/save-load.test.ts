import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Generator, Linear, Model, ModelFormatError, randn, ReLU, registeredLayers, Sequential, type Tensor, ValueError } from '../../src/index.js';
import { loadModel, MODEL_CONFIG_FILE, MODEL_WEIGHTS_FILE, saveModel } from '../../src/node/index.js';
import { modelToArtifacts } from '../../src/train/model-artifacts.js';
import { modelZoo } from './model-zoo.js';

let root = '';
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'sprout-save-load-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

function bytesOf(t: Tensor): Buffer {
  const data = t.dataSync();
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** Every `type` named anywhere in an architecture config. */
function layerTypes(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) layerTypes(item, into);
  else if (typeof node === 'object' && node !== null) {
    const { type } = node as { type?: unknown };
    if (typeof type === 'string') into.add(type);
    for (const value of Object.values(node)) layerTypes(value, into);
  }
  return into;
}

async function rejectsFormat(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ModelFormatError, `expected ModelFormatError, got ${String(error)}`);
    assert.match(error.message, pattern);
    return true;
  });
}

function smallModel(seed: number): Model {
  const g = new Generator(seed);
  return new Model(new Sequential(new Linear(3, 5, { generator: g }), new ReLU(), new Linear(5, 2, { generator: g })));
}

describe('saveModel / loadModel', () => {
  test('every zoo model round-trips exactly: predictions bit for bit, config, compile settings, and fit continues', async () => {
    for (const { name, model, x, y } of modelZoo(3)) {
      model.compile({ optimizer: 'sgd', learningRate: 0.05, loss: 'crossEntropy', metrics: ['accuracy'] });
      // Train first so batch-norm running statistics and weights differ from their initial values.
      await model.fit(x, y, { epochs: 1, verbose: 0, shuffle: false });
      const dir = join(root, 'zoo', name);
      await saveModel(model, dir, { labels: ['no', 'yes', 'maybe'], metadata: { zoo: name } });
      const loaded = await loadModel(dir);
      assert.equal(loaded.folder, dir);
      assert.ok(bytesOf(loaded.model.predict(x)).equals(bytesOf(model.predict(x))), `${name}: predictions`);
      assert.deepEqual(loaded.config, JSON.parse(await readFile(join(dir, MODEL_CONFIG_FILE), 'utf8')));
      assert.deepEqual(loaded.config, modelToArtifacts(model, { labels: ['no', 'yes', 'maybe'], metadata: { zoo: name } }).config, `${name}: config`);
      assert.deepEqual(loaded.config.labels, ['no', 'yes', 'maybe']);
      assert.deepEqual(loaded.model.metricNames, ['accuracy']);
      assert.equal(loaded.model.optimizer.lr, 0.05);
      // Plain SGD keeps no optimiser state, so both continue on the same trajectory; dropout layers
      // draw from their own generators, which do not travel with the model, so compare losses only
      // for zoo entries without them.
      const a = await model.fit(x, y, { epochs: 1, verbose: 0, shuffle: false });
      const b = await loaded.model.fit(x, y, { epochs: 1, verbose: 0, shuffle: false });
      assert.equal(b.epochs.length, 1);
      assert.ok(Number.isFinite(b.last('loss')));
      if (!layerTypes(loaded.config.architecture).has('Dropout') && !layerTypes(loaded.config.architecture).has('TransformerEncoderLayer')) {
        assert.deepEqual(b.history, a.history, `${name}: continued training`);
      }
    }
  });

  test('every registered layer type appears in a saved zoo model (add new layers to test/node/model-zoo.ts)', () => {
    const covered = new Set<string>();
    for (const { model } of modelZoo()) layerTypes(modelToArtifacts(model).config.architecture, covered);
    const missing = registeredLayers().filter((type) => !covered.has(type));
    assert.deepEqual(missing, [], `layer types not covered by the save/load zoo: ${missing.join(', ')}`);
  });

  test('the folder holds exactly config.json and model.safetensors, and nothing is left beside it', async () => {
    const parent = join(root, 'layout');
    const dir = join(parent, 'model');
    await saveModel(smallModel(1), dir);
    await saveModel(smallModel(2), dir);
    assert.deepEqual((await readdir(dir)).sort(), [MODEL_CONFIG_FILE, MODEL_WEIGHTS_FILE]);
    assert.deepEqual(await readdir(parent), ['model']);
    const text = await readFile(join(dir, MODEL_CONFIG_FILE), 'utf8');
    assert.ok(text.endsWith('}\n') && text.includes('\n  "format": "sprout-model"'), 'config.json is indented JSON');
    const x = randn([4, 3], { generator: new Generator(0) });
    assert.ok(bytesOf((await loadModel(dir)).model.predict(x)).equals(bytesOf(smallModel(2).predict(x))));
  });

  test('saveModel refuses to replace what is not a saved model', async () => {
    const parent = join(root, 'refuse');
    await mkdir(join(parent, 'photos'), { recursive: true });
    await writeFile(join(parent, 'photos', 'cat.jpg'), 'not a model');
    await assert.rejects(saveModel(smallModel(1), join(parent, 'photos')), (e: unknown) => e instanceof ValueError && /'cat\.jpg'.*refusing to replace it/.test(e.message));
    assert.equal(await readFile(join(parent, 'photos', 'cat.jpg'), 'utf8'), 'not a model');
    await writeFile(join(parent, 'file'), 'x');
    await assert.rejects(saveModel(smallModel(1), join(parent, 'file')), /exists and is not a folder/);
    await saveModel(smallModel(1), join(parent, 'kept'));
    await assert.rejects(saveModel(smallModel(2), join(parent, 'kept'), { overwrite: false }), /already exists; pass overwrite: true/);
    await assert.rejects(saveModel(smallModel(1), ''), ValueError);
    assert.deepEqual((await readdir(parent)).sort(), ['file', 'kept', 'photos']);
  });

  test('saveModel creates missing parent folders', async () => {
    const dir = join(root, 'deep', 'er', 'model');
    await saveModel(smallModel(1), dir);
    assert.equal((await loadModel(dir)).config.format, 'sprout-model');
  });

  test('loadModel names the problem: missing folder or file, not a folder, unreadable JSON, truncated weights', async () => {
    const base = join(root, 'broken');
    await rejectsFormat(loadModel(join(base, 'nothing-here')), /no model folder at '.*nothing-here'/);
    await mkdir(base, { recursive: true });
    await writeFile(join(base, 'plain-file'), 'x');
    await rejectsFormat(loadModel(join(base, 'plain-file')), /is not a folder/);

    const dir = join(base, 'model');
    await saveModel(smallModel(1), dir);
    const config = await readFile(join(dir, MODEL_CONFIG_FILE));
    const weights = await readFile(join(dir, MODEL_WEIGHTS_FILE));

    await rm(join(dir, MODEL_CONFIG_FILE));
    await rejectsFormat(loadModel(dir), /config\.json' is missing/);
    await writeFile(join(dir, MODEL_CONFIG_FILE), config.subarray(0, config.length - 10));
    await rejectsFormat(loadModel(dir), /config\.json' is not valid UTF-8 JSON/);
    await writeFile(join(dir, MODEL_CONFIG_FILE), Buffer.from([0x7b, 0xff, 0x7d]));
    await rejectsFormat(loadModel(dir), /not valid UTF-8 JSON/);
    await writeFile(join(dir, MODEL_CONFIG_FILE), config);

    await rm(join(dir, MODEL_WEIGHTS_FILE));
    await rejectsFormat(loadModel(dir), /model\.safetensors' is missing/);
    await writeFile(join(dir, MODEL_WEIGHTS_FILE), weights.subarray(0, weights.length - 4));
    await rejectsFormat(loadModel(dir), /weights: safetensors: tensor .* outside the data section/);
    await writeFile(join(dir, MODEL_WEIGHTS_FILE), weights.subarray(0, 5));
    await rejectsFormat(loadModel(dir), /shorter than the 8-byte header length/);
    await writeFile(join(dir, MODEL_WEIGHTS_FILE), weights);
    assert.equal((await loadModel(dir)).config.format, 'sprout-model');
    await assert.rejects(loadModel(''), ValueError);
  });
});
