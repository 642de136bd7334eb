import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  BatchNorm1d,
  clippedGradientSum,
  Conv1d,
  Conv2d,
  crossEntropy,
  Embedding,
  Flatten,
  Generator,
  gradients,
  GroupNorm,
  LayerNorm,
  Linear,
  type LossFunction,
  mean,
  Module,
  mseLoss,
  MultiHeadAttention,
  narrow,
  perExampleGradients,
  randint,
  randn,
  ReLU,
  Sequential,
  tensor,
  type Tensor,
  TransformerEncoderLayer,
  ValueError,
} from '../../src/index.js';

const dtype = 'float64' as const;

/** Self-attention over [B, T, E] with attention's projections, pooled over T, then a Linear head. */
class AttentionNet extends Module {
  readonly attention: MultiHeadAttention;
  readonly head: Linear;
  constructor(g: Generator) {
    super('AttentionNet');
    this.attention = this.registerModule('attention', new MultiHeadAttention(4, 2, { batchFirst: true, generator: g, dtype }));
    this.head = this.registerModule('head', new Linear(4, 3, { generator: g, dtype }));
  }
  forward(x: Tensor): Tensor {
    return this.head.forward(mean(this.attention.forward(x), 1));
  }
}

/** A causal Transformer encoder layer (attention, feed-forward Linear layers, LayerNorms), pooled, then a head. */
class EncoderNet extends Module {
  readonly encoder: TransformerEncoderLayer;
  readonly head: Linear;
  constructor(g: Generator) {
    super('EncoderNet');
    this.encoder = this.registerModule('encoder', new TransformerEncoderLayer(4, 2, { dimFeedforward: 6, dropout: 0, batchFirst: true, causal: true, generator: g, dtype }));
    this.head = this.registerModule('head', new Linear(4, 3, { generator: g, dtype }));
  }
  forward(x: Tensor): Tensor {
    return this.head.forward(mean(this.encoder.forward(x), 1));
  }
}

/** One Linear applied twice (tied weights): its per-example gradient is the sum over both calls. */
class TiedNet extends Module {
  readonly shared: Linear;
  constructor(g: Generator) {
    super('TiedNet');
    this.shared = this.registerModule('shared', new Linear(3, 3, { generator: g, dtype }));
  }
  forward(x: Tensor): Tensor {
    return this.shared.forward(this.shared.forward(x).tanh());
  }
}

interface Case {
  readonly name: string;
  readonly build: (g: Generator) => Module;
  readonly x: (g: Generator) => Tensor;
  readonly y: (g: Generator) => Tensor;
  readonly loss: LossFunction;
}

const B = 5;
const labels = (classes: number) => (g: Generator) => randint(0, classes, [B], { generator: g });
const CASES: Case[] = [
  {
    name: 'Linear (MLP)',
    build: (g) => new Sequential(new Linear(6, 5, { generator: g, dtype }), new ReLU(), new Linear(5, 3, { generator: g, dtype })),
    x: (g) => randn([B, 6], { generator: g, dtype }),
    y: labels(3),
    loss: crossEntropy,
  },
  {
    name: 'Linear over a sequence (ghost norm with T > 1)',
    build: (g) => new Sequential(new Linear(4, 3, { generator: g, dtype })),
    x: (g) => randn([B, 7, 4], { generator: g, dtype }),
    y: (g) => randn([B, 7, 3], { generator: g, dtype }),
    loss: mseLoss,
  },
  {
    name: 'Conv1d (stride, padding, groups)',
    build: (g) => new Sequential(new Conv1d(4, 6, 3, { stride: 2, padding: 1, groups: 2, generator: g, dtype }), new Flatten(), new Linear(24, 3, { generator: g, dtype })),
    x: (g) => randn([B, 4, 8], { generator: g, dtype }),
    y: labels(3),
    loss: crossEntropy,
  },
  {
    name: 'Conv2d (padding, dilation)',
    build: (g) => new Sequential(new Conv2d(2, 3, 3, { padding: 2, dilation: 2, generator: g, dtype }), new ReLU(), new Flatten(), new Linear(75, 2, { generator: g, dtype })),
    x: (g) => randn([B, 2, 5, 5], { generator: g, dtype }),
    y: labels(2),
    loss: crossEntropy,
  },
  {
    name: 'Embedding (with a padding index)',
    build: (g) => new Sequential(new Embedding(7, 3, { paddingIdx: 0, generator: g, dtype }), new Flatten(), new Linear(12, 2, { generator: g, dtype })),
    x: (g) => randint(0, 7, [B, 4], { generator: g }),
    y: labels(2),
    loss: crossEntropy,
  },
  {
    name: 'LayerNorm',
    build: (g) => new Sequential(new Linear(4, 6, { generator: g, dtype }), new LayerNorm(6, { dtype }), new Linear(6, 3, { generator: g, dtype })),
    x: (g) => randn([B, 4], { generator: g, dtype }),
    y: labels(3),
    loss: crossEntropy,
  },
  {
    name: 'GroupNorm',
    build: (g) => new Sequential(new Conv2d(1, 4, 3, { generator: g, dtype }), new GroupNorm(2, 4, { dtype }), new Flatten(), new Linear(16, 2, { generator: g, dtype })),
    x: (g) => randn([B, 1, 4, 4], { generator: g, dtype }),
    y: labels(2),
    loss: crossEntropy,
  },
  { name: 'MultiHeadAttention', build: (g) => new AttentionNet(g), x: (g) => randn([B, 3, 4], { generator: g, dtype }), y: labels(3), loss: crossEntropy },
  { name: 'TransformerEncoderLayer (causal)', build: (g) => new EncoderNet(g), x: (g) => randn([B, 3, 4], { generator: g, dtype }), y: labels(3), loss: crossEntropy },
  { name: 'a Linear called twice (tied weights)', build: (g) => new TiedNet(g), x: (g) => randn([B, 3], { generator: g, dtype }), y: labels(3), loss: crossEntropy },
  {
    name: 'one Linear registered twice in a Sequential',
    build: (g) => {
      const shared = new Linear(3, 3, { generator: g, dtype });
      return new Sequential(shared, new ReLU(), shared);
    },
    x: (g) => randn([B, 3], { generator: g, dtype }),
    y: labels(3),
    loss: crossEntropy,
  },
];

/** The gradient of example b's loss alone: a batch of one. */
function singleExampleGradients(model: Module, x: Tensor, y: Tensor, loss: LossFunction, b: number): Map<string, Tensor> {
  const named = [...model.namedParameters()];
  const value = loss(model.forward(narrow(x, 0, b, 1)), narrow(y, 0, b, 1));
  const grads = gradients([value], named.map(([, p]) => p));
  return new Map(named.map(([name, p], i) => [name, grads[i] ?? p.mul(0)]));
}

function assertClose(actual: Tensor, expected: Tensor, what: string, tolerance = 1e-9): void {
  assert.deepEqual(actual.shape, expected.shape, `${what}: shape`);
  const a = actual.dataSync();
  const e = expected.dataSync();
  for (let i = 0; i < a.length; i++) {
    assert.ok(Math.abs(a[i]! - e[i]!) <= tolerance * (1 + Math.abs(e[i]!)), `${what}[${i}]: ${a[i]} vs ${e[i]}`);
  }
}

describe('per-example gradients', () => {
  for (const c of CASES) {
    test(`${c.name}: each example's gradient equals the gradient of a batch of that example alone`, () => {
      const g = new Generator(7);
      const model = c.build(g);
      const [x, y] = [c.x(g), c.y(g)];
      const perExample = perExampleGradients(model, x, y, c.loss);
      assert.deepEqual([...perExample.keys()], [...model.namedParameters()].map(([n]) => n));
      for (let b = 0; b < B; b++) {
        for (const [name, expected] of singleExampleGradients(model, x, y, c.loss, b)) {
          assertClose(perExample.get(name)!.select(0, b), expected, `${name} of example ${b}`);
        }
      }
    });

    test(`${c.name}: clipping bounds every per-example norm and sums the clipped gradients`, () => {
      const g = new Generator(11);
      const model = c.build(g);
      const [x, y] = [c.x(g), c.y(g)];
      const perExample = perExampleGradients(model, x, y, c.loss);
      // One entry per distinct parameter tensor (a layer registered twice has two names for one tensor).
      const named = new Map([...model.namedParameters()].reverse().map(([name, p]) => [p, name] as const));
      const distinct = [...named.values()].map((name) => perExample.get(name)!);
      const norms = Array.from({ length: B }, (_, b) => Math.sqrt(distinct.reduce((s, t) => s + (t.select(0, b).square().sum().item() as number), 0)));
      // A bound below the smallest norm clips every example; check the reported norms too.
      const bound = Math.min(...norms) / 2;
      const clipped = clippedGradientSum(model, x, y, c.loss, bound);
      assertClose(clipped.norms, tensor(norms, { dtype }), 'norms', 1e-9);
      for (let b = 0; b < B; b++) {
        const factor = Math.min(1, bound / (norms[b]! + 1e-6));
        let clippedNormSquared = 0;
        for (const t of distinct) clippedNormSquared += (t.select(0, b).mul(factor).square().sum().item() as number);
        assert.ok(Math.sqrt(clippedNormSquared) <= bound * (1 + 1e-9), `example ${b}: clipped norm ${Math.sqrt(clippedNormSquared)} > ${bound}`);
      }
      for (const [p, name] of named) {
        const t = perExample.get(name)!;
        let expected = t.select(0, 0).mul(0);
        for (let b = 0; b < B; b++) expected = expected.add(t.select(0, b).mul(Math.min(1, bound / (norms[b]! + 1e-6))));
        assertClose(clipped.sums.get(p)!, expected, `clipped sum of ${name}`);
      }
    });
  }

  test('refuses BatchNorm, naming GroupNorm and LayerNorm', () => {
    const g = new Generator(0);
    const model = new Sequential(new Linear(3, 4, { generator: g }), new BatchNorm1d(4), new Linear(4, 2, { generator: g }));
    assert.throws(
      () => perExampleGradients(model, randn([4, 3], { generator: g }), randint(0, 2, [4], { generator: g }), crossEntropy),
      (e: unknown) => e instanceof ValueError && /BatchNorm1d \('1'\)/.test(e.message) && /GroupNorm or LayerNorm/.test(e.message),
    );
  });

  test('refuses a layer type without a rule, naming it', () => {
    class Scale extends Module {
      readonly w: Tensor;
      constructor() {
        super('Scale');
        this.w = this.registerParameter('w', randn([3]));
      }
      forward(x: Tensor): Tensor {
        return x.mul(this.w);
      }
    }
    assert.throws(() => perExampleGradients(new Scale(), randn([2, 3]), randint(0, 3, [2]), crossEntropy), /no per-example gradient rule for Scale/);
  });

  test('the model is left as it was: no shadowed forward after the pass', () => {
    const g = new Generator(1);
    const layer = new Linear(3, 2, { generator: g });
    perExampleGradients(new Sequential(layer), randn([2, 3], { generator: g }), randint(0, 2, [2], { generator: g }), crossEntropy);
    assert.equal(Object.prototype.hasOwnProperty.call(layer, 'forward'), false);
  });
});
