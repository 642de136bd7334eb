/**
 * Special values are values, not crashes: NaN, ±Inf and ±0 through unary and binary ops and
 * reductions as PyTorch defines them, empty tensors, and inputs without a batch dimension.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import * as S from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { valuesOf } from './assert-close.js';
import { skipIfExcluded, title } from './backend-under-test.js';
import { OP_REGISTRY, UNARY_OP_NAMES } from './op-registry.js';

let cases = 0;

/** Same values, NaN matching NaN; with `signedZero`, −0 and +0 differ. */
function assertSame(actual: readonly number[], expected: readonly (number | undefined)[], context: string, signedZero = false): void {
  assert.equal(actual.length, expected.length, `${context}: length`);
  expected.forEach((e, i) => {
    if (e === undefined) return;
    const a = actual[i]!;
    const ok = Number.isNaN(e) ? Number.isNaN(a) : signedZero && e === 0 ? Object.is(a, e) : a === e;
    assert.ok(ok, `${context}: element ${i} is ${Object.is(a, -0) ? '-0' : a}, expected ${Object.is(e, -0) ? '-0' : e}`);
  });
  cases++;
}

const SPECIAL = [NaN, Infinity, -Infinity, 0, -0];
const U = undefined;

/**
 * f(NaN), f(+Inf), f(−Inf), f(+0), f(−0) for each elementwise unary op, as PyTorch gives them
 * (undefined: not specified here). `zeros: true` also checks the sign of zero results.
 */
const UNARY_SPECIALS: Record<string, { fn: (x: Tensor) => Tensor; out: (number | undefined)[]; zeros?: boolean }> = {
  neg: { fn: S.neg, out: [NaN, -Infinity, Infinity, -0, 0], zeros: true },
  abs: { fn: S.abs, out: [NaN, Infinity, Infinity, 0, 0], zeros: true },
  exp: { fn: S.exp, out: [NaN, Infinity, 0, 1, 1] },
  log: { fn: S.log, out: [NaN, Infinity, NaN, -Infinity, -Infinity] },
  log1p: { fn: S.log1p, out: [NaN, Infinity, NaN, 0, -0], zeros: true },
  sqrt: { fn: S.sqrt, out: [NaN, Infinity, NaN, 0, -0], zeros: true },
  rsqrt: { fn: S.rsqrt, out: [NaN, 0, NaN, Infinity, -Infinity] },
  square: { fn: S.square, out: [NaN, Infinity, Infinity, 0, 0] },
  sin: { fn: S.sin, out: [NaN, NaN, NaN, 0, -0], zeros: true },
  cos: { fn: S.cos, out: [NaN, NaN, NaN, 1, 1] },
  tanh: { fn: S.tanh, out: [NaN, 1, -1, 0, -0], zeros: true },
  sigmoid: { fn: S.sigmoid, out: [NaN, 1, 0, 0.5, 0.5] },
  relu: { fn: S.relu, out: [NaN, Infinity, 0, 0, 0] },
  leakyRelu: { fn: (x) => S.leakyRelu(x, 0.1), out: [NaN, Infinity, -Infinity, 0, 0] },
  gelu: { fn: (x) => S.gelu(x), out: [NaN, Infinity, U, 0, 0] },
  'gelu:tanh': { fn: (x) => S.gelu(x, 'tanh'), out: [NaN, Infinity, U, 0, 0] },
  erf: { fn: S.erf, out: [NaN, 1, -1, 0, -0], zeros: true },
  sign: { fn: S.sign, out: [NaN, 1, -1, 0, 0] },
  floor: { fn: S.floor, out: [NaN, Infinity, -Infinity, 0, -0], zeros: true },
  ceil: { fn: S.ceil, out: [NaN, Infinity, -Infinity, 0, -0], zeros: true },
  round: { fn: S.round, out: [NaN, Infinity, -Infinity, 0, -0], zeros: true },
  clip: { fn: (x) => S.clip(x, -1, 1), out: [NaN, 1, -1, 0, 0] },
  logicalNot: { fn: S.logicalNot, out: [0, 0, 0, 1, 1] },
  isNaN: { fn: S.isNaN, out: [1, 0, 0, 0, 0] },
  isFinite: { fn: S.isFinite, out: [0, 0, 0, 1, 1] },
  isInf: { fn: S.isInf, out: [0, 1, 1, 0, 0] },
};

describe(title('special values through unary ops'), () => {
  it('every unary registry entry has a row in the table', () => {
    assert.ok(UNARY_OP_NAMES.length > 20);
    assert.deepEqual(UNARY_OP_NAMES.filter((n) => UNARY_SPECIALS[n] === undefined), []);
    for (const name of Object.keys(UNARY_SPECIALS)) assert.ok(OP_REGISTRY.some((o) => o.name === name), `${name} is a registry entry`);
  });
  for (const [name, row] of Object.entries(UNARY_SPECIALS)) {
    for (const dtype of ['float32', 'float64'] as const) {
      it(`${name} maps NaN, ±Inf, ±0 as PyTorch does (${dtype})`, skipIfExcluded(name), () => {
        const y = row.fn(S.tensor(SPECIAL, { dtype }));
        assertSame(valuesOf(y), row.out, `${name} of [NaN, Inf, -Inf, 0, -0]`, row.zeros === true);
      });
    }
  }
  it('round sends -0.4 to -0 and 0.5 to 0 (ties to even)', () => {
    assertSame(valuesOf(S.round(S.tensor([-0.4, 0.5, -0.5, 2.5], { dtype: 'float64' }))), [-0, 0, -0, 2], 'round', true);
  });
});

describe(title('special values through binary ops'), () => {
  const a = (): Tensor => S.tensor([NaN, 1, NaN, Infinity, Infinity, 0, 1, -1, 0], { dtype: 'float64' });
  const b = (): Tensor => S.tensor([1, NaN, NaN, Infinity, -Infinity, Infinity, 0, 0, 0], { dtype: 'float64' });
  const table: Record<string, [(x: Tensor, y: Tensor) => Tensor, (number | undefined)[]]> = {
    add: [S.add, [NaN, NaN, NaN, Infinity, NaN, Infinity, 1, -1, 0]],
    sub: [S.sub, [NaN, NaN, NaN, NaN, Infinity, -Infinity, 1, -1, 0]],
    mul: [S.mul, [NaN, NaN, NaN, Infinity, -Infinity, NaN, 0, -0, 0]],
    div: [S.div, [NaN, NaN, NaN, NaN, NaN, 0, Infinity, -Infinity, NaN]],
    maximum: [S.maximum, [NaN, NaN, NaN, Infinity, Infinity, Infinity, 1, 0, 0]],
    minimum: [S.minimum, [NaN, NaN, NaN, Infinity, -Infinity, 0, 0, -1, 0]],
    eq: [S.eq, [0, 0, 0, 1, 0, 0, 0, 0, 1]],
    ne: [S.ne, [1, 1, 1, 0, 1, 1, 1, 1, 0]],
    lt: [S.lt, [0, 0, 0, 0, 0, 1, 0, 1, 0]],
    le: [S.le, [0, 0, 0, 1, 0, 1, 0, 1, 1]],
    gt: [S.gt, [0, 0, 0, 0, 1, 0, 1, 0, 0]],
    ge: [S.ge, [0, 0, 0, 1, 1, 0, 1, 0, 1]],
    logicalAnd: [S.logicalAnd, [1, 1, 1, 1, 1, 0, 0, 0, 0]],
    logicalOr: [S.logicalOr, [1, 1, 1, 1, 1, 1, 1, 1, 0]],
  };
  for (const [name, [fn, expected]] of Object.entries(table)) {
    it(`${name} of NaN, ±Inf and 0 operands follows IEEE and PyTorch`, skipIfExcluded(name), () => {
      assertSame(valuesOf(fn(a(), b())), expected, name);
    });
  }
  it('pow keeps IEEE/C special cases (torch.pow): x⁰ = 1 even for NaN, 1^NaN = 1, 0⁻¹ = Inf, (−8)^(1/3) = NaN', () => {
    const base = S.tensor([NaN, 1, 0, -8, -0, Infinity, 2], { dtype: 'float64' });
    const exponent = S.tensor([0, NaN, -1, 1 / 3, -1, -1, -Infinity], { dtype: 'float64' });
    assertSame(valuesOf(S.pow(base, exponent)), [1, 1, Infinity, NaN, -Infinity, 0, 0], 'pow');
  });
  it('div of int32 by zero gives ±Inf and NaN in float32', () => {
    const y = S.div(S.tensor([1, -1, 0], { dtype: 'int32' }), S.tensor([0, 0, 0], { dtype: 'int32' }));
    assert.equal(y.dtype, 'float32');
    assertSame(valuesOf(y), [Infinity, -Infinity, NaN], 'int div by zero');
  });
  it('eq treats -0 and +0 as equal; division tells them apart', () => {
    assertSame(valuesOf(S.eq(S.tensor([-0]), S.tensor([0]))), [1], 'eq(-0, 0)');
    assertSame(valuesOf(S.div(S.tensor([1, 1]), S.tensor([0, -0]))), [Infinity, -Infinity], '1 / ±0');
  });
  it('where passes NaN and Inf from the chosen side only', () => {
    const y = S.where(S.tensor([true, false, true]), S.tensor([NaN, NaN, Infinity]), S.tensor([1, 2, 3]));
    assertSame(valuesOf(y), [NaN, 2, Infinity], 'where');
  });
});

describe(title('special values through reductions'), () => {
  const row = (): Tensor => S.tensor([[1, NaN, 3], [1, 2, 3]], { dtype: 'float64' });
  it('sum, mean, prod, max, min, logsumexp propagate NaN along the reduced axis only', () => {
    for (const [name, fn] of [
      ['sum', S.sum],
      ['mean', S.mean],
      ['prod', S.prod],
      ['max', S.max],
      ['min', S.min],
      ['logsumexp', S.logsumexp],
    ] as const) {
      const y = valuesOf(fn(row(), 1));
      assert.ok(Number.isNaN(y[0]!), `${name}: NaN row gives NaN`);
      assert.ok(!Number.isNaN(y[1]!), `${name}: the other row stays a number`);
      cases++;
    }
  });
  it('variance and std propagate NaN', () => {
    assert.ok(Number.isNaN(S.variance(row(), 1).dataSync()[0]!));
    assert.ok(Number.isNaN(S.std(row(), 1).dataSync()[0]!));
    cases++;
  });
  it('argmax and argmin point at the NaN (it counts as the extreme, as in PyTorch)', () => {
    const x = S.tensor([1, 5, NaN, 7, NaN]);
    assert.equal(S.argmax(x).item(), 2);
    assert.equal(S.argmin(x).item(), 2);
    cases++;
  });
  it('sum of +Inf and -Inf is NaN; max of [-Inf, -Inf] is -Inf', () => {
    assertSame(valuesOf(S.sum(S.tensor([Infinity, -Infinity]))), [NaN], 'sum');
    assertSame(valuesOf(S.max(S.tensor([-Infinity, -Infinity]))), [-Infinity], 'max');
  });
  it('logsumexp handles infinities: all -Inf gives -Inf, any +Inf gives +Inf', () => {
    assertSame(valuesOf(S.logsumexp(S.tensor([[-Infinity, -Infinity], [Infinity, 1]]), 1)), [-Infinity, Infinity], 'logsumexp');
  });
  it('logsumexp of huge finite values stays finite', () => {
    const y = S.logsumexp(S.tensor([1000, 1000], { dtype: 'float64' })).item();
    assert.ok(Math.abs(y - (1000 + Math.LN2)) < 1e-9, `got ${y}`);
    cases++;
  });
  it('softmax gives exact 0 for -Inf logits and NaN for an all -Inf row', () => {
    const y = S.softmax(S.tensor([[0, -Infinity], [-Infinity, -Infinity]], { dtype: 'float64' }));
    assertSame(valuesOf(y), [1, 0, NaN, NaN], 'softmax');
    assertSame(valuesOf(S.logSoftmax(S.tensor([0, -Infinity], { dtype: 'float64' }))), [0, -Infinity], 'logSoftmax');
  });
  it('softmax of a NaN row is NaN and leaves other rows alone', () => {
    const y = valuesOf(S.softmax(S.tensor([[NaN, 1], [0, 0]])));
    assert.ok(Number.isNaN(y[0]!) && Number.isNaN(y[1]!));
    assertSame(y.slice(2), [0.5, 0.5], 'the other row');
  });
  it('cumsum is NaN from the first NaN on', () => {
    assertSame(valuesOf(S.cumsum(S.tensor([1, NaN, 2]), 0)), [1, NaN, NaN], 'cumsum');
  });
  it('sort puts NaN last ascending and first descending (PyTorch)', () => {
    const x = S.tensor([3, NaN, -Infinity, 1, Infinity]);
    assertSame(valuesOf(S.sort(x).values), [-Infinity, 1, 3, Infinity, NaN], 'ascending');
    assertSame(valuesOf(S.sort(x).indices), [2, 3, 0, 4, 1], 'ascending indices');
    assertSame(valuesOf(S.sort(x, -1, true).values), [NaN, Infinity, 3, 1, -Infinity], 'descending');
  });
  it('topk counts NaN as the largest (PyTorch)', () => {
    assertSame(valuesOf(S.topk(S.tensor([1, NaN, 3]), 2).values), [NaN, 3], 'topk');
  });
  it('variance of one element with the default correction is NaN (division by zero, as in PyTorch)', () => {
    assertSame(valuesOf(S.variance(S.tensor([4]))), [NaN], 'variance');
    assertSame(valuesOf(S.std(S.tensor([[4, 5]]), 0)), [NaN, NaN], 'std');
  });
  it('maximum splits the gradient evenly at ties, and max shares it among tied elements (PyTorch)', () => {
    const a = S.tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    const b = S.tensor([1, 3], { dtype: 'float64', requiresGrad: true });
    S.sum(S.maximum(a, b)).backward();
    assertSame(valuesOf(a.grad!), [0.5, 0], 'd/da');
    assertSame(valuesOf(b.grad!), [0.5, 1], 'd/db');
    const x = S.tensor([2, 5, 5], { dtype: 'float64', requiresGrad: true });
    S.max(x).backward();
    assertSame(valuesOf(x.grad!), [0, 0.5, 0.5], 'd max / dx');
  });
  it('the gradient of relu and abs at exactly 0 is 0 (PyTorch)', () => {
    const x = S.tensor([0, 0], { dtype: 'float64', requiresGrad: true });
    S.sum(S.add(S.relu(x), S.abs(x))).backward();
    assertSame(valuesOf(x.grad!), [0, 0], 'gradient at 0');
  });
  it('the gradient of pow(x, 2) at x = 0 is 0 for the base and finite for the exponent', () => {
    const x = S.tensor([0], { dtype: 'float64', requiresGrad: true });
    const e = S.tensor([2], { dtype: 'float64', requiresGrad: true });
    S.sum(S.pow(x, e)).backward();
    assertSame(valuesOf(x.grad!), [0], 'd/dx');
    assertSame(valuesOf(e.grad!), [0], 'd/de');
  });
});

describe(title('empty tensors'), () => {
  const empty = (): Tensor => S.zeros([0, 3], { dtype: 'float64' });
  it('reductions over an empty axis give the identity: sum 0, prod 1, mean NaN, logsumexp -Inf', () => {
    assertSame(valuesOf(S.sum(empty())), [0], 'sum');
    assertSame(valuesOf(S.prod(empty())), [1], 'prod');
    assertSame(valuesOf(S.mean(empty())), [NaN], 'mean');
    assertSame(valuesOf(S.logsumexp(empty(), 0)), [-Infinity, -Infinity, -Infinity], 'logsumexp');
  });
  it('max, min, argmax over an empty axis throw ValueError (no identity)', () => {
    assert.throws(() => S.max(empty()), S.ValueError);
    assert.throws(() => S.min(empty(), 0), S.ValueError);
    assert.throws(() => S.argmax(empty(), 0), S.ValueError);
    cases++;
  });
  it('matmul with an empty inner dimension gives zeros', () => {
    const y = S.matmul(S.zeros([2, 0]), S.zeros([0, 3]));
    assert.deepEqual(y.shape, [2, 3]);
    assertSame(valuesOf(y), [0, 0, 0, 0, 0, 0], 'matmul');
  });
  it('elementwise ops, softmax and reshape keep empty shapes', () => {
    assert.deepEqual(S.exp(empty()).shape, [0, 3]);
    assert.deepEqual(S.add(empty(), S.ones([3])).shape, [0, 3]);
    assert.deepEqual(S.softmax(empty()).shape, [0, 3]);
    assert.deepEqual(S.reshape(empty(), [3, -1]).shape, [3, 0]);
    assert.deepEqual(S.concat([empty(), S.ones([2, 3], { dtype: 'float64' })]).shape, [2, 3]);
    cases++;
  });
  it('softmax along an empty axis gives an empty result (torch.softmax on [3, 0])', () => {
    assert.deepEqual(S.softmax(S.zeros([3, 0])).shape, [3, 0]);
  });
  it('backward through an empty tensor gives an empty gradient', () => {
    const x = S.zeros([0, 3], { dtype: 'float64', requiresGrad: true });
    S.sum(S.mul(x, 2)).backward();
    assert.ok(x.grad !== null);
    assert.deepEqual(x.grad.shape, [0, 3]);
    cases++;
  });
  it('toArray and item of empty tensors', () => {
    assert.deepEqual(S.zeros([2, 0]).toArray(), [[], []]);
    assert.throws(() => S.zeros([0]).item(), S.ValueError);
    cases++;
  });
});

describe(title('inputs without a batch dimension'), () => {
  const x = [0.3, -1.2, 2.5, 0.7];
  /** Each op on a 1-D input must equal the first row of the op on the same input with a batch of 1. */
  const rowwise: Record<string, (t: Tensor) => Tensor> = {
    softmax: (t) => S.softmax(t),
    logSoftmax: (t) => S.logSoftmax(t),
    logsumexp: (t) => S.logsumexp(t, -1),
    cumsum: (t) => S.cumsum(t, -1),
    sort: (t) => S.sort(t).values,
    topk: (t) => S.topk(t, 2).values,
    matmul: (t) => S.matmul(t, S.tensor([[1, 2], [3, 4], [5, 6], [7, 8]], { dtype: 'float64' })),
    mean: (t) => S.mean(t, -1),
    variance: (t) => S.variance(t, -1),
    gelu: (t) => S.gelu(t),
    pad: (t) => S.pad(t, t.rank === 1 ? [[1, 2]] : [[0, 0], [1, 2]]),
    argmax: (t) => S.cast(S.argmax(t, -1), 'float64'),
  };
  for (const [name, fn] of Object.entries(rowwise)) {
    it(`${name} on a 1-D input equals the batched result's row`, skipIfExcluded(name), () => {
      const single = fn(S.tensor(x, { dtype: 'float64' }));
      const batched = fn(S.tensor([x], { dtype: 'float64' }));
      assert.deepEqual([1, ...single.shape], [...batched.shape]);
      assert.deepEqual(valuesOf(single), valuesOf(batched));
      cases++;
    });
  }
  it('ops on 0-d inputs give 0-d results', () => {
    const s = S.tensor(2, { dtype: 'float64' });
    for (const y of [S.exp(s), S.add(s, s), S.sum(s), S.where(S.tensor(true), s, s), S.clip(s, 0, 1), S.cumsum(s, 0)]) {
      assert.deepEqual(y.shape, []);
    }
    cases++;
  });
});

describe(title('special-values suite'), () => {
  it('ran more than 0 cases', () => assert.ok(cases > 0, `${cases}`));
});
