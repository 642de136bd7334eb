import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { Conv2d, Generator, GroupNorm, Linear, Model, randn, ReLU, Sequential } from '../../src/index.js';
import { decodeOnnxModel } from '../../src/io/index.js';
import { loadModel, saveModel } from '../../src/node/index.js';
import { runCli } from '../../src/cli/run-cli.js';
import { runSprout } from './run-sprout.js';

let root = '';
let modelDir = '';
let model: Model;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'sprout-onnx-cli-'));
  const g = new Generator(21);
  model = new Model(new Sequential(new Linear(5, 8, { generator: g }), new ReLU(), new Linear(8, 3, { generator: g })));
  modelDir = join(root, 'mlp');
  await saveModel(model, modelDir, { labels: ['a', 'b', 'c'] });
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Runs the CLI in this process and returns the status and what it wrote to stderr. */
async function runQuietly(args: string[]): Promise<{ status: number; stderr: string }> {
  const original = process.stderr.write.bind(process.stderr);
  let stderr = '';
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    return { status: await runCli(args), stderr };
  } finally {
    process.stderr.write = original;
  }
}

test('sprout export writes an ONNX file that ONNX Runtime runs like the model, and sprout import reads it back', async () => {
  const file = join(root, 'mlp.onnx');
  const exported = runSprout(['export', modelDir, '--onnx', file]);
  assert.equal(exported.status, 0, exported.stderr);
  assert.match(exported.stdout, /Wrote .*mlp\.onnx/);
  const bytes = new Uint8Array(await readFile(file));
  assert.equal(decodeOnnxModel(bytes).metadata.labels, '["a","b","c"]');

  const x = randn([4, 5], { generator: new Generator(22) });
  const want = model.predict(x).dataSync();
  const session = await ort.InferenceSession.create(bytes);
  const got = (await session.run({ input: new ort.Tensor('float32', Float32Array.from(x.dataSync()), [4, 5]) })).output!.data as Float32Array;
  want.forEach((w, i) => assert.ok(Math.abs(w - got[i]!) <= 1e-4, `output ${i}: ONNX Runtime ${got[i]}, Sprout ${w}`));

  const importedDir = join(root, 'imported');
  const imported = runSprout(['import', file, '--out', importedDir]);
  assert.equal(imported.status, 0, imported.stderr);
  assert.match(imported.stdout, /3 nodes \(Gemm, Relu\), 75 parameters/);
  const { model: reloaded } = await loadModel(importedDir);
  const again = reloaded.predict(x).dataSync();
  want.forEach((w, i) => assert.ok(Math.abs(w - again[i]!) <= 1e-6, `output ${i}: imported ${again[i]}, original ${w}`));
});

test('sprout export and import exit with status 2 and one error line for bad input', async () => {
  const missing = await runQuietly(['export', join(root, 'no-such-model'), '--onnx', join(root, 'x.onnx')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /^error: loadModel: no model folder at/);

  const g = new Generator(23);
  const unsupportedDir = join(root, 'groupnorm');
  await saveModel(new Model(new Sequential(new Conv2d(1, 4, 3, { generator: g }), new GroupNorm(2, 4))), unsupportedDir);
  const unsupported = await runQuietly(['export', unsupportedDir, '--onnx', join(root, 'g.onnx')]);
  assert.equal(unsupported.status, 2);
  assert.match(unsupported.stderr, /^error: exportOnnx: layer '1' is a GroupNorm, which has no ONNX converter/);

  const badShape = await runQuietly(['export', modelDir, '--onnx', join(root, 'y.onnx'), '--input-shape', '5,x']);
  assert.equal(badShape.status, 2);
  assert.match(badShape.stderr, /--input-shape must be positive integers/);

  const notOnnx = join(root, 'notes.onnx');
  await writeFile(notOnnx, 'this is not a protobuf model\n');
  const bad = await runQuietly(['import', notOnnx, '--out', join(root, 'never')]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^error: loadOnnx: '.*notes\.onnx': not an ONNX model/);
});
