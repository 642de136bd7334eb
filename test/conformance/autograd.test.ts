/**
 * Autograd rules: noGrad / enableGrad, detach, which tensors may require gradients, zeroGrad,
 * retainGraph, detection of in-place changes to saved tensors, grad / valueAndGrad with argnums,
 * gradients of broadcast operands summed back to their shapes, and gradOutput for non-scalars.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import * as S from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { valuesOf } from './assert-close.js';
import { title } from './backend-under-test.js';

let cases = 0;
const f64 = (data: S.NestedArray, requiresGrad = false): Tensor => S.tensor(data, { dtype: 'float64', requiresGrad });

function near(actual: readonly number[], expected: readonly number[], context: string): void {
  assert.equal(actual.length, expected.length, `${context}: length`);
  actual.forEach((a, i) => assert.ok(Math.abs(a - expected[i]!) < 1e-12, `${context}: element ${i} is ${a}, expected ${expected[i]}`));
  cases++;
}

describe(title('autograd: recording on and off'), () => {
  it('ops inside noGrad do not record, and the setting comes back afterwards', () => {
    const x = f64([1, 2], true);
    const y = S.noGrad(() => S.mul(x, 3));
    assert.equal(y.requiresGrad, false);
    assert.equal(y.gradFn, null);
    assert.equal(S.isGradEnabled(), true);
    assert.equal(S.mul(x, 3).requiresGrad, true);
    cases++;
  });
  it('noGrad restores recording when its function throws', () => {
    assert.throws(() => S.noGrad(() => { throw new Error('boom'); }), /boom/);
    assert.equal(S.isGradEnabled(), true);
    cases++;
  });
  it('enableGrad records inside noGrad', () => {
    const x = f64([1, 2], true);
    const y = S.noGrad(() => S.enableGrad(() => S.mul(x, x)));
    assert.equal(y.requiresGrad, true);
    assert.equal(S.noGrad(() => S.isGradEnabled()), false);
    cases++;
  });
  it('results of ops on a tensor that requires grad require grad, are not leaves and name their op', () => {
    const x = f64([1, 2], true);
    const y = S.exp(x);
    assert.equal(y.requiresGrad, true);
    assert.equal(y.isLeaf, false);
    assert.equal(y.gradFn?.op, 'exp');
    assert.equal(x.isLeaf, true);
    assert.equal(S.exp(f64([1])).requiresGrad, false);
    cases++;
  });
});

describe(title('autograd: requiresGrad rules'), () => {
  it('int32 and bool tensors refuse requiresGrad with a DTypeError', () => {
    assert.throws(() => (S.tensor([1, 2], { dtype: 'int32' }).requiresGrad = true), S.DTypeError);
    assert.throws(() => S.tensor([true]).requiresGrad_(), S.DTypeError);
    assert.throws(() => S.tensor([1], { dtype: 'int32', requiresGrad: true }), S.DTypeError);
    assert.throws(() => S.zeros([2], { dtype: 'int32', requiresGrad: true }), S.DTypeError);
    cases++;
  });
  it('requiresGrad cannot be turned off on a non-leaf (ValueError), only detached', () => {
    const y = S.exp(f64([1], true));
    assert.throws(() => (y.requiresGrad = false), S.ValueError);
    y.requiresGrad = true; // already true: allowed
    cases++;
  });
  it('float32 and float64 leaves may require grad; requiresGrad_ chains', () => {
    const x = S.tensor([1]).requiresGrad_();
    assert.equal(x.requiresGrad, true);
    x.requiresGrad_(false);
    assert.equal(x.requiresGrad, false);
    cases++;
  });
  it('integer results of ops on float inputs do not require grad (argmax, comparisons, cast to int32)', () => {
    const x = f64([1, 3, 2], true);
    assert.equal(S.argmax(x).requiresGrad, false);
    assert.equal(S.gt(x, 1).requiresGrad, false);
    assert.equal(S.cast(x, 'int32').requiresGrad, false);
    cases++;
  });
});

describe(title('autograd: detach'), () => {
  it('detach shares storage but cuts the graph', () => {
    const x = f64([1, 2, 3], true);
    const d = x.detach();
    assert.equal(d.requiresGrad, false);
    S.noGrad(() => x.assign_(f64([7, 8, 9])));
    assert.deepEqual(d.toArray(), [7, 8, 9]);
    cases++;
  });
  it('no gradient flows through a detached operand', () => {
    const x = f64([1, 2, 3], true);
    S.sum(S.mul(x, x.detach())).backward();
    near(valuesOf(x.grad!), [1, 2, 3], 'd/dx x·stop(x)');
  });
});

describe(title('autograd: .grad, zeroGrad and retainGraph'), () => {
  it('backward accumulates into .grad across calls until zeroGrad', () => {
    const x = f64([1, 2], true);
    S.sum(S.mul(x, x)).backward();
    S.sum(S.mul(x, x)).backward();
    near(valuesOf(x.grad!), [4, 8], 'two backward calls');
    x.zeroGrad();
    assert.equal(x.grad, null);
    S.sum(S.mul(x, 3)).backward();
    near(valuesOf(x.grad!), [3, 3], 'after zeroGrad');
  });
  it('zeroGrad([...]) clears every tensor given', () => {
    const a = f64([1], true);
    const b = f64([2], true);
    S.sum(S.mul(a, b)).backward();
    assert.ok(a.grad !== null && b.grad !== null);
    S.zeroGrad([a, b]);
    assert.equal(a.grad, null);
    assert.equal(b.grad, null);
    cases++;
  });
  it('a second backward through the same graph without retainGraph throws a ValueError naming retainGraph', () => {
    const x = f64([1, 2], true);
    const loss = S.sum(S.exp(x));
    loss.backward();
    assert.throws(() => loss.backward(), (e: unknown) => e instanceof S.ValueError && /retainGraph/.test(e.message));
    cases++;
  });
  it('with retainGraph the graph can be walked twice and the gradients add', () => {
    const x = f64([0, 1], true);
    const loss = S.sum(S.exp(x));
    loss.backward(undefined, { retainGraph: true });
    loss.backward();
    near(valuesOf(x.grad!), [2, 2 * Math.E], '2·eˣ');
  });
  it('the first gradient is a copy: two leaves never share one .grad', () => {
    const a = f64([1, 2], true);
    const b = f64([3, 4], true);
    S.sum(S.add(a, b)).backward();
    S.noGrad(() => a.grad!.assign_(0));
    near(valuesOf(b.grad!), [1, 1], 'b.grad after zeroing a.grad in place');
  });
});

describe(title('autograd: in-place changes to saved tensors'), () => {
  it('modifying an input saved by mul after the forward pass makes backward throw, naming the op', () => {
    const x = f64([1, 2], true);
    const w = f64([3, 4]);
    const y = S.sum(S.mul(x, w));
    w.assign_(f64([0, 0]));
    assert.throws(() => y.backward(), (e: unknown) => e instanceof S.ValueError && /'mul'/.test(e.message) && /in place/.test(e.message));
    cases++;
  });
  it('modifying a saved output through a view is detected too', () => {
    const x = f64([1, 2], true);
    const y = S.exp(x);
    const loss = S.sum(y);
    S.noGrad(() => S.reshape(y.detach(), [2, 1]).assign_(0));
    assert.throws(() => loss.backward(), S.ValueError);
    cases++;
  });
  it('assign_ on a tensor that requires grad is refused while recording, allowed in noGrad', () => {
    const x = f64([1, 2], true);
    assert.throws(() => x.assign_(0), S.ValueError);
    S.noGrad(() => x.sub_(1));
    assert.deepEqual(x.toArray(), [0, 1]);
    cases++;
  });
});

describe(title('autograd: grad and valueAndGrad'), () => {
  const f = (a: Tensor, b: Tensor): Tensor => S.sum(S.mul(S.mul(a, a), b));
  it('grad differentiates every argument by default', () => {
    const [da, db] = S.grad(f)(f64([1, 2]), f64([3, 4]));
    near(valuesOf(da!), [6, 16], 'd/da 2ab');
    near(valuesOf(db!), [1, 4], 'd/db a²');
  });
  it('argnums picks the arguments, in the order given', () => {
    const only = S.grad(f, { argnums: 1 })(f64([1, 2]), f64([3, 4]));
    assert.equal(only.length, 1);
    near(valuesOf(only[0]!), [1, 4], 'argnums 1');
    const swapped = S.grad(f, { argnums: [1, 0] })(f64([1, 2]), f64([3, 4]));
    near(valuesOf(swapped[0]!), [1, 4], 'argnums [1, 0] first');
    near(valuesOf(swapped[1]!), [6, 16], 'argnums [1, 0] second');
  });
  it('valueAndGrad returns the value and leaves the callers\' .grad alone', () => {
    const a = f64([1, 2], true);
    const { value, grads } = S.valueAndGrad(f)(a, f64([3, 4]));
    near(valuesOf(value), [19], 'value');
    assert.equal(grads.length, 2);
    assert.equal(a.grad, null);
    assert.equal(value.requiresGrad, false);
  });
  it('an argument the function ignores gets zeros', () => {
    const [, db] = S.grad((a: Tensor, _b: Tensor) => S.sum(a))(f64([1]), f64([5, 6]));
    near(valuesOf(db!), [0, 0], 'unused argument');
  });
  it('grad refuses non-scalar outputs, out-of-range argnums and integer arguments with ValueError', () => {
    assert.throws(() => S.grad((a: Tensor) => S.mul(a, 2))(f64([1, 2])), S.ValueError);
    assert.throws(() => S.grad(f, { argnums: 2 })(f64([1]), f64([1])), S.ValueError);
    assert.throws(() => S.grad((a: Tensor) => S.sum(a))(S.tensor([1], { dtype: 'int32' })), S.ValueError);
    cases++;
  });
  it('createGraph gives differentiable gradients: d²/dx² x³ = 6x', () => {
    const d1 = S.grad((x: Tensor) => S.sum(S.pow(x, 3)), { createGraph: true });
    const d2 = S.grad((x: Tensor) => S.sum(d1(x)[0]!));
    near(valuesOf(d2(f64([1, -2]))[0]!), [6, -12], 'second derivative');
  });
  it('gradients() returns null for an input the outputs do not depend on', () => {
    const x = f64([1], true);
    const z = f64([1], true);
    const [gx, gz] = S.gradients([S.sum(S.mul(x, 2))], [x, z]);
    near(valuesOf(gx!), [2], 'dx');
    assert.equal(gz, null);
  });
  it('gradients() with several outputs adds their contributions', () => {
    const x = f64([1, 2], true);
    const [g] = S.gradients([S.sum(x), S.sum(S.mul(x, x))], [x]);
    near(valuesOf(g!), [3, 5], '1 + 2x');
  });
});

describe(title('autograd: broadcast operands get gradients of their own shape'), () => {
  it('add of [3, 1] and [4] sums the gradient back to [3, 1] and [4]', () => {
    const a = f64([[1], [2], [3]], true);
    const b = f64([1, 2, 3, 4], true);
    S.sum(S.add(a, b)).backward();
    assert.deepEqual(a.grad!.shape, [3, 1]);
    assert.deepEqual(b.grad!.shape, [4]);
    near(valuesOf(a.grad!), [4, 4, 4], 'da');
    near(valuesOf(b.grad!), [3, 3, 3, 3], 'db');
  });
  it('mul by a 0-d tensor gives a 0-d gradient holding the sum', () => {
    const s = f64(2, true);
    const x = f64([[1, 2], [3, 4]], true);
    S.sum(S.mul(s, x)).backward();
    assert.deepEqual(s.grad!.shape, []);
    near(valuesOf(s.grad!), [10], 'ds');
    near(valuesOf(x.grad!), [2, 2, 2, 2], 'dx');
  });
  it('matmul with a broadcast batch sums the gradient over the batch', () => {
    const a = f64([[[1, 2]], [[3, 4]]], true); // [2, 1, 2]
    const b = f64([[1], [1]], true); // [2, 1]
    S.sum(S.matmul(a, b)).backward();
    assert.deepEqual(b.grad!.shape, [2, 1]);
    near(valuesOf(b.grad!), [4, 6], 'db');
  });
  it('where with a broadcast condition routes and sums gradients', () => {
    const a = f64([1, 2, 3], true);
    const b = f64(0, true);
    S.sum(S.where(S.tensor([[true, false, true], [false, false, true]]), a, b)).backward();
    near(valuesOf(a.grad!), [1, 0, 2], 'da');
    near(valuesOf(b.grad!), [3], 'db');
  });
  it('expand sums the gradient back', () => {
    const x = f64([[1, 2]], true);
    S.sum(S.mul(S.expand(x, [3, 2]), f64([[1, 1], [2, 2], [3, 3]]))).backward();
    near(valuesOf(x.grad!), [6, 6], 'dx');
  });
});

describe(title('autograd: gradOutput'), () => {
  it('backward of a non-scalar without gradOutput throws a ValueError asking for gradOutput', () => {
    const y = S.mul(f64([1, 2], true), 2);
    assert.throws(() => y.backward(), (e: unknown) => e instanceof S.ValueError && /gradOutput/.test(e.message));
    cases++;
  });
  it('a gradOutput of the wrong shape is refused with a ValueError naming both shapes', () => {
    const y = S.mul(f64([1, 2], true), 2);
    assert.throws(() => y.backward(f64([1, 2, 3])), (e: unknown) => e instanceof S.ValueError && /\[3\]/.test(e.message) && /\[2\]/.test(e.message));
    cases++;
  });
  it('backward of a non-scalar with gradOutput computes the vector-Jacobian product', () => {
    const x = f64([1, 2], true);
    S.mul(x, x).backward(f64([10, 100]));
    near(valuesOf(x.grad!), [20, 400], 'vjp');
  });
  it('backward on a tensor that does not require grad throws a ValueError', () => {
    assert.throws(() => S.sum(f64([1])).backward(), S.ValueError);
    cases++;
  });
  it('a one-element non-0-d output needs no gradOutput', () => {
    const x = f64([3], true);
    S.mul(x, x).backward();
    near(valuesOf(x.grad!), [6], 'dx');
  });
  it('float32 leaves get float32 gradients', () => {
    const x = S.tensor([1, 2], { requiresGrad: true });
    S.sum(S.mul(x, f64([1, 1]))).backward();
    assert.equal(x.grad!.dtype, 'float32');
    cases++;
  });
});

describe(title('autograd suite'), () => {
  it('ran more than 0 cases', () => assert.ok(cases > 0));
});
