/**
 * Attention maps read through MultiHeadAttention.weightsObserver: rows are distributions (sum to
 * 1), a causal layer's maps are lower triangular, the observer does not change the output and is
 * removed afterwards.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Generator, noGrad, randn, tensor, type Tensor, ValueError } from '../../src/core/index.js';
import { TransformerTextModel } from '../../src/apps/text/index.js';
import { attentionMaps } from '../../src/explain/index.js';
import { Linear, Module, MultiHeadAttention, TransformerEncoderLayer } from '../../src/nn/index.js';

/** Two encoder layers (the second causal) and a head: [N, T, 8] → [N, 2]. */
class TinyEncoder extends Module {
  readonly first: TransformerEncoderLayer;
  readonly second: TransformerEncoderLayer;
  readonly head: Linear;
  constructor(g: Generator) {
    super('TinyEncoder');
    this.first = this.registerModule('first', new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, batchFirst: true, generator: g }));
    this.second = this.registerModule('second', new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, batchFirst: true, causal: true, generator: g }));
    this.head = this.registerModule('head', new Linear(8, 2, { generator: g }));
  }
  forward(x: Tensor): Tensor {
    return this.head.forward(this.second.forward(this.first.forward(x)).mean(1));
  }
}

describe('attentionMaps', () => {
  const model = new TinyEncoder(new Generator(0));
  const x = randn([5, 8], { generator: new Generator(1) });

  test('one map per attention layer; each row sums to 1; the causal layer is lower triangular', () => {
    const maps = attentionMaps(model, x);
    assert.deepEqual(maps.map((m) => m.layer), ['first.self_attn', 'second.self_attn']);
    for (const m of maps) {
      assert.equal(m.heads, 2);
      assert.equal(m.queries, 5);
      assert.equal(m.keys, 5);
      for (const rows of [...m.weights, m.average]) {
        for (const row of rows) assert.ok(Math.abs(row.reduce((s, v) => s + v, 0) - 1) < 1e-5);
      }
    }
    const causal = maps[1]!;
    for (const rows of [...causal.weights, causal.average]) {
      rows.forEach((row, i) => row.forEach((v, j) => (j > i ? assert.equal(v, 0, `(${i}, ${j}) above the diagonal`) : undefined)));
    }
    assert.ok(maps[0]!.average[0]!.slice(1).some((v) => v > 0), 'the non-causal layer attends forward');
  });

  test('the observer leaves the output unchanged, matches forwardWithWeights, and is removed afterwards', () => {
    const attn = new MultiHeadAttention(8, 2, { batchFirst: true, generator: new Generator(2) });
    attn.eval();
    const q = randn([1, 4, 8], { generator: new Generator(3) });
    const plain = noGrad(() => attn.forward(q)).dataSync();
    let seen: Tensor | null = null;
    attn.weightsObserver = (w) => {
      seen = w;
    };
    const observed = noGrad(() => attn.forward(q)).dataSync();
    attn.weightsObserver = null;
    assert.deepEqual(observed, plain);
    const { weights } = noGrad(() => attn.forwardWithWeights(q, { averageWeights: false }));
    assert.deepEqual(seen!.shape, [1, 2, 4, 4]);
    assert.deepEqual(seen!.dataSync(), weights.dataSync());
    attentionMaps(model, x);
    assert.equal(model.first.selfAttn.weightsObserver, null);
  });

  test("the text pipeline's TransformerTextModel: padding gets no attention", () => {
    const text = new TransformerTextModel({ idCount: 20, maxLength: 6, numClasses: 3, dModel: 8, nHead: 2, numLayers: 2 }, new Generator(4));
    const maps = attentionMaps(text, tensor([5, 9, 3, 0, 0], { dtype: 'int32' }));
    assert.deepEqual(maps.map((m) => m.layer), ['encoder0.self_attn', 'encoder1.self_attn']);
    for (const m of maps) {
      for (const row of m.average) {
        assert.equal(row[3], 0);
        assert.equal(row[4], 0);
        assert.ok(Math.abs(row[0]! + row[1]! + row[2]! - 1) < 1e-5);
      }
    }
  });

  test('a model without attention is refused', () => {
    assert.throws(() => attentionMaps(new Linear(3, 2), randn([3])), (e: unknown) => e instanceof ValueError && /has no MultiHeadAttention layer/.test(e.message));
  });
});
