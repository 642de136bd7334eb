/**
 * The `sprout` command end to end, as a child process: every kind of bad input gets one exact line
 * on stderr and exit status 2 and leaves --out untouched; train → predict / evaluate / info on a
 * small synthetic table; tune with two trials; and the `npm start` command line on a digits subset.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseCsv } from '../../src/data/index.js';
import { lastJson, ROOT, runSprout } from './run-sprout.js';

const dir = mkdtempSync(join(tmpdir(), 'sprout-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** A small, learnable table: label = 'hi' when x + (color === 'red' ? 1 : 0) > 1. */
function synthetic(rows: number, colors: readonly string[]): string {
  const lines = ['x,size,color,label'];
  for (let i = 0; i < rows; i++) {
    const x = ((i * 37) % 100) / 50;
    const color = colors[i % colors.length]!;
    const label = x + (color === 'red' ? 1 : 0) > 1 ? 'hi' : 'lo';
    lines.push(`${x.toFixed(2)},${(i * 13) % 7},${color},${label}`);
  }
  return `${lines.join('\n')}\n`;
}

function expectBadInput(args: readonly string[], line: string): void {
  const run = runSprout(args);
  assert.equal(run.stderr, `${line}\n`, 'exactly one line on stderr');
  assert.equal(run.status, 2);
}

describe('bad input: one line on stderr, exit status 2', () => {
  test('a missing file', () => {
    const path = join(dir, 'absent.csv');
    expectBadInput(['train', '--data', path, '--target', 'label'], `error: file not found: '${path}'`);
  });

  test('an empty file', () => {
    const path = file('empty.csv', '');
    expectBadInput(['train', '--data', path, '--target', 'label'], `error: '${path}' is empty`);
  });

  test('a header without rows', () => {
    const path = file('header-only.csv', 'a,b,label\n');
    expectBadInput(['train', '--data', path, '--target', 'label'], `error: '${path}' has a header but no data rows`);
  });

  test('an unknown target column lists the columns', () => {
    const path = file('small.csv', synthetic(30, ['red', 'blue']));
    expectBadInput(['train', '--data', path, '--target', 'labl'], `error: no column 'labl' in '${path}'; the columns are: x, size, color, label`);
  });

  test('a target with one class', () => {
    const path = file('one-class.csv', 'a,label\n1,spam\n2,spam\n3,spam\n');
    expectBadInput(['train', '--data', path, '--target', 'label'], `error: target column 'label' has only one class ('spam'); classification needs at least two`);
  });

  test('an all-missing column', () => {
    const path = file('all-missing.csv', 'a,notes,label\n1,,yes\n2,NA,no\n3,,yes\n4,?,no\n');
    expectBadInput(['train', '--data', path, '--target', 'label'], `error: column 'notes' in '${path}' has no values (every cell is missing); remove the column or fill it in`);
  });

  test('a row with the wrong number of fields names its line', () => {
    const path = file('ragged.csv', 'a,b,label\n1,2,yes\n3,4,no\n5,no\n6,7,yes\n');
    expectBadInput(['train', '--data', path, '--target', 'label'], `error: ${path}: line 4 has 2 fields, expected 3 (from the header; delimiter ",")`);
  });

  test('a bad option value and an unknown command are usage errors', () => {
    const path = file('small2.csv', synthetic(30, ['red', 'blue']));
    expectBadInput(['train', '--data', path, '--target', 'label', '--epochs', 'ten'], `error: option '--epochs <n>' argument 'ten' is invalid. expected an integer >= 1`);
    expectBadInput(['fly'], `error: unknown command 'fly'`);
  });

  test('a folder that is not a model', () => {
    expectBadInput(['info', dir], `error: cannot load the model folder '${dir}': ${loadError(dir)}`);
  });

  test('--out is left untouched when training fails', () => {
    const out = join(dir, 'never');
    const path = file('one-class-2.csv', 'a,label\n1,yes\n2,yes\n');
    const run = runSprout(['train', '--data', path, '--target', 'label', '--out', out]);
    assert.equal(run.status, 2);
    assert.equal(existsSync(out), false);
  });
});

/** The first line of loadModel's message for a folder without a config, whatever its wording. */
function loadError(folder: string): string {
  const run = runSprout(['info', folder]);
  const match = /^error: cannot load the model folder '[^']*': (.*)\n$/.exec(run.stderr);
  assert.ok(match, run.stderr);
  return match[1]!;
}

describe('train, predict, evaluate, info on a small table', () => {
  const model = join(dir, 'models', 'small');
  let trainRun: ReturnType<typeof runSprout>;
  before(() => {
    const data = file('train.csv', synthetic(200, ['red', 'blue', 'green']));
    trainRun = runSprout(['train', '--data', data, '--target', 'label', '--out', model, '--epochs', '30', '--json']);
  });

  test('train prints the report and ends with one JSON line', () => {
    assert.equal(trainRun.status, 0, trainRun.stderr);
    assert.match(trainRun.stdout, /Metrics on the test split \(\d+ rows\):/);
    assert.match(trainRun.stdout, /Confusion matrix \(rows: true class, columns: predicted class\):/);
    assert.match(trainRun.stdout, /class\s+precision\s+recall\s+F1\s+support/);
    const json = lastJson(trainRun);
    assert.equal(json['task'], 'classification');
    assert.equal(json['model'], model);
    const metrics = json['metrics'] as Record<string, number>;
    for (const key of ['accuracy', 'f1Macro', 'rocAuc']) assert.equal(typeof metrics[key], 'number', key);
    assert.ok(metrics['accuracy']! >= 0.8, `accuracy ${metrics['accuracy']}`);
    assert.deepEqual(readdirSync(model).sort(), ['config.json', 'model.safetensors']);
    const config = JSON.parse(readFileSync(join(model, 'config.json'), 'utf8')) as { labels: string[]; metadata: { preprocessing: { format: string } } };
    assert.deepEqual(config.labels, ['hi', 'lo']);
    assert.equal(config.metadata.preprocessing.format, 'sprout.pipeline');
  });

  test('predict writes one row per input row with a probability per class, and notes unseen categories', () => {
    const input = file('new.csv', 'x,size,color\n0.1,3,red\n1.9,2,purple\n0.5,1,blue\n0.2,,teal\n');
    const out = join(dir, 'out', 'predictions.csv');
    const run = runSprout(['predict', model, '--data', input, '--out', out]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /^note: color: 2 unseen categories or terms \(encoded as unknown\)$/m);
    assert.match(run.stderr, /^note: 1 missing cells were filled in in 1 column \(size\)$/m);
    const table = parseCsv(readFileSync(out, 'utf8'));
    assert.deepEqual(table.names, ['prediction', 'probability_hi', 'probability_lo']);
    assert.equal(table.rowCount, 4);
    for (let i = 0; i < 4; i++) {
      const [p, hi, lo] = [table.cell(i, 'prediction'), table.cell(i, 'probability_hi') as number, table.cell(i, 'probability_lo') as number];
      assert.ok(Math.abs(hi + lo - 1) < 1e-5);
      assert.equal(p, hi > lo ? 'hi' : 'lo');
    }
    assert.deepEqual(readdirSync(join(dir, 'out')), ['predictions.csv'], 'no temporary file left');
  });

  test('predict to standard output, ignoring a target column', () => {
    const input = file('with-label.csv', 'x,size,color,label\n1.8,3,red,hi\n0.1,2,blue,lo\n');
    const run = runSprout(['predict', model, '--data', input]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.split('\n')[0], 'prediction,probability_hi,probability_lo');
    assert.equal(run.stdout.trim().split('\n').length, 3);
  });

  test('predict fails cleanly and writes nothing when a column is missing', () => {
    const input = file('no-color.csv', 'x,size\n0.1,3\n');
    const out = join(dir, 'out2', 'predictions.csv');
    const run = runSprout(['predict', model, '--data', input, '--out', out]);
    assert.equal(run.status, 2);
    assert.equal(run.stderr.split('\n').length, 2, run.stderr);
    assert.match(run.stderr, /^error: .*no column 'color'/);
    assert.equal(existsSync(out), false);
  });

  test('evaluate --json scores labelled rows', () => {
    const input = file('eval.csv', synthetic(60, ['blue', 'red']));
    const run = runSprout(['evaluate', model, '--data', input, '--json']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /Metrics on the .*eval\.csv \(60 rows\):/);
    const json = lastJson(run);
    assert.equal(json['task'], 'classification');
    assert.equal(json['rows'], 60);
    assert.ok((json['metrics'] as Record<string, number>)['accuracy']! >= 0.8);
  });

  test('evaluate without the target column is bad input', () => {
    const input = file('unlabelled.csv', 'x,size,color\n0.1,3,red\n');
    const run = runSprout(['evaluate', model, '--data', input]);
    assert.equal(run.status, 2);
    assert.equal(run.stderr, `error: no column 'label' (the model's target) in '${input}', so there is nothing to compare with; the columns are: x, size, color\n`);
  });

  test('info describes architecture, preprocessing, metrics and sizes', () => {
    const run = runSprout(['info', model]);
    assert.equal(run.status, 0, run.stderr);
    for (const pattern of [/^Task: classification of 'label'; classes: hi, lo$/m, /^Architecture:$/m, /Linear/, /^Preprocessing:$/m, /categorical \(1 column: color\): Imputer → OneHotEncoder/, /^Test metrics/m, /^\s+accuracy\s+\d\.\d{4}$/m, /parameters: [\d,]+/, /model\.safetensors: [\d.]+ KiB/]) {
      assert.match(run.stdout, pattern);
    }
  });

  test('a later failing train leaves the saved model as it was', () => {
    const before = readFileSync(join(model, 'model.safetensors'));
    const path = file('ragged2.csv', 'x,size,color,label\n1,2,red\n');
    const run = runSprout(['train', '--data', path, '--target', 'label', '--out', model]);
    assert.equal(run.status, 2);
    assert.deepEqual(readFileSync(join(model, 'model.safetensors')), before);
    assert.deepEqual(readdirSync(model).sort(), ['config.json', 'model.safetensors']);
  });

  test('regression: --task regression reports RMSE, MAE and R²', () => {
    const lines = ['a,b,y'];
    for (let i = 0; i < 150; i++) lines.push(`${i % 10},${(i * 7) % 13},${(i % 10) * 3 + ((i * 7) % 13) + 100}`);
    const path = file('reg.csv', `${lines.join('\n')}\n`);
    const out = join(dir, 'models', 'reg');
    const run = runSprout(['train', '--data', path, '--target', 'y', '--task', 'regression', '--out', out, '--epochs', '40', '--json']);
    assert.equal(run.status, 0, run.stderr);
    const json = lastJson(run);
    assert.equal(json['task'], 'regression');
    assert.deepEqual(Object.keys(json['metrics'] as object).sort(), ['mae', 'r2', 'rmse']);
    assert.ok((json['metrics'] as Record<string, number>)['r2']! > 0.8);
    const predicted = runSprout(['predict', out, '--data', path]);
    assert.equal(predicted.status, 0, predicted.stderr);
    const values = predicted.stdout.trim().split('\n');
    assert.equal(values[0], 'prediction');
    assert.ok(Math.abs(Number(values[1]) - 100) < 10, `first prediction ${values[1]} near 100`);
  });
});

test('tune --json with two trials', () => {
  const path = file('tune.csv', synthetic(150, ['red', 'blue']));
  const run = runSprout(['tune', '--data', path, '--target', 'label', '--trials', '2', '--epochs', '5', '--json']);
  assert.equal(run.status, 0, run.stderr);
  const json = lastJson(run);
  assert.equal(json['task'], 'classification');
  assert.equal(json['metric'], 'accuracy');
  assert.equal((json['trials'] as unknown[]).length, 2);
  const best = json['best'] as { config: Record<string, unknown>; score: number };
  assert.ok(typeof best.score === 'number' && best.score > 0.5);
  for (const key of ['learningRate', 'hiddenLayers', 'units', 'dropout', 'batchSize']) assert.ok(key in best.config, key);
});

test("the start script's command line trains on a digits subset, and predict works as the README shows", () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string }; bin: { sprout: string } };
  assert.equal(pkg.bin.sprout, 'bin/sprout.js');
  const words = pkg.scripts.start.split(' ');
  assert.deepEqual(words.slice(0, 3), ['node', 'bin/sprout.js', 'train']);
  assert.ok(words.includes('data/digits.csv') && words.includes('models/digits'), pkg.scripts.start);
  // The first 30 rows of each digit, in file order: the same code path in a few seconds.
  const table = parseCsv(readFileSync(join(ROOT, 'data', 'digits.csv'), 'utf8'));
  const text = readFileSync(join(ROOT, 'data', 'digits.csv'), 'utf8').trim().split('\n');
  const seen = new Map<number, number>();
  const keep = [text[0]!];
  for (let i = 0; i < table.rowCount; i++) {
    const digit = table.cell(i, 'target') as number;
    if ((seen.get(digit) ?? 0) < 30) keep.push(text[i + 1]!);
    seen.set(digit, (seen.get(digit) ?? 0) + 1);
  }
  const subset = file('digits-subset.csv', `${keep.join('\n')}\n`);
  const out = join(dir, 'models', 'digits');
  const args = words.slice(2).map((w) => (w === 'data/digits.csv' ? subset : w === 'models/digits' ? out : w));
  const run = runSprout([...args, '--epochs', '15']);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /epoch 1\/15/, 'progress on stderr');
  assert.match(run.stdout, new RegExp(`Saved the model to ${out}`));
  const predictions = join(dir, 'predictions.csv');
  const predicted = runSprout(['predict', out, '--data', subset, '--out', predictions]);
  assert.equal(predicted.status, 0, predicted.stderr);
  const result = parseCsv(readFileSync(predictions, 'utf8'));
  assert.equal(result.rowCount, 300);
  assert.deepEqual(result.names, ['prediction', ...Array.from({ length: 10 }, (_, d) => `probability_${d}`)]);
});
