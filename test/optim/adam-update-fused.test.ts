/**
 * The fused Adam update (src/core/ops/adam-update.ts) against the composite it replaces: the same
 * elementwise ops, in the same order, on the same backend must give the same bits — for Adam with
 * and without L2 decay, AdamW's decoupled decay, float32 and float64, contiguous and strided views.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  adamUpdateFused,
  type AdamUpdateHyper,
  add,
  DTypeError,
  div,
  Generator,
  mul,
  randn,
  setBackend,
  ShapeError,
  sqrt,
  sub,
  type Tensor,
  transpose,
} from '../../src/index.js';

setBackend(process.env['SPROUT_BACKEND'] ?? 'wasm');

/** The update as ten separate ops (src/optim/adam.ts before fusion). */
function composite(p: Tensor, g: Tensor, m: Tensor, v: Tensor, h: AdamUpdateHyper): [Tensor, Tensor, Tensor] {
  const decayed = h.decay !== 1 ? mul(p, h.decay) : p;
  const grad = h.weightDecay !== 0 ? add(g, mul(p, h.weightDecay)) : g;
  const m2 = add(mul(m, h.beta1), mul(grad, 1 - h.beta1));
  const v2 = add(mul(v, h.beta2), mul(mul(grad, 1 - h.beta2), grad));
  const denom = add(div(sqrt(v2), h.biasCorrection2Sqrt), h.eps);
  return [sub(decayed, div(mul(m2, h.stepSize), denom)), m2, v2];
}

function sameBits(actual: Tensor, expected: Tensor, what: string): void {
  const a = actual.dataSync();
  const e = expected.dataSync();
  assert.equal(a.length, e.length, `${what}: length`);
  for (let i = 0; i < e.length; i++) assert.ok(Object.is(a[i], e[i]), `${what}[${i}]: ${a[i]} vs ${e[i]}`);
}

const step = 7;
const base = { beta1: 0.9, beta2: 0.999, stepSize: 1e-3 / (1 - 0.9 ** step), biasCorrection2Sqrt: Math.sqrt(1 - 0.999 ** step), eps: 1e-8 };
const variants: readonly [string, AdamUpdateHyper][] = [
  ['Adam', { ...base, decay: 1, weightDecay: 0 }],
  ['Adam with L2 decay', { ...base, decay: 1, weightDecay: 0.01 }],
  ['AdamW', { ...base, decay: 1 - 1e-3 * 0.05, weightDecay: 0 }],
];

describe('adamUpdateFused equals the composite update bit for bit', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    for (const [name, hyper] of variants) {
      it(`${name}, ${dtype}, 1,027 elements (a SIMD tail)`, () => {
        const generator = new Generator(5);
        const [p, g, m] = [0, 1, 2].map(() => randn([13, 79], { generator, dtype }));
        const v = mul(randn([13, 79], { generator, dtype }), randn([13, 79], { generator, dtype })).abs();
        const fused = adamUpdateFused(p!, g!, m!, v, hyper);
        const [p2, m2, v2] = composite(p!, g!, m!, v, hyper);
        sameBits(fused.param, p2, 'param');
        sameBits(fused.expAvg, m2, 'expAvg');
        sameBits(fused.expAvgSq, v2, 'expAvgSq');
      });
    }
  }

  it('strided (transposed) inputs', () => {
    const generator = new Generator(6);
    const [p, g, m, v0] = [0, 1, 2, 3].map(() => transpose(randn([9, 6], { generator }), 0, 1));
    const v = v0!.abs();
    const fused = adamUpdateFused(p!, g!, m!, v, variants[1]![1]);
    const [p2, m2, v2] = composite(p!, g!, m!, v, variants[1]![1]);
    sameBits(fused.param, p2, 'param');
    sameBits(fused.expAvg, m2, 'expAvg');
    sameBits(fused.expAvgSq, v2, 'expAvgSq');
  });

  it('names the argument whose shape or dtype differs', () => {
    const p = randn([3, 4]);
    assert.throws(() => adamUpdateFused(p, randn([4, 3]), randn([3, 4]), randn([3, 4]), variants[0]![1]), (e: unknown) => e instanceof ShapeError && /grad must have param's shape \[3, 4\]/.test(e.message));
    assert.throws(() => adamUpdateFused(p, randn([3, 4]), randn([3, 4], { dtype: 'float64' }), randn([3, 4]), variants[0]![1]), (e: unknown) => e instanceof DTypeError && /expAvg must be float32/.test(e.message));
  });
});
