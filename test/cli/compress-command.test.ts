/**
 * `sprout compress` end to end, as a child process: a model from `sprout train` quantised, pruned
 * and distilled (each result readable by `sprout evaluate`), a plain saved Sequential model with a
 * safetensors data file, and bad input answered with one line on stderr and exit status 2.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { encodeSafetensors, Generator, Linear, Model, randint, randn, ReLU, Sequential } from '../../src/index.js';
import { loadModel, saveModel } from '../../src/node/index.js';
import { lastJson, runSprout } from './run-sprout.js';

const dir = mkdtempSync(join(tmpdir(), 'sprout-compress-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** label = 'hi' when x + (color === 'red' ? 1 : 0) > 1, as in cli.test.ts. */
function table(rows: number): string {
  const lines = ['x,size,color,label'];
  for (let i = 0; i < rows; i++) {
    const x = ((i * 37) % 100) / 50;
    const color = ['red', 'blue', 'green'][i % 3]!;
    lines.push(`${x.toFixed(2)},${(i * 13) % 7},${color},${x + (color === 'red' ? 1 : 0) > 1 ? 'hi' : 'lo'}`);
  }
  return `${lines.join('\n')}\n`;
}

const data = join(dir, 'train.csv');
const trained = join(dir, 'model');

describe('sprout compress on a model from sprout train', () => {
  before(() => {
    writeFileSync(data, table(300));
    const run = runSprout(['train', '--data', data, '--target', 'label', '--out', trained, '--epochs', '5']);
    assert.equal(run.status, 0, run.stderr);
  });

  test('--quantize int8 writes a smaller model that sprout evaluate reads', () => {
    const out = join(dir, 'int8');
    const run = runSprout(['compress', trained, '--quantize', 'int8', '--data', data, '--out', out, '--json']);
    assert.equal(run.status, 0, run.stderr);
    const result = lastJson(run) as { method: string; before: { bytes: number; score: number }; after: { bytes: number; score: number }; quantizedLayers: number };
    assert.equal(result.method, 'int8');
    assert.equal(result.quantizedLayers, 3);
    assert.ok(result.after.bytes < 0.35 * result.before.bytes, `${result.after.bytes} of ${result.before.bytes} bytes`);
    assert.ok(result.after.score >= result.before.score - 0.02, `accuracy ${result.before.score} → ${result.after.score}`);
    const evaluation = runSprout(['evaluate', out, '--data', data, '--json']);
    assert.equal(evaluation.status, 0, evaluation.stderr);
    assert.ok(Math.abs((lastJson(evaluation)['metrics'] as { accuracy: number }).accuracy - result.after.score) < 1e-9);
  });

  test('--prune 0.5 with fine-tuning reaches the sparsity; --structured prunes neurons', () => {
    const run = runSprout(['compress', trained, '--prune', '0.5', '--epochs', '1', '--data', data, '--out', join(dir, 'pruned'), '--json']);
    assert.equal(run.status, 0, run.stderr);
    assert.ok(Math.abs((lastJson(run)['sparsity'] as number) - 0.5) < 0.001);
    const structured = runSprout(['compress', trained, '--prune', '0.5', '--structured', '--epochs', '0', '--data', data, '--out', join(dir, 'structured'), '--json']);
    assert.equal(structured.status, 0, structured.stderr);
    const shrunk = lastJson(structured) as { structured: boolean; removedNeurons: number; before: { bytes: number }; after: { bytes: number } };
    assert.equal(shrunk.structured, true);
    // Half the neurons of the two hidden layers (128 and 64) are removed, and the file shrinks.
    assert.equal(shrunk.removedNeurons, 64 + 32);
    assert.ok(shrunk.after.bytes < 0.7 * shrunk.before.bytes, `${shrunk.after.bytes} of ${shrunk.before.bytes} bytes`);
    assert.equal(runSprout(['evaluate', join(dir, 'structured'), '--data', data]).status, 0);
  });

  test('--distill trains the student described by a JSON file', () => {
    const student = join(dir, 'student.json');
    writeFileSync(student, '{"hidden": [8]}');
    const run = runSprout(['compress', trained, '--distill', student, '--epochs', '10', '--data', data, '--out', join(dir, 'student'), '--json']);
    assert.equal(run.status, 0, run.stderr);
    const result = lastJson(run) as { parameters: number; after: { score: number } };
    assert.ok(result.parameters < 200, `${result.parameters} parameters`);
    assert.ok(result.after.score > 0.7, `student accuracy ${result.after.score}`);
    assert.equal(runSprout(['evaluate', join(dir, 'student'), '--data', data]).status, 0);
  });

  const bad = (args: readonly string[], line: string | RegExp): void => {
    const run = runSprout(['compress', ...args]);
    assert.equal(run.status, 2, run.stderr);
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    if (typeof line === 'string') assert.equal(run.stderr, `${line}\n`);
    else assert.match(run.stderr, line);
  };

  test('bad input: exit status 2 with one line on stderr, nothing written', () => {
    const out = join(dir, 'never');
    bad([trained, '--data', data, '--out', out], 'error: choose exactly one of --quantize int8, --prune SPARSITY and --distill STUDENT_CONFIG');
    bad([trained, '--quantize', 'int8', '--prune', '0.5', '--data', data, '--out', out], /choose exactly one/);
    bad([trained, '--prune', '1', '--data', data, '--out', out], 'error: --prune must be a sparsity in [0, 1), got 1');
    bad([trained, '--quantize', 'int4', '--data', data, '--out', out], /argument 'int4' is invalid/);
    bad([trained, '--quantize', 'int8', '--data', data, '--out', trained], 'error: --out must name a new folder, not the model folder being compressed');
    bad([join(dir, 'absent'), '--quantize', 'int8', '--data', data, '--out', out], /error: cannot load the model folder/);
    bad([trained, '--quantize', 'int8', '--data', join(dir, 'absent.csv'), '--out', out], /error: file not found/);
    bad([trained, '--distill', join(dir, 'absent.json'), '--data', data, '--out', out], /error: cannot read the student config/);
    assert.equal(existsSync(out), false);
  });
});

describe('sprout compress on a plain saved Sequential model', () => {
  const model = join(dir, 'plain');
  const tensors = join(dir, 'data.safetensors');

  before(async () => {
    const g = new Generator(0);
    await saveModel(new Model(new Sequential(new Linear(12, 16, { generator: g }), new ReLU(), new Linear(16, 3, { generator: g }))), model);
    writeFileSync(tensors, encodeSafetensors(new Map([['x', randn([64, 12], { generator: g })], ['y', randint(0, 3, [64], { generator: g })]])));
  });

  test('--quantize int8 with x and y from a safetensors file', async () => {
    const out = join(dir, 'plain-int8');
    const run = runSprout(['compress', model, '--quantize', 'int8', '--data', tensors, '--out', out]);
    assert.equal(run.status, 0, run.stderr);
    const { model: loaded } = await loadModel(out);
    assert.deepEqual(loaded.module.namedModules().next().value![1].typeName, 'Sequential');
    assert.deepEqual(loaded.predict(randn([2, 12])).shape, [2, 3]);
  });

  test('a CSV file for a model not written by sprout train is refused', () => {
    const run = runSprout(['compress', model, '--quantize', 'int8', '--data', data, '--out', join(dir, 'x')]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /must be a \.safetensors file with tensors 'x' and 'y'/);
  });
});
