/**
 * Damaged model folders: 1,000 seeded mutations of saved models (bit flips, byte changes,
 * truncations, insertions and structured JSON edits of config.json and of the safetensors header)
 * must each either load or raise ModelFormatError: no other error type, no crash, no hang.
 *
 * The runtime is bounded by construction: a fixed number of mutations of small models, each one
 * load. Numbers written into the JSON include huge ones (a layer 10⁹ wide, 2⁴⁰ LSTM layers): the
 * loader builds the architecture under an allocation budget derived from the weights file's size,
 * so such a config fails fast with ModelFormatError instead of exhausting memory.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Generator, Linear, Model, ModelFormatError, ReLU, seededRandom, Sequential, Tanh } from '../../src/index.js';
import { loadModel, MODEL_CONFIG_FILE, MODEL_WEIGHTS_FILE, saveModel } from '../../src/node/index.js';
import { BatchNorm1d } from '../../src/nn/batch-norm1d.js';
import { BatchNorm2d } from '../../src/nn/batch-norm2d.js';
import { Conv2d } from '../../src/nn/conv2d.js';
import { Dropout } from '../../src/nn/dropout.js';
import { Embedding } from '../../src/nn/embedding.js';
import { Flatten } from '../../src/nn/flatten.js';
import { GroupNorm } from '../../src/nn/group-norm.js';
import { LayerNorm } from '../../src/nn/layer-norm.js';
import { LSTM } from '../../src/nn/lstm.js';
import { MaxPool2d } from '../../src/nn/max-pool2d.js';
import { MultiHeadAttention } from '../../src/nn/multi-head-attention.js';
import { Residual } from '../../src/nn/residual.js';

const MUTATIONS = 1000;


type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const REPLACEMENTS: readonly Json[] = [
  null, true, false, 0, -1, 1, 2, 3, 64, 1e9, 2 ** 40, 0.5, -0, -1e300, '', 'x', 'Linear', 'Sequential', 'float64', 'F64',
  [], [1], [-1], {}, { type: 'Linear', config: {} }, { type: 'ReLU', config: {} },
];

/** Every place in a JSON tree: the container and the key or index holding a value. */
function places(root: Json): { holder: Json[] | { [key: string]: Json }; key: string | number }[] {
  const found: { holder: Json[] | { [key: string]: Json }; key: string | number }[] = [];
  const walk = (node: Json): void => {
    if (typeof node !== 'object' || node === null) return;
    const entries: [string | number, Json][] = Array.isArray(node) ? node.map((child, i) => [i, child]) : Object.entries(node);
    for (const [key, child] of entries) {
      found.push({ holder: node, key });
      walk(child);
    }
  };
  walk(root);
  return found;
}

/** One structured edit of a parsed JSON document, described for the failure message. */
function editJson(doc: Json, rand: () => number): string {
  const all = places(doc);
  if (all.length === 0) return 'nothing to edit';
  const { holder, key } = all[Math.floor(rand() * all.length)]!;
  const get = (): Json => (Array.isArray(holder) ? holder[key as number]! : holder[key as string]!);
  const set = (v: Json): void => {
    if (Array.isArray(holder)) holder[key as number] = v;
    else holder[key as string] = v;
  };
  const choice = Math.floor(rand() * 5);
  if (choice === 0) {
    if (Array.isArray(holder)) holder.splice(key as number, 1);
    else Reflect.deleteProperty(holder, key);
    return `delete ${key}`;
  }
  if (choice === 1) {
    const v = REPLACEMENTS[Math.floor(rand() * REPLACEMENTS.length)]!;
    set(JSON.parse(JSON.stringify(v)) as Json);
    return `set ${key} = ${JSON.stringify(v)}`;
  }
  if (choice === 2 && typeof get() === 'number') {
    const delta = [-1, 1, 2, -2, 0.5][Math.floor(rand() * 5)]!;
    set((get() as number) + delta);
    return `${key} += ${delta}`;
  }
  if (choice === 3 && Array.isArray(holder)) {
    holder.splice(key as number, 0, JSON.parse(JSON.stringify(get())) as Json);
    return `duplicate [${key}]`;
  }
  // Swap in another string or number from the same document (layer type names, tensor names, dtypes…).
  const pool = all.map((p) => (Array.isArray(p.holder) ? p.holder[p.key as number] : p.holder[p.key as string])).filter((v) => typeof v === typeof get() && typeof v !== 'object');
  const v = pool.length > 0 ? pool[Math.floor(rand() * pool.length)]! : null;
  set(v);
  return `set ${key} = ${JSON.stringify(v)} (from the document)`;
}

/** One mutation of a file's bytes; `header` marks a safetensors file, whose JSON header can be edited. */
function mutate(bytes: Uint8Array, isSafetensors: boolean, rand: () => number): { bytes: Uint8Array; what: string } {
  const at = (n: number): number => Math.floor(rand() * n);
  const kind = at(isSafetensors ? 7 : 6);
  const out = new Uint8Array(bytes);
  // Aim half the byte-level damage at a safetensors header, where the structure lives.
  const headerEnd = isSafetensors ? Math.min(bytes.length, 8 + Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true))) : bytes.length;
  const position = (): number => (isSafetensors && rand() < 0.5 ? at(headerEnd) : at(bytes.length));
  switch (kind) {
    case 0: {
      const i = position();
      const bit = at(8);
      out[i] = out[i]! ^ (1 << bit);
      return { bytes: out, what: `flip bit ${bit} of byte ${i}` };
    }
    case 1: {
      const i = position();
      out[i] = at(256);
      return { bytes: out, what: `set byte ${i} to ${out[i]}` };
    }
    case 2: {
      const n = at(bytes.length);
      return { bytes: bytes.slice(0, n), what: `truncate to ${n} bytes` };
    }
    case 3: {
      const i = position();
      const b = at(256);
      return { bytes: new Uint8Array([...bytes.subarray(0, i), b, ...bytes.subarray(i)]), what: `insert byte ${b} at ${i}` };
    }
    case 4: {
      const i = position();
      return { bytes: new Uint8Array([...bytes.subarray(0, i), ...bytes.subarray(i + 1)]), what: `delete byte ${i}` };
    }
    case 5: {
      if (!isSafetensors) {
        const doc = JSON.parse(new TextDecoder().decode(bytes)) as Json;
        const what = editJson(doc, rand);
        return { bytes: new TextEncoder().encode(JSON.stringify(doc, null, 2)), what: `JSON edit: ${what}` };
      }
      const doc = JSON.parse(new TextDecoder().decode(bytes.subarray(8, headerEnd))) as Json;
      const what = editJson(doc, rand);
      const header = new TextEncoder().encode(JSON.stringify(doc));
      const result = new Uint8Array(8 + header.length + (bytes.length - headerEnd));
      new DataView(result.buffer).setBigUint64(0, BigInt(header.length), true);
      result.set(header, 8);
      result.set(bytes.subarray(headerEnd), 8 + header.length);
      return { bytes: result, what: `header JSON edit: ${what}` };
    }
    default: {
      const values = [0n, 1n, 7n, BigInt(bytes.length), 2n ** 53n, 2n ** 64n - 1n];
      const v = values[at(values.length)]!;
      new DataView(out.buffer).setBigUint64(0, v, true);
      return { bytes: out, what: `header length := ${v}` };
    }
  }
}

function bases(): Model[] {
  const g = new Generator(11);
  const mlp = new Model(
    new Sequential(
      new Linear(4, 6, { generator: g }),
      new BatchNorm1d(6),
      new ReLU(),
      new Dropout(0.2, { generator: g }),
      new Residual(new Sequential(new Linear(6, 6, { generator: g }), new Tanh())),
      new LayerNorm(6),
      new Linear(6, 3, { generator: g }),
    ),
  );
  mlp.compile({ optimizer: 'adam', learningRate: 0.01, loss: 'crossEntropy', metrics: ['accuracy'] });
  const cnn = new Model(
    new Sequential(
      new Conv2d(1, 2, 3, { padding: 1, generator: g }),
      new BatchNorm2d(2),
      new MaxPool2d(2),
      new GroupNorm(1, 2),
      new Flatten(),
      new Linear(8, 2, { generator: g }),
    ),
  );
  cnn.compile({ optimizer: 'sgd', learningRate: 0.1, loss: 'mse' });
  const sequence = new Model(
    new Sequential(
      new Embedding(7, 4, { generator: g }),
      new MultiHeadAttention(4, 2, { batchFirst: true, generator: g }),
      new LSTM(4, 3, { batchFirst: true, generator: g }),
    ),
  );
  return [mlp, cnn, sequence];
}

let root = '';
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'sprout-fuzz-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

test(`${MUTATIONS} seeded mutations of saved models each load or raise ModelFormatError, nothing else`, async () => {
  const originals: { config: Uint8Array; weights: Uint8Array }[] = [];
  for (const [i, model] of bases().entries()) {
    const dir = join(root, `base-${i}`);
    await saveModel(model, dir, { labels: ['a', 'b', 'c'], metadata: { source: 'fuzz', scores: [0.5, 1] } });
    originals.push({ config: await readFile(join(dir, MODEL_CONFIG_FILE)), weights: await readFile(join(dir, MODEL_WEIGHTS_FILE)) });
  }
  const rand = seededRandom(20240611); // the same mutations on every run
  const dir = join(root, 'mutated');
  await saveModel(bases()[0]!, dir);
  const outcomes = { loaded: 0, formatError: 0 };
  for (let i = 0; i < MUTATIONS; i++) {
    const original = originals[i % originals.length]!;
    const inConfig = rand() < 0.5;
    const { bytes, what } = mutate(inConfig ? original.config : original.weights, !inConfig, rand);
    await writeFile(join(dir, MODEL_CONFIG_FILE), inConfig ? bytes : original.config);
    await writeFile(join(dir, MODEL_WEIGHTS_FILE), inConfig ? original.weights : bytes);
    try {
      await loadModel(dir);
      outcomes.loaded++;
    } catch (error) {
      if (!(error instanceof ModelFormatError)) {
        assert.fail(`mutation ${i} (${inConfig ? MODEL_CONFIG_FILE : MODEL_WEIGHTS_FILE}: ${what}) raised ${String(error)}\n${(error as Error).stack ?? ''}`);
      }
      assert.match(error.message, /^loadModel: /);
      outcomes.formatError++;
    }
  }
  assert.equal(outcomes.loaded + outcomes.formatError, MUTATIONS);
  // Both outcomes occur: damage in the data section still loads; structural damage is refused.
  assert.ok(outcomes.formatError > MUTATIONS / 4, `format errors: ${outcomes.formatError}`);
  assert.ok(outcomes.loaded > 10, `valid loads: ${outcomes.loaded}`);
});
