import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Generator, Linear, Model, noGrad, randn, ReLU, Sequential, tensor, type Tensor, ValueError } from '../../src/index.js';
import { CsvLogger, JsonLinesLogger, loadModel, ModelCheckpoint } from '../../src/node/index.js';

let root = '';
let count = 0;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'sprout-callbacks-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

async function folder(): Promise<string> {
  const path = join(root, `case-${count++}`);
  await mkdir(path);
  return path;
}

function classifier(seed: number): Model {
  const g = new Generator(seed);
  return new Model(new Sequential(new Linear(2, 8, { generator: g }), new ReLU(), new Linear(8, 3, { generator: g })));
}

const x = randn([60, 2], { generator: new Generator(3) });
const y = tensor(Array.from({ length: 60 }, (_, i) => i % 3), { dtype: 'int32' });

function bytesOf(t: Tensor): Buffer {
  const data = t.dataSync();
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** Moves every parameter a little, so each "epoch" has different weights. */
function nudge(model: Model, by: number): void {
  noGrad(() => {
    for (const p of model.module.parameters()) p.add_(by);
  });
}

describe('ModelCheckpoint', () => {
  test('saveBestOnly by val_loss saves only on improvement, under the templated name', async () => {
    const dir = await folder();
    const model = classifier(1);
    const checkpoint = new ModelCheckpoint(join(dir, 'ckpt-{epoch:02d}-{val_loss:.3f}'), { monitor: 'val_loss', saveBestOnly: true });
    checkpoint.model = model;
    const losses = [1, 2, 0.5, 0.5, NaN, 0.25];
    const predictions: Buffer[] = [];
    for (const [epoch, valLoss] of losses.entries()) {
      nudge(model, 0.01);
      predictions.push(bytesOf(model.predict(x)));
      await checkpoint.onEpochEnd(epoch, { loss: 3, val_loss: valLoss });
    }
    assert.deepEqual((await readdir(dir)).sort(), ['ckpt-01-1.000', 'ckpt-03-0.500', 'ckpt-06-0.250']);
    assert.equal(checkpoint.best, 0.25);
    assert.equal(checkpoint.bestEpoch, 5);
    assert.equal(checkpoint.lastSaved, join(dir, 'ckpt-06-0.250'));
    // Each folder holds the weights of its own epoch.
    assert.ok(bytesOf((await loadModel(join(dir, 'ckpt-03-0.500'))).model.predict(x)).equals(predictions[2]!));
    assert.ok(bytesOf((await loadModel(join(dir, 'ckpt-06-0.250'))).model.predict(x)).equals(predictions[5]!));
  });

  test('a fixed path keeps the best model; mode max for accuracies', async () => {
    const dir = await folder();
    const model = classifier(2);
    const checkpoint = new ModelCheckpoint(join(dir, 'best'), { monitor: 'val_accuracy', saveBestOnly: true, labels: ['a', 'b', 'c'] });
    checkpoint.model = model;
    let best: Buffer | null = null;
    for (const [epoch, accuracy] of [0.5, 0.7, 0.6, 0.9, 0.8].entries()) {
      nudge(model, 0.02);
      if (accuracy === 0.9) best = bytesOf(model.predict(x));
      await checkpoint.onEpochEnd(epoch, { val_accuracy: accuracy });
    }
    assert.deepEqual(await readdir(dir), ['best']);
    const loaded = await loadModel(join(dir, 'best'));
    assert.ok(bytesOf(loaded.model.predict(x)).equals(best!));
    assert.deepEqual(loaded.config.labels, ['a', 'b', 'c']);
    const min = new ModelCheckpoint(join(dir, 'min'), { monitor: 'val_accuracy', saveBestOnly: true, mode: 'min' });
    min.model = model;
    await min.onEpochEnd(0, { val_accuracy: 0.5 });
    await min.onEpochEnd(1, { val_accuracy: 0.6 });
    assert.equal(min.bestEpoch, 0);
  });

  test('without saveBestOnly every epoch is saved during fit, and the saved models load and predict', async () => {
    const dir = await folder();
    const model = classifier(3);
    model.compile({ optimizer: 'adam', learningRate: 0.05, loss: 'crossEntropy', metrics: ['accuracy'] });
    await model.fit(x, y, { epochs: 3, verbose: 0, validationSplit: 0.2, callbacks: [new ModelCheckpoint(join(dir, 'epoch-{epoch}-acc-{accuracy:.2f}'))] });
    const saved = (await readdir(dir)).sort();
    assert.equal(saved.length, 3);
    saved.forEach((name, i) => assert.match(name, new RegExp(`^epoch-${i + 1}-acc-\\d\\.\\d\\d$`)));
    const last = await loadModel(join(dir, saved[2]!));
    assert.ok(bytesOf(last.model.predict(x)).equals(bytesOf(model.predict(x))));
    assert.deepEqual(last.model.metricNames, ['accuracy']);
  });

  test('filepathFor formats like Keras: epochs from 1, widths, precisions, exponents', () => {
    const c = new ModelCheckpoint('m/{epoch:03d}_{loss}_{loss:.2f}_{loss:.1e}_{lr:8.3f}_{val_loss:06.2f}');
    assert.equal(c.filepathFor(6, { loss: 0.123456, lr: 0.001, val_loss: -1.5 }), 'm/007_0.123456_0.12_1.2e-1_   0.001_-01.50');
    assert.throws(() => c.filepathFor(0, { loss: 1 }), (e: unknown) => e instanceof ValueError && /\{lr\}, which is not in the logs; available: epoch, loss/.test(e.message));
  });

  test('bad templates, modes and monitors are refused', async () => {
    assert.throws(() => new ModelCheckpoint(''), /filepath must be a non-empty string/);
    assert.throws(() => new ModelCheckpoint('m/{epoch'), /unmatched \{ or \}/);
    assert.throws(() => new ModelCheckpoint('m/{epoch:x}'), /format 'x' of \{epoch\} must look like 02d/);
    assert.throws(() => new ModelCheckpoint('m/{val loss}'), /must be \{name\} or \{name:format\}/);
    assert.throws(() => new ModelCheckpoint('m', { mode: 'best' as 'min' }), /mode must be 'min', 'max' or 'auto'/);
    const c = new ModelCheckpoint(join(root, 'never'), { saveBestOnly: true });
    c.model = classifier(1);
    await assert.rejects(c.onEpochEnd(0, { loss: 1 }), /'val_loss' is not in the logs; available: loss/);
  });
});

describe('CsvLogger', () => {
  test('one row per epoch, header from the first epoch, values in full precision', async () => {
    const dir = await folder();
    const file = join(dir, 'log.csv');
    const model = classifier(4);
    model.compile({ optimizer: 'sgd', learningRate: 0.1, loss: 'crossEntropy', metrics: ['accuracy'] });
    const history = await model.fit(x, y, { epochs: 3, verbose: 0, validationSplit: 0.2, callbacks: [new CsvLogger(file)] });
    const lines = (await readFile(file, 'utf8')).split('\n');
    assert.equal(lines.pop(), '', 'the file ends with a line break');
    assert.equal(lines[0], 'epoch,loss,accuracy,val_loss,val_accuracy,lr');
    assert.equal(lines.length, 4);
    const columns = lines[0]!.split(',');
    lines.slice(1).forEach((line, epoch) => {
      const cells = line.split(',').map(Number);
      assert.equal(cells[0], epoch);
      // Number(text) gives back exactly the logged value: nothing was rounded.
      columns.slice(1).forEach((name, c) => assert.equal(cells[c + 1], history.history[name]![epoch], `${name} at epoch ${epoch}`));
    });
  });

  test('append adds rows without a second header; a new run replaces the file otherwise', async () => {
    const dir = await folder();
    const file = join(dir, 'log.csv');
    const model = classifier(5);
    model.compile({ optimizer: 'sgd', loss: 'crossEntropy' });
    await model.fit(x, y, { epochs: 2, verbose: 0, callbacks: [new CsvLogger(file)] });
    await model.fit(x, y, { epochs: 2, verbose: 0, callbacks: [new CsvLogger(file, { append: true })] });
    let lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    assert.deepEqual(lines.map((l) => l.split(',')[0]), ['epoch', '0', '1', '0', '1']);
    await model.fit(x, y, { epochs: 1, verbose: 0, callbacks: [new CsvLogger(file)] });
    lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    assert.equal(lines.length, 2);
  });

  test('append refuses a file whose header differs, and continues a file cut mid-row on a new line', async () => {
    const dir = await folder();
    const file = join(dir, 'log.csv');
    await writeFile(file, 'epoch,loss,lr\n0,1,0.1\n1,0.5');
    const logger = new CsvLogger(file, { append: true });
    await logger.onTrainBegin();
    await logger.onEpochEnd(2, { loss: 0.25, lr: 0.1 });
    assert.equal(await readFile(file, 'utf8'), 'epoch,loss,lr\n0,1,0.1\n1,0.5\n2,0.25,0.1\n');
    const other = new CsvLogger(file, { append: true });
    await other.onTrainBegin();
    await assert.rejects(other.onEpochEnd(0, { loss: 1, accuracy: 0.5 }), /has the header 'epoch,loss,lr', but this run logs 'epoch,loss,accuracy'/);
  });

  test('quotes fields that need it, writes NaN and infinities, separator option, and refuses new names later', async () => {
    const dir = await folder();
    const file = join(dir, 'log.csv');
    const logger = new CsvLogger(file);
    await logger.onTrainBegin();
    await logger.onEpochEnd(0, { 'a,b': 0.1, 'say "hi"': NaN, inf: -Infinity });
    assert.equal(await readFile(file, 'utf8'), 'epoch,"a,b","say ""hi""",inf\n0,0.1,NaN,-Infinity\n');
    await assert.rejects(logger.onEpochEnd(1, { 'a,b': 1, extra: 2 }), /epoch 1 logs extra, which the header \(from the first epoch\) lacks/);
    const tsv = new CsvLogger(join(dir, 'log.tsv'), { separator: '\t' });
    await tsv.onTrainBegin();
    await tsv.onEpochEnd(0, { loss: 1 / 3 });
    assert.equal(await readFile(join(dir, 'log.tsv'), 'utf8'), 'epoch\tloss\n0\t0.3333333333333333\n');
    assert.throws(() => new CsvLogger(file, { separator: '"' }), /separator must be/);
    assert.throws(() => new CsvLogger(''), /filename must be a non-empty string/);
  });
});

describe('JsonLinesLogger', () => {
  test('one JSON object per epoch with the epoch and every log, exactly', async () => {
    const dir = await folder();
    const file = join(dir, 'log.jsonl');
    const model = classifier(6);
    model.compile({ optimizer: 'adam', loss: 'crossEntropy', metrics: ['accuracy'] });
    const history = await model.fit(x, y, { epochs: 3, verbose: 0, validationSplit: 0.2, callbacks: [new JsonLinesLogger(file)] });
    const text = await readFile(file, 'utf8');
    assert.ok(text.endsWith('\n'));
    const records = text.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, number>);
    assert.equal(records.length, 3);
    records.forEach((record, epoch) => {
      assert.deepEqual(Object.keys(record), ['epoch', 'loss', 'accuracy', 'val_loss', 'val_accuracy', 'lr']);
      assert.equal(record['epoch'], epoch);
      for (const [name, values] of Object.entries(history.history)) assert.equal(record[name], values[epoch]);
    });
  });

  test('non-finite values become strings; append continues the file', async () => {
    const dir = await folder();
    const file = join(dir, 'log.jsonl');
    const logger = new JsonLinesLogger(file);
    await logger.onTrainBegin();
    await logger.onEpochEnd(0, { loss: NaN, lr: Infinity, x: 0.1 });
    const appended = new JsonLinesLogger(file, { append: true });
    await appended.onTrainBegin();
    await appended.onEpochEnd(1, { loss: -Infinity });
    assert.equal(await readFile(file, 'utf8'), '{"epoch":0,"loss":"NaN","lr":"Infinity","x":0.1}\n{"epoch":1,"loss":"-Infinity"}\n');
    await logger.onTrainBegin();
    assert.equal(await readFile(file, 'utf8'), '');
    assert.throws(() => new JsonLinesLogger(''), /filename must be a non-empty string/);
  });
});
