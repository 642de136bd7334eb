/**
 * Generic optimiser suites, run for every entry and sample configuration of the registry in
 * optimizer-registry.ts: convergence on a convex problem, state-dict round trips, parameter groups,
 * skipping parameters without gradients, and validation. Base-class behaviour that does not depend
 * on the algorithm is tested once, with SGD or Adam.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  add, Generator, matmul, mean, mul, noGrad, randn, square, sub, sum, type Tensor, tensor, ValueError, zeros,
} from '../../src/core/index.js';
import {
  Adam, adamInit, adamUpdate, type AdamHyper, getOptimizer, OPTIMIZER_NAMES, type OptimizerStateDict, type ParamStateEntry, SGD,
} from '../../src/optim/index.js';
import { type AnyOptimizer, OPTIMIZERS, type PlainOptions } from './optimizer-registry.js';

/** A fixed, well-conditioned least-squares problem: loss(w) = mean((a·w − b)²), w of shape [4, 2]. */
function makeProblem(): { a: Tensor; b: Tensor; loss: (w: Tensor, bias: Tensor) => Tensor } {
  const g = new Generator(11);
  const a = randn([16, 4], { generator: g });
  const b = randn([16, 2], { generator: g });
  return { a, b, loss: (w, bias) => mean(square(sub(add(matmul(a, w), bias), b))) };
}

const problem = makeProblem();

function freshParams(): [Tensor, Tensor] {
  const g = new Generator(3);
  return [randn([4, 2], { generator: g }).requiresGrad_(), zeros([2]).requiresGrad_()];
}

function trainSteps(optimizer: AnyOptimizer, params: readonly [Tensor, Tensor], steps: number): number[] {
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    optimizer.zeroGrad();
    const loss = problem.loss(params[0], params[1]);
    losses.push(loss.item());
    loss.backward();
    optimizer.step();
  }
  return losses;
}

/** A state dict through JSON, tensors as nested arrays, as a checkpoint file would carry it. */
function throughJson(dict: OptimizerStateDict): OptimizerStateDict {
  const replacer = (_key: string, value: unknown): unknown =>
    value !== null && typeof value === 'object' && 'dataSync' in value
      ? { tensor: Array.from((value as Tensor).dataSync()), shape: (value as Tensor).shape }
      : value;
  const parsed = JSON.parse(JSON.stringify(dict, replacer)) as {
    state: Record<string, Record<string, number | { tensor: number[]; shape: number[] }>>;
    paramGroups: OptimizerStateDict['paramGroups'];
  };
  const state: Record<number, ParamStateEntry> = {};
  for (const [index, entry] of Object.entries(parsed.state)) {
    const restored: Record<string, number | Tensor> = {};
    for (const [slot, value] of Object.entries(entry)) {
      restored[slot] = typeof value === 'number' ? value : tensor(value.tensor, { shape: value.shape });
    }
    state[Number(index)] = restored as ParamStateEntry;
  }
  return { state, paramGroups: parsed.paramGroups };
}

const label = (options: PlainOptions): string => JSON.stringify(options);

for (const entry of OPTIMIZERS) {
  describe(`${entry.name} (registry)`, () => {
    for (const options of entry.configs) {
      test(`${entry.name} ${label(options)} decreases a convex least-squares loss`, () => {
        const params = freshParams();
        const losses = trainSteps(entry.create(params, options), params, 60);
        const last = problem.loss(params[0], params[1]).item();
        assert.ok(Number.isFinite(last), `final loss is ${last}`);
        assert.ok(last < 0.6 * losses[0]!, `loss went from ${losses[0]} to ${last}`);
      });

      test(`${entry.name} ${label(options)} resumes the identical trajectory from a state dict`, () => {
        const params = freshParams();
        const original = entry.create(params, options);
        trainSteps(original, params, 5);
        const saved = throughJson(original.stateDict());
        const copies: [Tensor, Tensor] = [params[0].clone().detach().requiresGrad_(), params[1].clone().detach().requiresGrad_()];
        // Fresh optimiser with other hyper-parameters: loading must restore them too.
        const resumed = entry.create(copies, { ...options, lr: 0.5 });
        resumed.loadStateDict(saved);
        assert.equal(resumed.getLr(0), original.getLr(0));
        trainSteps(original, params, 5);
        trainSteps(resumed, copies, 5);
        assert.deepEqual(Array.from(copies[0].dataSync()), Array.from(params[0].dataSync()));
        assert.deepEqual(Array.from(copies[1].dataSync()), Array.from(params[1].dataSync()));
      });
    }

    test(`${entry.name} leaves parameters without a gradient untouched`, () => {
      const [w, bias] = freshParams();
      const unused = tensor([1.5, -2.5]).requiresGrad_();
      const optimizer = entry.create([w, unused, bias], entry.configs[entry.configs.length - 1]);
      for (let i = 0; i < 3; i++) {
        optimizer.zeroGrad();
        problem.loss(w, bias).backward();
        optimizer.step();
      }
      assert.deepEqual(unused.toArray(), [1.5, -2.5]);
      const state = optimizer.stateDict().state;
      assert.equal(state[1], undefined, 'no state for a parameter that never had a gradient');
      assert.equal(state[0]?.step, 3);
      assert.equal(state[2]?.step, 3);
    });

    test(`${entry.name} applies each group's learning rate`, () => {
      // Same gradient for both parameters: with lr 0 in one group it must not move at all, and
      // a group with a larger rate must move further.
      const a = tensor([1, -1, 2]).requiresGrad_();
      const b = tensor([1, -1, 2]).requiresGrad_();
      const c = tensor([1, -1, 2]).requiresGrad_();
      const optimizer = entry.create([{ params: [a], lr: 0.01 }, { params: [b], lr: 0 }, { params: [c], lr: 0.05 }], {});
      assert.deepEqual([0, 1, 2].map((i) => optimizer.getLr(i)), [0.01, 0, 0.05]);
      optimizer.zeroGrad();
      sum(add(add(square(a), square(b)), square(c))).backward();
      optimizer.step();
      assert.deepEqual(b.toArray(), [1, -1, 2]);
      const moved = (t: Tensor) => Math.abs((t.toArray() as number[])[0]! - 1);
      assert.ok(moved(a) > 0 && moved(c) > moved(a), `moves: ${moved(a)} (lr 0.01), ${moved(c)} (lr 0.05)`);
    });

    for (const [options, argument] of entry.invalid) {
      test(`${entry.name} rejects ${label(options)} naming ${argument}`, () => {
        assert.throws(
          () => entry.create(freshParams(), options),
          (error: unknown) =>
            error instanceof ValueError && error.message.startsWith(`${entry.name}: ${argument}`) && error.message.includes('got'),
        );
      });
    }

    test(`${entry.name} rejects an unknown option and a bad group option`, () => {
      assert.throws(() => entry.create(freshParams(), { learningRate: 0.1 }), /unknown option 'learningRate'/);
      assert.throws(() => entry.create([{ params: freshParams(), lr: -1 }]), (e: unknown) => e instanceof ValueError && /lr/.test(e.message));
      assert.throws(() => entry.create([{ params: freshParams(), foo: 1 }]), /unknown option 'foo'/);
    });
  });
}

describe('Optimizer base', () => {
  test('rejects empty, non-float, non-leaf and duplicate parameters', () => {
    const w = tensor([1, 2]).requiresGrad_();
    assert.throws(() => new SGD([]), /SGD: params is empty/);
    assert.throws(() => new SGD([tensor([1, 2], { dtype: 'int32' })]), /must be float32 or float64, got int32/);
    assert.throws(() => new SGD([mul(w, 2)]), /must be a leaf tensor/);
    assert.throws(() => new SGD([w, w]), /appears more than once/);
    assert.throws(() => new SGD([{ params: [w] }, { params: [w] }]), /appears more than once/);
    assert.throws(() => new SGD(w as unknown as Tensor[]), /params must be an iterable/);
    assert.throws(() => new SGD([w, { params: [] }] as unknown as Tensor[]), /not a mix/);
  });

  test('lr reads the first group, sets all groups; setLr targets one group and validates', () => {
    const optimizer = new SGD([{ params: [tensor([1]).requiresGrad_()], lr: 0.1 }, { params: [tensor([2]).requiresGrad_()], lr: 0.2 }]);
    assert.equal(optimizer.lr, 0.1);
    optimizer.setLr(0.5, 1);
    assert.deepEqual([optimizer.getLr(0), optimizer.getLr(1)], [0.1, 0.5]);
    optimizer.lr = 0.01;
    assert.deepEqual([optimizer.getLr(0), optimizer.getLr(1)], [0.01, 0.01]);
    assert.throws(() => optimizer.setLr(-1, 0), /SGD: lr must be a non-negative finite number, got -1/);
    assert.throws(() => optimizer.getLr(2), /group must be an integer in \[0, 1\], got 2/);
  });

  test('zeroGrad clears every gradient', () => {
    const [w, bias] = freshParams();
    const optimizer = new SGD([w, bias], { lr: 0.1 });
    problem.loss(w, bias).backward();
    assert.ok(w.grad !== null && bias.grad !== null);
    optimizer.zeroGrad();
    assert.equal(w.grad, null);
    assert.equal(bias.grad, null);
  });

  test('step(closure) evaluates the closure with gradients on and returns its loss', () => {
    const [w, bias] = freshParams();
    const optimizer = new SGD([w, bias], { lr: 0.1 });
    const before = problem.loss(w, bias).item();
    const loss = noGrad(() =>
      optimizer.step(() => {
        optimizer.zeroGrad();
        const l = problem.loss(w, bias);
        l.backward();
        return l;
      }),
    );
    assert.equal(loss?.item(), before);
    assert.ok(problem.loss(w, bias).item() < before);
  });

  test('a gradient of the wrong shape is refused', () => {
    const w = tensor([1, 2, 3]).requiresGrad_();
    w.grad = tensor([1, 2]);
    assert.throws(() => new SGD([w]).step(), /SGD.step: a gradient has shape \[2\] but its parameter is \[3\]/);
  });

  test('float64 parameters keep float64 state and values', () => {
    const w = tensor([1, -2], { dtype: 'float64' }).requiresGrad_();
    const optimizer = new Adam([w], { lr: 0.1 });
    sum(square(w)).backward();
    optimizer.step();
    assert.equal(w.dtype, 'float64');
    assert.equal((optimizer.stateDict().state[0]?.['expAvg'] as Tensor).dtype, 'float64');
    // First Adam step moves each coordinate by lr against the gradient's sign (m̂/√v̂ = ±1).
    const [a, b] = w.toArray() as number[];
    assert.ok(Math.abs(a! - 0.9) < 1e-7 && Math.abs(b! + 1.9) < 1e-7, `got ${a}, ${b}`);
  });

  test('stateDict lists groups with their hyper-parameters and parameter indices', () => {
    const [w, bias] = freshParams();
    const optimizer = new Adam([{ params: [w] }, { params: [bias], weightDecay: 0.1 }], { lr: 0.01 });
    optimizer.zeroGrad();
    problem.loss(w, bias).backward();
    optimizer.step();
    const dict = optimizer.stateDict();
    assert.deepEqual(dict.paramGroups, [
      { lr: 0.01, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, params: [0] },
      { lr: 0.01, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0.1, amsgrad: false, params: [1] },
    ]);
    assert.deepEqual(Object.keys(dict.state), ['0', '1']);
    assert.deepEqual(Object.keys(dict.state[0]!).sort(), ['expAvg', 'expAvgSq', 'step']);
  });

  test('loadStateDict refuses dicts that do not fit, and changes nothing when it does', () => {
    const [w, bias] = freshParams();
    const adam = new Adam([w, bias], { lr: 0.01 });
    adam.zeroGrad();
    problem.loss(w, bias).backward();
    adam.step();
    const dict = adam.stateDict();
    const sgd = new SGD([w, bias], { lr: 0.1, momentum: 0.9 });
    assert.throws(() => sgd.loadStateDict(dict), /unknown option 'betas'/);
    const twoGroups = new Adam([{ params: [w] }, { params: [bias] }]);
    assert.throws(() => twoGroups.loadStateDict(dict), /the dict has 1 parameter groups but the optimiser has 2/);
    const other = new Adam([w, bias, tensor([1]).requiresGrad_()]);
    assert.throws(() => other.loadStateDict(dict), /paramGroups\[0\] has 2 parameters but the optimiser's group has 3/);
    const swapped = new Adam([bias, w], { lr: 0.3 });
    assert.throws(() => swapped.loadStateDict(dict), /state\[0\]\.expAvg must be a tensor of shape \[2\], got \[4, 2\]/);
    assert.equal(swapped.getLr(0), 0.3, 'a failed load leaves the hyper-parameters alone');
    const extra: OptimizerStateDict = { ...dict, state: { 0: { ...dict.state[0]!, momentum: zeros([4, 2]) } } };
    assert.throws(() => new Adam([w, bias]).loadStateDict(extra), /state\[0\] has an unknown entry 'momentum'/);
    const missing: OptimizerStateDict = { ...dict, state: { 0: { step: 1, expAvg: zeros([4, 2]) } } };
    assert.throws(() => new Adam([w, bias]).loadStateDict(missing), /state\[0\] lacks 'expAvgSq'/);
    const badLr: OptimizerStateDict = { ...dict, paramGroups: [{ ...dict.paramGroups[0]!, lr: 'fast' }] };
    assert.throws(() => new Adam([w, bias]).loadStateDict(badLr), /paramGroups\[0\]\.lr must be like 0\.001, got "fast"/);
  });

  test('the pure update functions write nothing and agree with the class', () => {
    const hyper: AdamHyper = { lr: 0.1, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0.01, amsgrad: true };
    const w = tensor([0.5, -1, 2]);
    const grad = tensor([0.1, 0.2, -0.3]);
    const state = adamInit(w, hyper);
    const next = noGrad(() => adamUpdate(w, grad, state, hyper, 1));
    assert.deepEqual(w.toArray(), [0.5, -1, 2]);
    assert.deepEqual(state.expAvg.toArray(), [0, 0, 0]);
    const p = tensor([0.5, -1, 2]).requiresGrad_();
    p.grad = grad;
    new Adam([p], hyper).step();
    assert.deepEqual(p.toArray(), next.param.toArray());
  });
});

describe('getOptimizer', () => {
  for (const entry of OPTIMIZERS) {
    test(`getOptimizer('${entry.name.toLowerCase()}') builds ${entry.name} with its defaults and the given options`, () => {
      const params = freshParams();
      const byName = getOptimizer(entry.name.toLowerCase(), params, { lr: 0.25 });
      const direct = entry.create(freshParams(), { lr: 0.25 });
      assert.equal(byName.constructor, direct.constructor);
      assert.deepEqual(byName.paramGroups[0]!.hyper, direct.paramGroups[0]!.hyper);
      // PyTorch's default learning rates, when none is given.
      const defaultLr: Record<string, number> = { SGD: 1e-3, Adam: 1e-3, AdamW: 1e-3, RMSprop: 1e-2, Adagrad: 1e-2 };
      assert.equal(getOptimizer(entry.name, freshParams()).getLr(), defaultLr[entry.name]);
    });
  }

  test('lists the known names for an unknown one and refuses unknown options', () => {
    assert.deepEqual(OPTIMIZER_NAMES, ['sgd', 'adam', 'adamw', 'rmsprop', 'adagrad']);
    assert.throws(() => getOptimizer('lbfgs', freshParams()), /getOptimizer: unknown optimiser "lbfgs"; known optimisers: sgd, adam, adamw, rmsprop, adagrad/);
    assert.throws(() => getOptimizer('sgd', freshParams(), { betas: [0.9, 0.99] }), /SGD: unknown option 'betas'/);
  });
});
