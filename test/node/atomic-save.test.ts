/**
 * A crash at any step of saveModel leaves the old complete model or the new complete one. Crashes
 * are simulated with a file system that fails at a chosen step and, when the process is meant to
 * "die" there, refuses every later call too, so no clean-up code runs.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Generator, Linear, Model, randn, ReLU, Sequential, type Tensor } from '../../src/index.js';
import { type FileSystemOps, loadModel, MODEL_CONFIG_FILE, MODEL_WEIGHTS_FILE, NODE_FILE_SYSTEM, saveModel, writeFileAtomic } from '../../src/node/index.js';

class SimulatedCrash extends Error {}

type Step = (op: keyof FileSystemOps, args: readonly string[]) => boolean;

/** Node's file system, failing at the first call `at` matches; with `die`, failing every call after it as well. */
function faulty(at: Step, die: boolean): FileSystemOps {
  let dead = false;
  let fired = false;
  const wrap = <K extends keyof FileSystemOps>(op: K): FileSystemOps[K] =>
    (async (...args: unknown[]) => {
      if (dead) throw new SimulatedCrash(`${op} after the crash`);
      if (!fired && at(op, args.filter((a): a is string => typeof a === 'string'))) {
        fired = true;
        dead = die;
        throw new SimulatedCrash(`${op} failed`);
      }
      return (NODE_FILE_SYSTEM[op] as (...a: unknown[]) => Promise<unknown>)(...args);
    }) as FileSystemOps[K];
  return {
    mkdir: wrap('mkdir'),
    writeFileSynced: wrap('writeFileSynced'),
    syncDirectory: wrap('syncDirectory'),
    rename: wrap('rename'),
    remove: wrap('remove'),
    readdir: wrap('readdir'),
    kind: wrap('kind'),
    readFile: wrap('readFile'),
  };
}

const x = randn([4, 3], { generator: new Generator(0) });

function model(seed: number): Model {
  const g = new Generator(seed);
  return new Model(new Sequential(new Linear(3, 5, { generator: g }), new ReLU(), new Linear(5, 2, { generator: g })));
}

function bytesOf(t: Tensor): Buffer {
  const data = t.dataSync();
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

const OLD = bytesOf(model(1).predict(x));
const NEW = bytesOf(model(2).predict(x));

let root = '';
let count = 0;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'sprout-atomic-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A fresh parent folder holding `model` saved from model(1). */
async function withOldModel(): Promise<{ parent: string; dir: string }> {
  const parent = join(root, `case-${count++}`);
  const dir = join(parent, 'model');
  await saveModel(model(1), dir);
  return { parent, dir };
}

async function predictionsAt(dir: string): Promise<Buffer> {
  return bytesOf((await loadModel(dir)).model.predict(x));
}

/** The rename that moves the finished new folder onto the model's path. */
const finalRename: Step = (op, args) => op === 'rename' && basename(args[1] ?? '') === 'model' && basename(args[0] ?? '').includes('.sprout-new-');

describe('saveModel is atomic', () => {
  test('a failing final rename rolls back: the old model stays in place and loadable, no temporaries remain', async () => {
    const { parent, dir } = await withOldModel();
    await assert.rejects(saveModel(model(2), dir, { fileSystem: faulty(finalRename, false) }), SimulatedCrash);
    assert.ok((await predictionsAt(dir)).equals(OLD));
    assert.deepEqual(await readdir(parent), ['model']);
  });

  test('a failing write leaves the old model untouched and removes the partial folder', async () => {
    const { parent, dir } = await withOldModel();
    const failWrite: Step = (op, args) => op === 'writeFileSynced' && basename(args[0] ?? '') === MODEL_CONFIG_FILE;
    await assert.rejects(saveModel(model(2), dir, { fileSystem: faulty(failWrite, false) }), SimulatedCrash);
    assert.ok((await predictionsAt(dir)).equals(OLD));
    assert.deepEqual(await readdir(parent), ['model']);
  });

  test('dying between the two renames leaves both complete copies; loadModel reads the new one; the next save tidies up', async () => {
    const { parent, dir } = await withOldModel();
    await assert.rejects(saveModel(model(2), dir, { fileSystem: faulty(finalRename, true) }), SimulatedCrash);
    const left = (await readdir(parent)).sort();
    assert.equal(left.length, 2);
    assert.match(left[0]!, /^\.model\.sprout-new-/);
    assert.match(left[1]!, /^\.model\.sprout-old-/);
    for (const copy of left) assert.deepEqual((await readdir(join(parent, copy))).sort(), [MODEL_CONFIG_FILE, MODEL_WEIGHTS_FILE]);
    const recovered = await loadModel(dir);
    assert.equal(recovered.folder, join(parent, left[0]!));
    assert.ok(bytesOf(recovered.model.predict(x)).equals(NEW));
    // Reading changed nothing on disk.
    assert.deepEqual((await readdir(parent)).sort(), left);
    // With only the old copy left, that one is read.
    await rm(join(parent, left[0]!), { recursive: true });
    assert.ok((await predictionsAt(dir)).equals(OLD));
    await saveModel(model(2), dir);
    assert.deepEqual(await readdir(parent), ['model']);
    assert.ok((await predictionsAt(dir)).equals(NEW));
  });

  test('dying before the old model is moved aside leaves it in place; the next save removes the unused new copy', async () => {
    const { parent, dir } = await withOldModel();
    const moveAside: Step = (op, args) => op === 'rename' && basename(args[0] ?? '') === 'model';
    await assert.rejects(saveModel(model(2), dir, { fileSystem: faulty(moveAside, true) }), SimulatedCrash);
    assert.ok((await predictionsAt(dir)).equals(OLD));
    assert.equal((await readdir(parent)).length, 2);
    await saveModel(model(2), dir);
    assert.deepEqual(await readdir(parent), ['model']);
  });

  test('dying while writing the files leaves the old model in place and a partial folder that loadModel ignores', async () => {
    const { parent, dir } = await withOldModel();
    const midWrite: Step = (op, args) => op === 'writeFileSynced' && basename(args[0] ?? '') === MODEL_CONFIG_FILE;
    await assert.rejects(saveModel(model(2), dir, { fileSystem: faulty(midWrite, true) }), SimulatedCrash);
    assert.ok((await readdir(parent)).some((e) => e.startsWith('.model.sprout-partial-')));
    assert.ok((await predictionsAt(dir)).equals(OLD));
    // Even with the model folder gone, a partial folder is never taken for a model.
    await rm(dir, { recursive: true });
    await assert.rejects(loadModel(dir), /no model folder/);
    await saveModel(model(2), dir);
    assert.deepEqual(await readdir(parent), ['model']);
  });

  test('dying after the swap leaves the new model in place; the old copy is removed by the next save', async () => {
    const { parent, dir } = await withOldModel();
    const cleanUp: Step = (op, args) => op === 'remove' && basename(args[0] ?? '').includes('.sprout-old-');
    // Clean-up failures do not fail a save whose model is already in place.
    await saveModel(model(2), dir, { fileSystem: faulty(cleanUp, true) });
    assert.ok((await readdir(parent)).some((e) => e.startsWith('.model.sprout-old-')));
    assert.ok((await predictionsAt(dir)).equals(NEW));
    await saveModel(model(1), dir);
    assert.deepEqual(await readdir(parent), ['model']);
    assert.ok((await predictionsAt(dir)).equals(OLD));
  });

  test('dying at any step leaves the old model or the new one, never anything else', async () => {
    // Count the file-system calls of one save, then die at each of them in turn.
    const { dir: probeDir } = await withOldModel();
    let calls = 0;
    await saveModel(model(2), probeDir, { fileSystem: faulty(() => (calls++, false), false) });
    assert.ok(calls >= 10, `a save makes ${calls} calls`);
    for (let step = 0; step < calls; step++) {
      const { dir } = await withOldModel();
      let seen = 0;
      await saveModel(model(2), dir, { fileSystem: faulty(() => seen++ === step, true) }).catch((e: unknown) => {
        if (!(e instanceof SimulatedCrash)) throw e;
      });
      const got = await predictionsAt(dir);
      assert.ok(got.equals(OLD) || got.equals(NEW), `dying at call ${step} left neither model`);
    }
  });

  test('temporaries of a save still running in another process are left alone', async () => {
    const { parent, dir } = await withOldModel();
    // The parent process of this test runner is alive for the whole test.
    const foreign = join(parent, `.model.sprout-partial-0000000000-${process.ppid}-abcdef01`);
    await mkdir(foreign);
    await saveModel(model(2), dir);
    assert.deepEqual((await readdir(parent)).sort(), [basename(foreign), 'model'].sort());
  });
});

describe('writeFileAtomic', () => {
  test('writes and replaces a file, leaving no temporary', async () => {
    const folder = join(root, 'atomic-file');
    await mkdir(folder);
    const path = join(folder, 'notes.txt');
    await writeFileAtomic(path, 'first');
    await writeFileAtomic(path, new TextEncoder().encode('second'));
    assert.equal(await readFile(path, 'utf8'), 'second');
    assert.deepEqual(await readdir(folder), ['notes.txt']);
  });

  test('a failing rename keeps the old contents and removes the temporary', async () => {
    const folder = join(root, 'atomic-fail');
    await mkdir(folder);
    const path = join(folder, 'notes.txt');
    await writeFile(path, 'old');
    await assert.rejects(writeFileAtomic(path, 'new', { fileSystem: faulty((op) => op === 'rename', false) }), SimulatedCrash);
    assert.equal(await readFile(path, 'utf8'), 'old');
    assert.deepEqual(await readdir(folder), ['notes.txt']);
  });

  test('refuses bad arguments and reports a missing folder', async () => {
    await assert.rejects(writeFileAtomic('', 'x'), /path must be a non-empty string/);
    await assert.rejects(writeFileAtomic(join(root, 'x.txt'), 3 as unknown as string), /data must be a Uint8Array or a string/);
    await assert.rejects(writeFileAtomic(join(root, 'no-such-folder', 'x.txt'), 'x'), { code: 'ENOENT' });
  });
});
