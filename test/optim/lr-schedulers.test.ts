/**
 * Learning-rate schedules: hand-traced ReduceLROnPlateau behaviour (patience, cooldown, threshold,
 * minLr), warm-up values, state-dict round trips and validation. Sequences against PyTorch are in
 * torch-optim-fixtures.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { tensor, ValueError } from '../../src/core/index.js';
import {
  CosineAnnealingLR, ExponentialLR, type LRScheduler, ReduceLROnPlateau, type ReduceLROnPlateauState, SGD, StepLR,
} from '../../src/optim/index.js';

function sgd(...lrs: number[]): SGD {
  return new SGD(lrs.map((lr) => ({ params: [tensor([0]).requiresGrad_()], lr })));
}

const close = (actual: number, expected: number): void =>
  assert.ok(Math.abs(actual - expected) <= 1e-12 + 1e-12 * Math.abs(expected), `got ${actual}, expected ${expected}`);

describe('ReduceLROnPlateau', () => {
  test('reduces after more than `patience` bad steps, then waits `cooldown` steps', () => {
    const optimizer = sgd(1);
    const scheduler = new ReduceLROnPlateau(optimizer, { patience: 2, factor: 0.5, cooldown: 2 });
    const seen: number[] = [];
    // 1.0 improves on +∞; then three bad steps: the third exceeds patience 2 and halves the rate.
    // Cooldown then swallows two bad steps; counting restarts after it.
    for (const metric of [1, 1, 1, 1, 1, 1, 1, 1, 1]) {
      scheduler.step(metric);
      seen.push(optimizer.lr);
    }
    assert.deepEqual(seen, [1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.25]);
  });

  test('an improvement resets the bad-step count', () => {
    const optimizer = sgd(1);
    const scheduler = new ReduceLROnPlateau(optimizer, { patience: 1 });
    for (const metric of [5, 5, 4, 4, 3]) scheduler.step(metric);
    assert.equal(optimizer.lr, 1);
    scheduler.step(3);
    scheduler.step(3);
    close(optimizer.lr, 0.1);
  });

  test('relative threshold: a tiny improvement does not count', () => {
    const optimizer = sgd(1);
    const scheduler = new ReduceLROnPlateau(optimizer, { patience: 0, threshold: 0.01 });
    scheduler.step(100);
    scheduler.step(99.5); // needs < 99 to count as better
    close(optimizer.lr, 0.1);
  });

  test("mode 'max' with an absolute threshold and a floor at minLr", () => {
    const optimizer = sgd(1, 0.5);
    const scheduler = new ReduceLROnPlateau(optimizer, {
      mode: 'max', thresholdMode: 'abs', threshold: 0.1, patience: 0, factor: 0.1, minLr: [0.05, 0.2],
    });
    scheduler.step(0.5);
    scheduler.step(0.55); // not better by 0.1: reduce
    assert.deepEqual(scheduler.getLastLr().map((v) => Math.round(v * 1e12) / 1e12), [0.1, 0.2]);
    scheduler.step(0.8); // better
    scheduler.step(0.8);
    assert.deepEqual(scheduler.getLastLr(), [0.05, 0.2]);
    scheduler.step(0.8);
    assert.deepEqual(scheduler.getLastLr(), [0.05, 0.2], 'rates stay at their floors');
  });

  test('accepts a one-element tensor as the metric', () => {
    const optimizer = sgd(1);
    const scheduler = new ReduceLROnPlateau(optimizer, { patience: 0 });
    scheduler.step(tensor(2));
    scheduler.step(tensor([2]));
    close(optimizer.lr, 0.1);
  });

  test('state dict round trip (through JSON) resumes the same decisions', () => {
    const metrics = [3, 2, 2, 2, 1.5, 1.5, 1.5, 1.5, 1.4, 1.4, 1.4];
    const run = (split: number | null): number[] => {
      let optimizer = sgd(1);
      let scheduler = new ReduceLROnPlateau(optimizer, { patience: 1, cooldown: 1, factor: 0.5 });
      const lrs: number[] = [];
      metrics.forEach((m, i) => {
        if (i === split) {
          const saved = JSON.parse(JSON.stringify({ opt: optimizer.stateDict(), sched: scheduler.stateDict() })) as {
            opt: ReturnType<SGD['stateDict']>;
            sched: ReduceLROnPlateauState;
          };
          optimizer = sgd(1);
          optimizer.loadStateDict(saved.opt);
          scheduler = new ReduceLROnPlateau(optimizer, { patience: 1, cooldown: 1, factor: 0.5 });
          scheduler.loadStateDict(saved.sched);
        }
        scheduler.step(m);
        lrs.push(optimizer.lr);
      });
      return lrs;
    };
    const straight = run(null);
    for (const split of [0, 3, 6]) assert.deepEqual(run(split), straight, `split at ${split}`);
    const fresh = new ReduceLROnPlateau(sgd(1)).stateDict();
    assert.equal(fresh.best, null, 'no metric yet: best is null, not Infinity (JSON has none)');
  });

  test('validates its options', () => {
    const optimizer = sgd(0.1, 0.2);
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ factor: 1 }, /factor must be in \[0, 1\), got 1/],
      [{ mode: 'minimum' }, /mode must be one of 'min', 'max', got "minimum"/],
      [{ thresholdMode: 'relative' }, /thresholdMode must be one of 'rel', 'abs'/],
      [{ patience: -1 }, /patience must be an integer ≥ 0, got -1/],
      [{ cooldown: 1.5 }, /cooldown must be an integer ≥ 0, got 1.5/],
      [{ minLr: [0.1] }, /minLr must have one value per group \(2\), got 1/],
      [{ minLr: -1 }, /minLr must be a non-negative finite number, got -1/],
    ];
    for (const [options, message] of cases) {
      assert.throws(
        () => new ReduceLROnPlateau(optimizer, options as never),
        (e: unknown) => e instanceof ValueError && e.message.startsWith('ReduceLROnPlateau: ') && message.test(e.message),
      );
    }
  });
});

describe('epoch schedules', () => {
  test('CosineAnnealingLR warms up linearly from 0, then follows the cosine from the base rate', () => {
    const optimizer = sgd(0.1);
    const scheduler = new CosineAnnealingLR(optimizer, { tMax: 4, warmupSteps: 4, etaMin: 0.02 });
    const lrs = [optimizer.lr];
    for (let i = 0; i < 8; i++) {
      scheduler.step();
      lrs.push(optimizer.lr);
    }
    const cosine = (e: number) => 0.02 + (0.08 * (1 + Math.cos((Math.PI * e) / 4))) / 2;
    [0, 0.025, 0.05, 0.075, 0.1, cosine(1), cosine(2), cosine(3), 0.02].forEach((v, i) => close(lrs[i]!, v));
  });

  test('StepLR composes with a manual change of the rate, as PyTorch does', () => {
    const optimizer = sgd(1);
    const scheduler = new StepLR(optimizer, { stepSize: 2, gamma: 0.5 });
    scheduler.step();
    optimizer.lr = 10;
    scheduler.step(); // epoch 2: halve the current rate
    assert.equal(optimizer.lr, 5);
  });

  const makers: [string, (o: SGD) => LRScheduler][] = [
    ['StepLR', (o) => new StepLR(o, { stepSize: 3, gamma: 0.5 })],
    ['ExponentialLR', (o) => new ExponentialLR(o, { gamma: 0.9 })],
    ['CosineAnnealingLR', (o) => new CosineAnnealingLR(o, { tMax: 7, warmupSteps: 2, etaMin: 0.001 })],
  ];
  for (const [name, make] of makers) {
    test(`${name} resumes the same sequence from its and the optimiser's state dicts`, () => {
      const optimizer = sgd(0.1, 0.3);
      const scheduler = make(optimizer);
      for (let i = 0; i < 5; i++) scheduler.step();
      const saved = JSON.parse(JSON.stringify({ opt: optimizer.stateDict(), sched: scheduler.stateDict() })) as {
        opt: ReturnType<SGD['stateDict']>;
        sched: ReturnType<LRScheduler['stateDict']>;
      };
      const optimizer2 = sgd(0.1, 0.3);
      const scheduler2 = make(optimizer2);
      optimizer2.loadStateDict(saved.opt);
      scheduler2.loadStateDict(saved.sched);
      assert.equal(scheduler2.lastEpoch, 5);
      for (let i = 0; i < 10; i++) {
        scheduler.step();
        scheduler2.step();
        assert.deepEqual(scheduler2.getLastLr(), scheduler.getLastLr());
        assert.deepEqual([optimizer2.getLr(0), optimizer2.getLr(1)], [optimizer.getLr(0), optimizer.getLr(1)]);
      }
    });
  }

  test('validate their options and state dicts', () => {
    const optimizer = sgd(0.1);
    assert.throws(() => new StepLR(optimizer, { stepSize: 0 }), /StepLR: stepSize must be an integer ≥ 1, got 0/);
    assert.throws(() => new StepLR(optimizer, { stepSize: 2, gamma: -0.1 }), /StepLR: gamma must be a non-negative finite number, got -0.1/);
    assert.throws(() => new ExponentialLR(optimizer, { gamma: Number.NaN }), /ExponentialLR: gamma must be a non-negative finite number, got NaN/);
    assert.throws(() => new CosineAnnealingLR(optimizer, { tMax: 2.5 }), /CosineAnnealingLR: tMax must be an integer ≥ 1, got 2.5/);
    assert.throws(() => new CosineAnnealingLR(optimizer, { tMax: 5, warmupSteps: -1 }), /warmupSteps must be an integer ≥ 0, got -1/);
    assert.throws(() => new CosineAnnealingLR(optimizer, { tMax: 5, etaMin: -1 }), /etaMin must be a non-negative finite number, got -1/);
    const scheduler = new StepLR(optimizer, { stepSize: 2 });
    assert.throws(() => scheduler.loadStateDict({ lastEpoch: 1, baseLrs: [0.1, 0.2], lastLrs: [0.1] }), /baseLrs must be 1 numbers/);
    assert.throws(() => scheduler.loadStateDict({ lastEpoch: -1, baseLrs: [0.1], lastLrs: [0.1] }), /lastEpoch must be a non-negative integer/);
  });
});
