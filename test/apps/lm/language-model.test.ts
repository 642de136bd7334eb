/**
 * The lm pipeline's parts: the vocabulary, the key/value cache (cached logits equal a full forward
 * pass over the prefix, bit for bit), sampling (temperature 0 and top-k 1 are greedy; draws follow
 * the softmax), seeded generation, and a saved folder that loads and generates the same text.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { CharLanguageModel, CharVocabulary, GptModel, sampleToken } from '../../../src/apps/lm/index.js';
import { Generator, ModelFormatError, noGrad, ShapeError, tensor, ValueError } from '../../../src/core/index.js';
import { loadModel, saveModel } from '../../../src/node/index.js';
import { Model } from '../../../src/train/index.js';

const dir = mkdtempSync(join(tmpdir(), 'sprout-lm-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function tinyModel(seed = 1): CharLanguageModel {
  const vocabulary = CharVocabulary.fromText('abcdefghij \n');
  return new CharLanguageModel(new Model(new GptModel({ vocabSize: vocabulary.size, contextLength: 16, dModel: 32, nHead: 4, numLayers: 2 }, new Generator(seed))), vocabulary);
}

describe('CharVocabulary', () => {
  test('is the sorted character set; encode and decode invert each other', () => {
    const v = CharVocabulary.fromText('hello world');
    assert.deepEqual(v.chars, [' ', 'd', 'e', 'h', 'l', 'o', 'r', 'w']);
    assert.deepEqual(Array.from(v.encode('hold')), [3, 5, 4, 1]);
    assert.equal(v.decode(v.encode('low world')), 'low world');
  });

  test('names an unknown character and its position; refuses a malformed saved list', () => {
    assert.throws(() => CharVocabulary.fromText('abc').encode('abz'), (e: Error) => e instanceof ValueError && /"z" at position 2/.test(e.message));
    assert.throws(() => CharVocabulary.fromJSON(['a', 'a']), ModelFormatError);
    assert.throws(() => CharVocabulary.fromJSON('abc'), ModelFormatError);
  });
});

describe('GptModel key/value cache', () => {
  // Within float32 rounding, not bit for bit: the cached steps multiply one or a few rows, which the
  // wasm backend does without packing (kernels/matmul-small.ts), summing in another order. A wrong
  // cache (a missed position, a stale key) moves logits by tenths, not millionths.
  test('cached logits equal the full forward pass over the prefix (a chunk, then one token at a time)', () => {
    const gpt = tinyModel().gpt;
    gpt.eval();
    const ids = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8];
    const full = noGrad(() => gpt.forward(tensor(Int32Array.from(ids), { shape: [1, ids.length] })).dataSync());
    const cache = gpt.newCache();
    const cached: number[] = [];
    noGrad(() => {
      cached.push(...gpt.forwardCached(tensor(Int32Array.from(ids.slice(0, 5)), { shape: [1, 5] }), cache).dataSync());
      for (let i = 5; i < ids.length; i++) cached.push(...gpt.forwardCached(tensor(Int32Array.from([ids[i]!]), { shape: [1, 1] }), cache).dataSync());
    });
    assert.equal(cache.length, ids.length);
    assert.equal(cached.length, full.length);
    for (let i = 0; i < full.length; i++) {
      assert.ok(Math.abs(cached[i]! - full[i]!) <= 1e-5 * (1 + Math.abs(full[i]!)), `logit ${i}: ${cached[i]} vs ${full[i]}`);
    }
  });

  test('refuses positions past the context length', () => {
    const gpt = tinyModel().gpt;
    assert.throws(() => gpt.forward(tensor(new Int32Array(17), { shape: [1, 17] })), ShapeError);
    const cache = gpt.newCache();
    noGrad(() => gpt.forwardCached(tensor(new Int32Array(16), { shape: [1, 16] }), cache));
    assert.throws(() => gpt.forwardCached(tensor(new Int32Array(1), { shape: [1, 1] }), cache), /pass the context length 16/);
  });
});

describe('sampleToken', () => {
  const logits = [0.5, 2, 1, -1];

  test('temperature 0 and top-k 1 take the most likely token whatever the draw', () => {
    for (const u of [0, 0.3, 0.999]) {
      assert.equal(sampleToken(logits, u, { temperature: 0 }), 1);
      assert.equal(sampleToken(logits, u, { topK: 1 }), 1);
    }
  });

  test('draws follow softmax(logits / T), and top-k keeps only the k most likely', () => {
    const n = 10_000;
    for (const temperature of [1, 0.5]) {
      const counts = [0, 0, 0, 0];
      for (let i = 0; i < n; i++) counts[sampleToken(logits, (i + 0.5) / n, { temperature })]!++;
      const w = logits.map((l) => Math.exp(l / temperature));
      const total = w.reduce((s, x) => s + x, 0);
      w.forEach((x, k) => assert.ok(Math.abs(counts[k]! / n - x / total) < 2e-3, `T=${temperature}, token ${k}: ${counts[k]! / n} vs ${x / total}`));
    }
    const seen = new Set(Array.from({ length: 100 }, (_, i) => sampleToken(logits, i / 100, { topK: 2 })));
    assert.deepEqual([...seen].sort(), [1, 2]);
  });
});

describe('CharLanguageModel', () => {
  test('generation repeats for a seed, stays in the vocabulary, runs past the context window', async () => {
    const lm = tinyModel();
    const a = await lm.generate('abc', { tokens: 40, seed: 7, temperature: 1.2 });
    assert.equal(a.length, 40);
    assert.equal(await lm.generate('abc', { tokens: 40, seed: 7, temperature: 1.2 }), a);
    assert.notEqual(await lm.generate('abc', { tokens: 40, seed: 8, temperature: 1.2 }), a);
    for (const c of a) assert.ok(lm.vocabulary.chars.includes(c));
    await assert.rejects(lm.generate('', { tokens: 1 }), /prompt is empty/);
    await assert.rejects(lm.generate('abz', { tokens: 1 }), /"z" at position 2/);
    await assert.rejects(lm.generate('a', { topK: 0 }), /topK must be a positive integer/);
  });

  test('a saved folder loads with its vocabulary and generates the same text', async () => {
    const lm = tinyModel(3);
    await saveModel(lm.model, join(dir, 'lm'), { metadata: lm.metadata({ note: 'test' }) });
    const { model, config } = await loadModel(join(dir, 'lm'));
    const again = CharLanguageModel.fromModel(model, config.metadata);
    assert.deepEqual(again.vocabulary.chars, lm.vocabulary.chars);
    assert.equal(await again.generate('hi', { tokens: 30, seed: 1 }), await lm.generate('hi', { tokens: 30, seed: 1 }));
    assert.equal((await again.evaluate('abc def ghij')).loss, (await lm.evaluate('abc def ghij')).loss);
    assert.throws(() => CharLanguageModel.fromModel(model, { other: 1 }), /no 'lm' entry/);
  });

  test('evaluate averages the next-character loss over every character after the first', async () => {
    const lm = tinyModel();
    const text = 'abcdefghij abcdefghij abcdefghij abc'; // 36 characters: two full windows and a short one
    const { loss, characters } = await lm.evaluate(text);
    assert.equal(characters, text.length - 1);
    // An untrained model is close to uniform over the 12 characters.
    assert.ok(Math.abs(loss - Math.log(12)) < 0.5, `loss ${loss}`);
  });
});
