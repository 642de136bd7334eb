/**
 * `sprout train --pipeline image` and `sprout predict` for image models, on generated 16×16 grey
 * PNGs of three visually separable classes (horizontal stripes, vertical stripes, a ring, each with
 * pixel noise): training from class folders and from IDX files must reach a real accuracy on unseen
 * images (IDX with per-epoch validation); predict answers an image, a flat folder, class folders (with the report) and an IDX file.
 * The end-to-end runs go through the `sprout` launcher as child processes; the bad-input cases run
 * runCli in this process (the same function the launcher calls) to keep the file fast, and each must
 * exit 2 with an `error:` line naming the problem.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { encode as encodePng } from 'fast-png';
import { runCli } from '../../src/cli/run-cli.js';
import { Linear, Model, Sequential } from '../../src/index.js';
import { saveModel } from '../../src/node/index.js';
import { lastJson, runSprout } from './run-sprout.js';

const dir = mkdtempSync(join(tmpdir(), 'sprout-image-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const SIZE = 16;
/** Grey level of pixel (y, x) of each class before noise. */
const CLASSES: Readonly<Record<string, (y: number, x: number) => number>> = {
  horizontal: (y) => (Math.floor(y / 2) % 2 === 0 ? 220 : 30),
  ring: (y, x) => (Math.abs(Math.hypot(y - 7.5, x - 7.5) - 5) < 1.5 ? 220 : 30),
  vertical: (_y, x) => (Math.floor(x / 2) % 2 === 0 ? 220 : 30),
};
const NAMES = Object.keys(CLASSES);

/** A deterministic stream in [0, 1) (a linear congruential generator). */
function stream(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** `count` noisy grey images of class `name`, 16×16 bytes each. */
function pictures(name: string, count: number, random: () => number): Uint8Array[] {
  const draw = CLASSES[name]!;
  return Array.from({ length: count }, () => {
    const data = new Uint8Array(SIZE * SIZE);
    for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) data[y * SIZE + x] = Math.max(0, Math.min(255, draw(y, x) + Math.round((random() - 0.5) * 100)));
    return data;
  });
}

const png = (data: Uint8Array, channels = 1): Uint8Array => encodePng({ width: SIZE, height: SIZE, data, channels, depth: 8 });

/** A folder of class sub-folders with `count` PNGs per class; returns its path. */
function classFolders(name: string, count: number, seed: number): string {
  const root = join(dir, name);
  const random = stream(seed);
  for (const label of NAMES) {
    mkdirSync(join(root, label), { recursive: true });
    pictures(label, count, random).forEach((data, i) => writeFileSync(join(root, label, `${i}.png`), png(data)));
  }
  return root;
}

/** An IDX file: magic (0, 0, type 0x08 unsigned bytes, rank), dimensions big-endian, the bytes. */
function idx(name: string, shape: readonly number[], values: Uint8Array): string {
  const header = new DataView(new ArrayBuffer(4 + 4 * shape.length));
  header.setUint8(2, 0x08);
  header.setUint8(3, shape.length);
  shape.forEach((d, i) => header.setUint32(4 + 4 * i, d, false));
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat([new Uint8Array(header.buffer), values]));
  return path;
}

/** IDX images and labels of `count` images per class, interleaved. */
function idxPair(prefix: string, count: number, seed: number): { images: string; labels: string } {
  const random = stream(seed);
  const byClass = NAMES.map((name) => pictures(name, count, random));
  const images = new Uint8Array(count * NAMES.length * SIZE * SIZE);
  const labels = new Uint8Array(count * NAMES.length);
  for (let i = 0; i < count; i++) {
    byClass.forEach((list, k) => {
      images.set(list[i]!, (i * NAMES.length + k) * SIZE * SIZE);
      labels[i * NAMES.length + k] = k;
    });
  }
  return { images: idx(`${prefix}-images.idx`, [labels.length, SIZE, SIZE], images), labels: idx(`${prefix}-labels.idx`, [labels.length], labels) };
}

/** Short training that separates the three classes (measured: accuracy 1.0 on unseen images). */
const TRAINING = ['--channels', '4,8', '--epochs', '12', '--batch-size', '8', '--learning-rate', '0.005', '--dropout', '0', '--seed', '0', '--no-track'];

/**
 * Runs the CLI in this process, capturing the text it writes. Binary chunks pass through: the test
 * runner reports this file's results to its parent as serialized data on stdout, which must not be
 * swallowed while a command runs.
 */
async function cli(args: readonly string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const capture = (original: typeof process.stdout.write, append: (s: string) => void): typeof process.stdout.write =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => (typeof chunk === 'string' ? (append(chunk), true) : (original as (c: Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest))) as typeof process.stdout.write;
  process.stdout.write = capture(out, (s) => (stdout += s));
  process.stderr.write = capture(err, (s) => (stderr += s));
  try {
    return { status: await runCli(args), stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

async function expectBadInput(args: readonly string[], pattern: RegExp): Promise<void> {
  const run = await cli(args);
  assert.equal(run.status, 2, `expected exit 2, got ${run.status}: ${run.stderr}`);
  assert.match(run.stderr, /^error: /);
  assert.match(run.stderr, pattern);
}

describe('sprout train --pipeline image / sprout predict (image models)', () => {
  let train: string;
  let held: string;
  const model = join(dir, 'model');

  before(() => {
    train = classFolders('train', 20, 1);
    held = classFolders('held', 8, 2);
  });

  test('trains from class folders, reports on the test folder and saves an image model', () => {
    const run = runSprout(['train', '--pipeline', 'image', '--train', train, '--test', held, '--out', model, '--json', ...TRAINING]);
    assert.equal(run.status, 0, run.stderr);
    const result = lastJson(run);
    assert.equal(result['pipeline'], 'image');
    assert.equal(result['model'], model);
    const metrics = result['metrics'] as { accuracy: number; f1Macro: number };
    assert.ok(metrics.accuracy >= 0.9, `accuracy ${metrics.accuracy} on unseen images`);
    assert.ok(metrics.f1Macro >= 0.9, `macro F1 ${metrics.f1Macro}`);
    assert.match(run.stdout, /Confusion matrix/);
    assert.match(run.stdout, /1x16x16, 3 classes; training on 60, testing on 24/);
    assert.match(run.stderr, /epoch 12\/12: loss/);
    const config = JSON.parse(readFileSync(join(model, 'config.json'), 'utf8')) as { labels: string[]; metadata: { image: { inputShape: number[] }; pipeline: string } };
    assert.deepEqual(config.labels, NAMES);
    assert.deepEqual(config.metadata.image.inputShape, [1, SIZE, SIZE]);
    assert.equal(config.metadata.pipeline, 'image');
  });

  test('predict: class folders give CSV rows and the report; one image and a flat folder give rows', async () => {
    const out = join(dir, 'predictions.csv');
    const labelled = await cli(['predict', model, '--data', held, '--out', out, '--json']);
    assert.equal(labelled.status, 0, labelled.stderr);
    const rows = readFileSync(out, 'utf8').trim().split('\n');
    assert.equal(rows[0], 'file,label,confidence');
    assert.equal(rows.length, 1 + 24);
    const correct = rows.slice(1).filter((row) => row.split(',')[0]!.includes(`/${row.split(',')[1]}/`)).length;
    const summary = JSON.parse(labelled.stdout.trim().split('\n').at(-1)!) as { predictions: number; metrics: { accuracy: number } };
    assert.equal(summary.predictions, 24);
    assert.equal(summary.metrics.accuracy, correct / 24);
    assert.ok(summary.metrics.accuracy >= 0.9, `accuracy ${summary.metrics.accuracy}`);
    assert.match(labelled.stdout, /Confusion matrix/);

    const one = await cli(['predict', model, '--data', join(held, 'ring', '3.png')]);
    assert.equal(one.status, 0, one.stderr);
    assert.match(one.stdout, /^file,label,confidence\n.*ring\/3\.png,ring,0\.\d{6}\n$/);

    const flat = await cli(['predict', model, '--data', join(held, 'vertical')]);
    assert.equal(flat.status, 0, flat.stderr);
    const flatRows = flat.stdout.trim().split('\n').slice(1);
    assert.equal(flatRows.length, 8);
    assert.ok(flatRows.filter((row) => row.includes(',vertical,')).length >= 7, flat.stdout);
  });

  test('info describes the image model: kind, classes, architecture, recorded metrics, sizes', async () => {
    const info = await cli(['info', model]);
    assert.equal(info.status, 0, info.stderr);
    assert.match(info.stdout, /Pipeline: an image classifier/);
    assert.match(info.stdout, /Classes \(3\): /);
    assert.match(info.stdout, /Conv2d/);
    assert.match(info.stdout, /accuracy\s+[01]\.\d{4}/);
    assert.match(info.stdout, /parameters: [\d,]+/);
  });

  test('trains from an IDX image file with its label file, and predicts an IDX file with labels', async () => {
    const trainIdx = idxPair('train', 20, 3);
    const testIdx = idxPair('test', 8, 4);
    const idxModel = join(dir, 'idx-model');
    const run = await cli(['train', '--pipeline', 'image', '--train', trainIdx.images, '--train-labels', trainIdx.labels, '--test', testIdx.images, '--test-labels', testIdx.labels, '--validation', testIdx.images, '--validation-labels', testIdx.labels, '--class-names', NAMES.join(','), '--out', idxModel, '--json', ...TRAINING]);
    assert.equal(run.status, 0, run.stderr);
    const metrics = lastJson({ ...run, status: 0 })['metrics'] as { accuracy: number };
    assert.ok(metrics.accuracy >= 0.9, `accuracy ${metrics.accuracy}`);
    // The validation images are scored after every epoch; here they are the test images, so the last score is the test accuracy.
    const scores = [...run.stderr.matchAll(/validation accuracy (\d\.\d{4})/g)].map((m) => Number(m[1]));
    assert.equal(scores.length, 12, run.stderr);
    assert.equal(scores.at(-1), Number(metrics.accuracy.toFixed(4)));
    const predicted = await cli(['predict', idxModel, '--data', testIdx.images, '--labels', testIdx.labels, '--json']);
    assert.equal(predicted.status, 0, predicted.stderr);
    const lines = predicted.stdout.trim().split('\n');
    assert.equal(lines[1], `${testIdx.images}[0],horizontal,${lines[1]!.split(',')[2]}`);
    assert.equal(lines.length, 1 + 24 + 1);
    assert.ok((JSON.parse(lines.at(-1)!) as { metrics: { accuracy: number } }).metrics.accuracy >= 0.9);
    assert.match(predicted.stderr, /Confusion matrix/);
  });

  test('bad input exits 2 with a message naming the problem', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const flat = join(dir, 'flat');
    mkdirSync(flat);
    writeFileSync(join(flat, 'a.png'), png(pictures('ring', 1, stream(5))[0]!));
    const corrupt = join(dir, 'corrupt');
    mkdirSync(join(corrupt, 'cat'), { recursive: true });
    mkdirSync(join(corrupt, 'dog'), { recursive: true });
    writeFileSync(join(corrupt, 'cat', 'a.png'), png(pictures('ring', 1, stream(6))[0]!));
    writeFileSync(join(corrupt, 'dog', 'b.png'), 'not a picture');
    const colour = join(dir, 'colour');
    mkdirSync(colour);
    const rgb = new Uint8Array(SIZE * SIZE * 3).map((_, i) => (i % 3 === 0 ? 200 : 20));
    writeFileSync(join(colour, 'red.png'), png(rgb, 3));
    const pair = idxPair('short', 4, 7);
    const fewerLabels = idx('fewer-labels.idx', [11], new Uint8Array(11));
    const tabular = join(dir, 'tabular');
    await saveModel(new Model(new Sequential(new Linear(2, 2))), tabular);
    const broken = join(dir, 'broken-image-model');
    mkdirSync(broken);
    for (const file of ['model.safetensors', 'config.json']) writeFileSync(join(broken, file), readFileSync(join(model, file)));
    const config = JSON.parse(readFileSync(join(broken, 'config.json'), 'utf8')) as { metadata: { image: { inputShape: number[] } } };
    config.metadata.image.inputShape = [1, SIZE];
    writeFileSync(join(broken, 'config.json'), JSON.stringify(config));

    const trainImage = ['train', '--pipeline', 'image', '--no-track', '--out', join(dir, 'never')];
    await expectBadInput([...trainImage, '--train', empty], /'.*empty' holds no images: expected class sub-folders/);
    await expectBadInput([...trainImage, '--train', flat], /has no class sub-folders; training needs one sub-folder per class/);
    await expectBadInput([...trainImage, '--train', corrupt], /'.*dog\/b\.png'.*not a PNG or JPEG/);
    await expectBadInput([...trainImage, '--train', pair.images], /is an IDX image file: give its labels with --train-labels/);
    await expectBadInput([...trainImage, '--train', pair.images, '--train-labels', join(dir, 'missing-labels.idx')], /missing-labels\.idx/);
    await expectBadInput([...trainImage, '--train', pair.images, '--train-labels', fewerLabels], /holds 12 images but --train-labels '.*fewer-labels\.idx' holds 11 labels/);
    await expectBadInput([...trainImage, '--train', train, '--size', '30x30'], /multiples of 4: pass --size 32x32/);
    await expectBadInput([...trainImage, '--train', train, '--class-names', 'a,b,c'], /--class-names names the classes of IDX labels/);
    await expectBadInput(['predict', model, '--data', colour], /'.*red\.png' is a colour image but the model takes grey images/);
    await expectBadInput(['predict', model, '--data', join(dir, 'fewer-labels.idx')], /holds an IDX array of shape \[11\]/);
    await expectBadInput(['predict', model], /is an image model: give an image, a folder of images or an IDX image file with --data/);
    await expectBadInput(['predict', tabular, '--data', held], /holds a tabular model.*need an image classifier/);
    await expectBadInput(['predict', broken, '--data', held], /metadata\.image\.inputShape/);
  });
});
