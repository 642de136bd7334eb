/**
 * Gradients by central finite differences in float64 (PyTorch's gradcheck, in vector-Jacobian form):
 * for every differentiable registry op and every sample, a random upstream gradient u and each
 * input element k, the analytic uᵀJ from `gradients` must equal (f(x + εeₖ)·u − f(x − εeₖ)·u) / 2ε,
 * ε = 1e-6. The same gradients must come out of `backward()` into `.grad`, and a second backward
 * over the retained graph must add to it. A few ops are also checked to second order
 * (Hessian-vector products through `createGraph`).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { add, enableGrad, gradients, mul, noGrad, sum, type Tensor, tensor } from '../../src/index.js';
import { close, valuesOf } from './assert-close.js';
import { skipIfExcluded, title } from './backend-under-test.js';
import { findOp, OP_REGISTRY, outputsOf, rngFor, type Sample } from './op-registry.js';
import { dataOf, Rng, sizeOfShape } from './reference.js';

const EPS = 1e-6;
const FIRST_ORDER = { rtol: 1e-5, atol: 1e-6 };
const SECOND_ORDER = { rtol: 1e-4, atol: 1e-5 };
/** backward() and gradients() run the same rules, so they agree to rounding. */
const SAME_RULES = { rtol: 1e-12, atol: 1e-12 };

let firstOrderCases = 0;
let secondOrderCases = 0;

/** The float outputs of an op (sort's indices and other integer outputs carry no gradient). */
function floatOutputs(sample: Sample, inputs: readonly Tensor[]): Tensor[] {
  return outputsOf(sample.run(inputs)).filter((t) => t.isFloatingPoint());
}

/** A tensor of `values` in float64. */
function f64(shape: readonly number[], values: readonly number[]): Tensor {
  return tensor(Float64Array.from(values), { shape });
}

/** Σ over outputs of out · u, computed in plain JS. */
function dot(outs: readonly Tensor[], us: readonly number[][]): number {
  let s = 0;
  outs.forEach((o, k) => {
    const v = valuesOf(o);
    const u = us[k]!;
    assert.equal(v.length, u.length, 'output size changed between evaluations');
    for (let i = 0; i < v.length; i++) s += v[i]! * u[i]!;
  });
  return s;
}

/** Inputs with input `j` replaced by a contiguous float64 copy of `values`. */
function withInput(sample: Sample, j: number, values: readonly number[]): Tensor[] {
  return sample.inputs.map((inp, i) => (i === j ? f64(inp.ref.shape, values) : inp.tensor));
}

/** Central differences of x ↦ f(x)·u for every element of every differentiated input. */
function numericVjp(sample: Sample, us: readonly number[][]): number[][] {
  return noGrad(() =>
    sample.wrt.map((j) => {
      const base = [...dataOf(sample.inputs[j]!.ref)];
      return base.map((v, k) => {
        const plus = [...base];
        const minus = [...base];
        plus[k] = v + EPS;
        minus[k] = v - EPS;
        const fp = dot(floatOutputs(sample, withInput(sample, j, plus)), us);
        const fm = dot(floatOutputs(sample, withInput(sample, j, minus)), us);
        return (fp - fm) / (2 * EPS);
      });
    }),
  );
}

/** Fresh leaves for the differentiated inputs (a detached view keeps its strides). */
function leaves(sample: Sample): Tensor[] {
  return sample.inputs.map((inp, i) => (sample.wrt.includes(i) ? inp.tensor.detach().requiresGrad_(true) : inp.tensor));
}

function assertAllClose(actual: readonly number[], expected: readonly number[], tol: { rtol: number; atol: number }, context: string): void {
  assert.equal(actual.length, expected.length, `${context}: length`);
  actual.forEach((a, i) => {
    assert.ok(close(a, expected[i]!, tol), `${context}: element ${i} is ${a}, expected ${expected[i]}\n  got      ${JSON.stringify(actual)}\n  expected ${JSON.stringify(expected)}`);
  });
}

function upstream(outs: readonly Tensor[], rng: Rng): number[][] {
  return outs.map((o) => Array.from({ length: o.size }, () => rng.uniform(-1, 1)));
}

function checkFirstOrder(name: string, sample: Sample, rng: Rng): void {
  // 1. gradients(): analytic uᵀJ against central differences.
  const xs = leaves(sample);
  const outs = enableGrad(() => floatOutputs(sample, xs));
  assert.ok(outs.length > 0, `${name}: no float output`);
  for (const o of outs) assert.ok(o.requiresGrad || o.size === 0 || xs.some((x) => x === o), `${name}: output does not require grad`);
  const us = upstream(outs, rng);
  const wrt = sample.wrt.map((j) => xs[j]!);
  const analytic = gradients(outs, wrt, outs.map((o, k) => f64(o.shape, us[k]!)));
  const numeric = numericVjp(sample, us);
  const analyticValues = analytic.map((g, i) => {
    const x = wrt[i]!;
    if (g === null) return new Array<number>(x.size).fill(0);
    assert.deepEqual([...g.shape], [...x.shape], `${name}: gradient ${i} has the input's shape`);
    assert.equal(g.dtype, 'float64', `${name}: gradient ${i} is float64`);
    return valuesOf(g);
  });
  analyticValues.forEach((g, i) => assertAllClose(g, numeric[i]!, FIRST_ORDER, `${name}: d/d input ${sample.wrt[i]} (gradients vs finite differences)`));

  // 2. backward(): the same gradients land in .grad, and a second backward adds to them.
  const ys = leaves(sample);
  const loss = enableGrad(() =>
    floatOutputs(sample, ys).reduce<Tensor>((acc, o, k) => add(acc, sum(mul(o, f64(o.shape, us[k]!)))), f64([], [0])),
  );
  const leavesUsed = sample.wrt.map((j) => ys[j]!);
  if (!loss.requiresGrad) {
    // Every output is an empty tensor or does not reach the leaves: the gradients must be zero.
    analyticValues.forEach((g) => assert.ok(g.every((v) => v === 0), `${name}: no graph but non-zero gradient`));
    return;
  }
  loss.backward(undefined, { retainGraph: true });
  const once = leavesUsed.map((x) => (x.grad === null ? new Array<number>(x.size).fill(0) : valuesOf(x.grad)));
  once.forEach((g, i) => assertAllClose(g, analyticValues[i]!, SAME_RULES, `${name}: .grad of input ${sample.wrt[i]} after backward()`));
  loss.backward();
  leavesUsed.forEach((x, i) => {
    const twice = x.grad === null ? new Array<number>(x.size).fill(0) : valuesOf(x.grad);
    assertAllClose(twice, once[i]!.map((v) => 2 * v), SAME_RULES, `${name}: .grad of input ${sample.wrt[i]} accumulates over two backward() calls`);
  });
}

describe(title('gradients by central finite differences (float64)'), () => {
  for (const info of OP_REGISTRY.filter((o) => o.differentiable)) {
    describe(info.name, () => {
      const samples = info.samples('float64', rngFor(info.name, 1));
      const checkable = samples.filter((s) => s.gradcheck === true && s.wrt.length > 0);
      it(`${info.name} has samples to gradient-check`, () => assert.ok(checkable.length > 0));
      checkable.forEach((sample, n) => {
        it(`${info.name} gradients match finite differences on ${sample.description}`, skipIfExcluded(info.name), () => {
          checkFirstOrder(`${info.name} on ${sample.description}`, sample, new Rng(1000 + n));
          firstOrderCases++;
        });
      });
    });
  }
});

describe(title('non-differentiable ops record no graph'), () => {
  const withFloatInput = OP_REGISTRY.filter(
    (o) => !o.differentiable && o.takesTensor && o.samples('float64', rngFor(o.name, 2)).some((s) => s.inputs.some((i) => i.tensor.isFloatingPoint())),
  );
  it('covers some ops', () => assert.ok(withFloatInput.length > 10));
  for (const info of withFloatInput) {
    it(`${info.name} gives outputs that do not require a gradient`, skipIfExcluded(info.name), () => {
      let checked = 0;
      for (const sample of info.samples('float64', rngFor(info.name, 2))) {
        if (!sample.inputs.some((i) => i.tensor.isFloatingPoint())) continue;
        const xs = sample.inputs.map((i) => (i.tensor.isFloatingPoint() ? i.tensor.detach().requiresGrad_(true) : i.tensor));
        const outs = enableGrad(() => outputsOf(sample.run(xs)));
        for (const o of outs) assert.equal(o.requiresGrad, false, `${info.name} on ${sample.description}`);
        checked++;
      }
      assert.ok(checked > 0, `${info.name}: no sample with a float input`);
    });
  }
});

describe(title('differentiable ops record nothing under noGrad'), () => {
  for (const info of OP_REGISTRY.filter((o) => o.differentiable)) {
    it(`${info.name} outputs do not require grad inside noGrad`, skipIfExcluded(info.name), () => {
      const sample = info.samples('float64', rngFor(info.name, 3)).find((s) => s.gradcheck === true && s.wrt.length > 0)!;
      const xs = leaves(sample);
      const outs = noGrad(() => outputsOf(sample.run(xs)));
      for (const o of outs) {
        if (xs.includes(o)) continue; // an op may return its input unchanged (a leaf)
        assert.equal(o.requiresGrad, false, `${info.name} on ${sample.description}`);
      }
    });
  }
});

// ── second order ─────────────────────────────────────────────────────────────────────────────────

/**
 * Ops checked to second order: Hessian-vector products from createGraph vs differences of gradients.
 * (Linear ops such as cumsum have a zero Hessian: their gradient does not depend on x at all.)
 */
const SECOND_ORDER_OPS = ['exp', 'log', 'sqrt', 'sin', 'tanh', 'sigmoid', 'erf', 'gelu', 'mul', 'div', 'pow', 'softmax', 'logSoftmax', 'logsumexp', 'matmul', 'prod', 'variance', 'std'];

function gradientDotV(sample: Sample, xs: readonly Tensor[], u: readonly number[][], createGraph: boolean): Tensor[] {
  const outs = enableGrad(() => floatOutputs(sample, xs));
  const wrt = sample.wrt.map((j) => xs[j]!);
  const gs = gradients(outs, wrt, outs.map((o, k) => f64(o.shape, u[k]!)), { createGraph });
  return gs.map((g, i) => g ?? f64(wrt[i]!.shape, new Array<number>(wrt[i]!.size).fill(0)));
}

describe(title('second-order gradients through createGraph (float64)'), () => {
  for (const name of SECOND_ORDER_OPS) {
    it(`${name} Hessian-vector products match differences of gradients`, skipIfExcluded(name), () => {
      const info = findOp(name);
      const sample = info.samples('float64', rngFor(name, 4)).find((s) => s.gradcheck === true && s.wrt.length > 0 && s.kinds.includes('basic'));
      assert.ok(sample !== undefined, `${name}: no basic sample`);
      const rng = new Rng(77);
      const xs = leaves(sample);
      const outs = noGrad(() => floatOutputs(sample, sample.inputs.map((i) => i.tensor)));
      const u = upstream(outs, rng);
      const v = sample.wrt.map((j) => Array.from({ length: sample.inputs[j]!.tensor.size }, () => rng.uniform(-1, 1)));
      // Analytic: d/dx [ (uᵀJ(x)) · v ].
      const g = gradientDotV(sample, xs, u, true);
      const s = enableGrad(() => g.reduce<Tensor>((acc, gi, i) => add(acc, sum(mul(gi, f64(gi.shape, v[i]!)))), f64([], [0])));
      assert.ok(s.requiresGrad, `${name}: the gradient was not recorded with createGraph`);
      const wrt = sample.wrt.map((j) => xs[j]!);
      const hvp = gradients([s], wrt).map((h, i) => (h === null ? new Array<number>(wrt[i]!.size).fill(0) : valuesOf(h)));
      // Numeric: central differences of x ↦ (uᵀJ(x)) · v.
      const gv = (inputs: Tensor[]): number =>
        gradientDotV(sample, inputs, u, false).reduce((acc, gi, i) => acc + valuesOf(gi).reduce((a, x, k) => a + x * v[i]![k]!, 0), 0);
      sample.wrt.forEach((j, i) => {
        const base = [...dataOf(sample.inputs[j]!.ref)];
        const numeric = base.map((x, k) => {
          const at = (delta: number): number => {
            const values = [...base];
            values[k] = x + delta;
            const inputs = sample.inputs.map((inp, m) =>
              m === j ? f64(inp.ref.shape, values).requiresGrad_(true) : sample.wrt.includes(m) ? inp.tensor.detach().requiresGrad_(true) : inp.tensor,
            );
            return gv(inputs);
          };
          return (at(EPS) - at(-EPS)) / (2 * EPS);
        });
        assertAllClose(hvp[i]!, numeric, SECOND_ORDER, `${name} on ${sample.description}: Hessian-vector product for input ${j}`);
      });
      assert.ok(sizeOfShape(sample.inputs[0]!.ref.shape) > 0);
      secondOrderCases++;
    });
  }
});

describe(title('the gradient check itself'), () => {
  it('fails on an op whose gradient is wrong (sin with its cos factor detached)', () => {
    const sample = findOp('sin').samples('float64', rngFor('sin', 5))[0]!;
    const wrong: Sample = { ...sample, run: (ts) => mul(ts[0]!.detach(), sum(ts[0]!)) };
    assert.throws(() => checkFirstOrder('deliberately wrong', wrong, new Rng(1)), /finite differences/);
  });
});

describe(title('gradcheck suite'), () => {
  it('ran more than 0 first-order and second-order cases', () => {
    assert.ok(firstOrderCases > 0, `first order: ${firstOrderCases}`);
    assert.ok(secondOrderCases > 0, `second order: ${secondOrderCases}`);
  });
});
