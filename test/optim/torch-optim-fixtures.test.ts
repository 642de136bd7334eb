/**
 * Golden values from PyTorch: every optimiser trajectory, learning-rate sequence and clipping case
 * in test/fixtures/torch/optim.json is replayed with Sprout and compared step by step.
 *
 * The JSON is written by tools/fixtures/generate_torch_optim_fixtures.py (run it with
 * `/usr/bin/python3 tools/fixtures/generate_torch_optim_fixtures.py`); this test never runs Python.
 * Losses and gradients are recomputed with Sprout's autograd at every step, so each trajectory
 * checks forward, backward and the update rule together.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

import { add, matmul, mean, square, sub, type Tensor, tensor, transpose } from '../../src/core/index.js';
import {
  clipGradNorm, clipGradValue, CosineAnnealingLR, ExponentialLR, type LRScheduler, ReduceLROnPlateau,
  type ReduceLROnPlateauOptions, SGD, StepLR,
} from '../../src/optim/index.js';
import { optimizerEntry, type PlainGroup, type PlainOptions } from './optimizer-registry.js';

// ── fixture file ─────────────────────────────────────────────────────────────────────────────

interface FixtureTensor {
  readonly shape: readonly number[];
  readonly data: readonly number[];
}

interface OptimizerCase {
  readonly id: string;
  readonly optimizer: string;
  readonly options: PlainOptions;
  readonly groups?: readonly PlainOptions[];
  readonly trajectory: readonly { readonly loss: number; readonly weight: FixtureTensor; readonly bias: FixtureTensor }[];
}

interface SchedulerCase {
  readonly id: string;
  readonly scheduler: 'StepLR' | 'ExponentialLR' | 'CosineAnnealingLR' | 'ReduceLROnPlateau';
  readonly options: PlainOptions;
  readonly baseLrs: readonly number[];
  readonly metrics?: readonly number[];
  readonly lrs: readonly (readonly number[])[];
}

interface ClipCase {
  readonly id: string;
  readonly function: 'clipGradNorm' | 'clipGradValue';
  readonly options: { readonly maxNorm?: number; readonly normType?: number | 'inf'; readonly clipValue?: number };
  readonly grads: readonly FixtureTensor[];
  readonly clipped: readonly FixtureTensor[];
  readonly totalNorm?: number;
}

interface Fixtures {
  readonly problem: { readonly x: FixtureTensor; readonly y: FixtureTensor; readonly weight: FixtureTensor; readonly bias: FixtureTensor };
  readonly optimizers: readonly OptimizerCase[];
  readonly schedulers: readonly SchedulerCase[];
  readonly clipping: readonly ClipCase[];
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkTensor(value: unknown, where: string): void {
  assert.ok(isObject(value), `${where}: expected a tensor object`);
  const { shape, data } = value;
  assert.ok(Array.isArray(shape) && Array.isArray(data), `${where}: shape and data must be arrays`);
  assert.ok(data.every((v) => typeof v === 'number'), `${where}: data must be numbers`);
  assert.equal(data.length, (shape as number[]).reduce((p, d) => p * d, 1), `${where}: data length does not match shape`);
}

/** Reads and checks the file's structure, so a malformed file fails loudly instead of passing vacuously. */
function loadFixtures(): Fixtures {
  const parsed: unknown = JSON.parse(readFileSync(new URL('../fixtures/torch/optim.json', import.meta.url), 'utf8'));
  assert.ok(isObject(parsed), 'optim.json must hold an object');
  const { problem, optimizers, schedulers, clipping } = parsed;
  assert.ok(isObject(problem), 'optim.json: problem');
  for (const key of ['x', 'y', 'weight', 'bias']) checkTensor(problem[key], `problem.${key}`);
  assert.ok(Array.isArray(optimizers) && optimizers.length > 0, 'optim.json: optimizers must be a non-empty array');
  for (const c of optimizers as unknown[]) {
    assert.ok(isObject(c) && typeof c.id === 'string' && typeof c.optimizer === 'string' && isObject(c.options), 'optimizer case');
    assert.ok(Array.isArray(c.trajectory) && c.trajectory.length === 20, `${c.id}: 20 steps expected`);
    (c.trajectory as unknown[]).forEach((s, i) => {
      assert.ok(isObject(s) && typeof s.loss === 'number', `${c.id}[${i}].loss`);
      checkTensor(s.weight, `${c.id}[${i}].weight`);
      checkTensor(s.bias, `${c.id}[${i}].bias`);
    });
  }
  assert.ok(Array.isArray(schedulers) && schedulers.length > 0, 'optim.json: schedulers must be a non-empty array');
  for (const c of schedulers as unknown[]) {
    assert.ok(isObject(c) && typeof c.id === 'string' && Array.isArray(c.lrs) && Array.isArray(c.baseLrs), 'scheduler case');
    assert.equal(c.lrs.length, 31, `${c.id}: 30 steps + the initial rates expected`);
  }
  assert.ok(Array.isArray(clipping) && clipping.length > 0, 'optim.json: clipping must be a non-empty array');
  return parsed as unknown as Fixtures;
}

const fixtures = loadFixtures();

function toTensor(t: FixtureTensor): Tensor {
  return tensor([...t.data], { shape: t.shape, dtype: 'float32' });
}

// ── comparison ───────────────────────────────────────────────────────────────────────────────

// Relative tolerance 1e-5 as the issue asks. The absolute term covers elements that pass near zero,
// where a relative bound means nothing: Sprout and torch sum the matmul and mean reductions in
// different orders (and torch fuses some multiply-adds), so each step's gradient differs by a few
// float32 ulps and parameters of size ~1 drift by a few ulps (ε = 1.2e-7) over 20 steps. The worst
// drift measured over all cases is 3e-7 (RMSprop with momentum); 1e-6 is that with a 3× margin and
// still ~10⁴× below a typical step.
const RTOL = 1e-5;
const ATOL = 1e-6;

function assertClose(actual: ArrayLike<number>, expected: readonly number[], where: string, atol = ATOL): void {
  assert.equal(actual.length, expected.length, `${where}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const ok = Math.abs(a - e) <= atol + RTOL * Math.abs(e);
    if (!ok) assert.fail(`${where}[${i}]: Sprout ${a}, torch ${e} (difference ${Math.abs(a - e)})`);
  }
}

// ── optimisers ───────────────────────────────────────────────────────────────────────────────

describe('optimisers match PyTorch trajectories', () => {
  const x = toTensor(fixtures.problem.x);
  const y = toTensor(fixtures.problem.y);
  for (const c of fixtures.optimizers) {
    test(`${c.id}: ${c.optimizer} ${JSON.stringify(c.options)} matches torch for 20 steps`, () => {
      const weight = toTensor(fixtures.problem.weight).requiresGrad_();
      const bias = toTensor(fixtures.problem.bias).requiresGrad_();
      const entry = optimizerEntry(c.optimizer);
      const params: readonly Tensor[] | readonly PlainGroup[] =
        c.groups === undefined ? [weight, bias] : [{ ...c.groups[0], params: [weight] }, { ...c.groups[1], params: [bias] }];
      const optimizer = entry.create(params, c.options);
      c.trajectory.forEach((expected, step) => {
        optimizer.zeroGrad();
        const loss = mean(square(sub(add(matmul(x, transpose(weight)), bias), y)));
        assertClose([loss.item()], [expected.loss], `${c.id} step ${step + 1} loss`);
        loss.backward();
        optimizer.step();
        assertClose(weight.dataSync(), expected.weight.data, `${c.id} step ${step + 1} weight`);
        assertClose(bias.dataSync(), expected.bias.data, `${c.id} step ${step + 1} bias`);
      });
    });
  }
});

// ── learning-rate schedules ──────────────────────────────────────────────────────────────────

function makeScheduler(c: SchedulerCase, optimizer: SGD): LRScheduler | ReduceLROnPlateau {
  const o = c.options as Record<string, number>;
  switch (c.scheduler) {
    case 'StepLR':
      return new StepLR(optimizer, { stepSize: o['stepSize']!, ...(o['gamma'] === undefined ? {} : { gamma: o['gamma'] }) });
    case 'ExponentialLR':
      return new ExponentialLR(optimizer, { gamma: o['gamma']! });
    case 'CosineAnnealingLR':
      return new CosineAnnealingLR(optimizer, c.options as { tMax: number });
    case 'ReduceLROnPlateau':
      return new ReduceLROnPlateau(optimizer, c.options as ReduceLROnPlateauOptions);
  }
}

describe('learning-rate schedules match PyTorch', () => {
  for (const c of fixtures.schedulers) {
    test(`${c.id}: ${c.scheduler} ${JSON.stringify(c.options)} matches torch for 30 steps`, () => {
      const optimizer = new SGD(c.baseLrs.map((lr) => ({ params: [tensor([0]).requiresGrad_()], lr })));
      const scheduler = makeScheduler(c, optimizer);
      const lrs = () => optimizer.paramGroups.map((_, i) => optimizer.getLr(i));
      // Rates are computed in double precision on both sides; only the summation order of the
      // recursive forms differs, so a tight absolute term (for rates that reach 0) suffices.
      assertClose(lrs(), c.lrs[0]!, `${c.id} after construction`, 1e-12);
      for (let step = 1; step < c.lrs.length; step++) {
        optimizer.step();
        if (scheduler instanceof ReduceLROnPlateau) scheduler.step(c.metrics![step - 1]!);
        else scheduler.step();
        assertClose(lrs(), c.lrs[step]!, `${c.id} step ${step}`, 1e-12);
        assert.deepEqual(scheduler.getLastLr(), lrs());
      }
    });
  }
});

// ── gradient clipping ────────────────────────────────────────────────────────────────────────

describe('gradient clipping matches PyTorch', () => {
  for (const c of fixtures.clipping) {
    test(`${c.id}: ${c.function} ${JSON.stringify(c.options)} matches torch`, () => {
      const params = c.grads.map((g) => {
        const p = tensor(new Array<number>(g.data.length).fill(0), { shape: g.shape }).requiresGrad_();
        p.grad = toTensor(g);
        return p;
      });
      if (c.function === 'clipGradNorm') {
        const normType = c.options.normType === 'inf' ? Infinity : c.options.normType!;
        const total = clipGradNorm(params, c.options.maxNorm!, normType);
        assert.equal(total.rank, 0);
        assertClose([total.item()], [c.totalNorm!], `${c.id} total norm`);
      } else {
        clipGradValue(params, c.options.clipValue!);
      }
      params.forEach((p, i) => assertClose(p.grad!.dataSync(), c.clipped[i]!.data, `${c.id} grad ${i}`));
    });
  }
});
