/**
 * Every loss's gradient, as autograd derives it from the composed forward pass, agrees with central
 * finite differences in float64, under every reduction and the main options.
 */
import { test } from 'node:test';

import { abs, add, type Tensor, tensor, where, lt, mul, sign, sub } from '../../src/core/index.js';
import {
  binaryCrossEntropy, binaryCrossEntropyWithLogits, crossEntropy, huberLoss, klDivLoss, l1Loss, mseLoss, nllLoss,
  smoothL1Loss,
} from '../../src/losses/index.js';
import { checkGradient, f64, randn64, uniform64 } from './gradient-check.js';

const REDUCTIONS = ['mean', 'sum', 'none'] as const;

function ints(data: readonly number[], shape: readonly number[]): Tensor {
  return tensor(new Int32Array(data), { shape: [...shape], dtype: 'int32' });
}

/** x = target + an offset whose magnitude avoids [0, 0.1) and the band around `kink` (for abs and where branches). */
function awayFrom(target: Tensor, seed: number, kink: number | null): Tensor {
  const raw = randn64(target.shape, seed, 1.5);
  // Push |offset| to at least 0.1, then out of (0.8·kink, 1.2·kink).
  let offset = add(raw, mul(sign(raw), 0.1));
  if (kink !== null) {
    const near = lt(abs(sub(abs(offset), kink)), 0.2 * kink);
    offset = where(near, mul(offset, 1.5), offset);
  }
  return add(target, offset);
}

const y34 = randn64([3, 4], 11);

for (const reduction of REDUCTIONS) {
  test(`mseLoss gradient matches finite differences (${reduction})`, () => {
    checkGradient((x) => mseLoss(x, y34, { reduction }), randn64([3, 4], 1), `mseLoss ${reduction}`);
    checkGradient((t) => mseLoss(randn64([3, 4], 1), t, { reduction }), y34, `mseLoss ${reduction}, d/d target`);
  });

  test(`l1Loss gradient matches finite differences (${reduction})`, () => {
    checkGradient((x) => l1Loss(x, y34, { reduction }), awayFrom(y34, 2, null), `l1Loss ${reduction}`);
  });

  test(`huberLoss gradient matches finite differences (${reduction})`, () => {
    for (const delta of [1, 0.5, 2]) {
      checkGradient((x) => huberLoss(x, y34, { reduction, delta }), awayFrom(y34, 3, delta), `huberLoss δ=${delta} ${reduction}`);
    }
  });

  test(`smoothL1Loss gradient matches finite differences (${reduction})`, () => {
    for (const beta of [1, 0.3, 0]) {
      checkGradient((x) => smoothL1Loss(x, y34, { reduction, beta }), awayFrom(y34, 4, beta === 0 ? null : beta), `smoothL1Loss β=${beta} ${reduction}`);
    }
  });

  test(`binaryCrossEntropy gradient matches finite differences (${reduction})`, () => {
    const p = uniform64([4, 3], 5, 0.05, 0.95);
    const soft = uniform64([4, 3], 6, 0, 1);
    const hard = f64([1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0], [4, 3]);
    checkGradient((x) => binaryCrossEntropy(x, soft, { reduction }), p, `binaryCrossEntropy soft ${reduction}`);
    checkGradient((x) => binaryCrossEntropy(x, hard, { reduction, weight: f64([0.5, 2, 1], [3]) }), p, `binaryCrossEntropy weight ${reduction}`);
    checkGradient((t) => binaryCrossEntropy(p, t, { reduction }), soft, `binaryCrossEntropy ${reduction}, d/d target`);
  });

  test(`binaryCrossEntropyWithLogits gradient matches finite differences (${reduction})`, () => {
    const x0 = randn64([4, 3], 7, 3);
    const soft = uniform64([4, 3], 8, 0, 1);
    checkGradient((x) => binaryCrossEntropyWithLogits(x, soft, { reduction }), x0, `bceWithLogits ${reduction}`);
    checkGradient(
      (x) => binaryCrossEntropyWithLogits(x, soft, { reduction, posWeight: f64([3, 0.5, 1], [3]), weight: f64([1, 2, 0.5, 1.5], [4, 1]) }),
      x0,
      `bceWithLogits posWeight+weight ${reduction}`,
    );
    checkGradient((t) => binaryCrossEntropyWithLogits(x0, t, { reduction, posWeight: f64([3, 0.5, 1], [3]) }), soft, `bceWithLogits ${reduction}, d/d target`);
  });

  test(`crossEntropy gradient with class indices matches finite differences (${reduction})`, () => {
    const logits = randn64([5, 4], 9, 2);
    const target = ints([0, 3, -100, 1, 3], [5]);
    const weight = f64([0.5, 2, 1, 3], [4]);
    const variants = [
      {},
      { weight },
      { ignoreIndex: -100 },
      { labelSmoothing: 0.2 },
      { labelSmoothing: 0.1, weight, ignoreIndex: -100 },
    ];
    const plain = ints([0, 3, 2, 1, 3], [5]);
    for (const options of variants) {
      const t = 'ignoreIndex' in options ? target : plain;
      checkGradient((x) => crossEntropy(x, t, { reduction, ...options }), logits, `crossEntropy ${JSON.stringify(Object.keys(options))} ${reduction}`);
    }
    const spatial = randn64([2, 3, 2, 2], 10, 2);
    const spatialTarget = ints([0, 2, 1, 255, 2, 2, 0, 1], [2, 2, 2]);
    checkGradient(
      (x) => crossEntropy(x, spatialTarget, { reduction, ignoreIndex: 255, labelSmoothing: 0.1, weight: f64([1, 2, 0.5], [3]) }),
      spatial,
      `crossEntropy spatial ${reduction}`,
    );
    checkGradient((x) => crossEntropy(x, ints([2], []), { reduction, labelSmoothing: 0.1 }), randn64([4], 12), `crossEntropy [C] ${reduction}`);
  });

  test(`crossEntropy gradient with probability targets matches finite differences (${reduction})`, () => {
    const logits = randn64([3, 4], 13, 2);
    const probs = f64([0.1, 0.2, 0.3, 0.4, 0, 0, 1, 0, 0.25, 0.25, 0.25, 0.25], [3, 4]);
    checkGradient((x) => crossEntropy(x, probs, { reduction }), logits, `crossEntropy probs ${reduction}`);
    checkGradient(
      (x) => crossEntropy(x, probs, { reduction, labelSmoothing: 0.2, weight: f64([0.5, 2, 1, 3], [4]) }),
      logits,
      `crossEntropy probs smoothing+weight ${reduction}`,
    );
  });

  test(`nllLoss gradient matches finite differences (${reduction})`, () => {
    const logProbs = randn64([5, 4], 14);
    const target = ints([0, 3, 1, 1, 2], [5]);
    checkGradient((x) => nllLoss(x, target, { reduction }), logProbs, `nllLoss ${reduction}`);
    checkGradient((x) => nllLoss(x, target, { reduction, weight: f64([0.5, 2, 1, 3], [4]), ignoreIndex: 1 }), logProbs, `nllLoss weight+ignore ${reduction}`);
    checkGradient((x) => nllLoss(x, ints([0, 2, 1, 1], [1, 2, 2]), { reduction }), randn64([1, 3, 2, 2], 15), `nllLoss spatial ${reduction}`);
  });
}

for (const reduction of [...REDUCTIONS, 'batchmean'] as const) {
  test(`klDivLoss gradient matches finite differences (${reduction})`, () => {
    const input = randn64([3, 4], 16);
    const target = f64([0.1, 0.2, 0.3, 0.4, 0, 0, 1, 0, 0.25, 0.25, 0.25, 0.25], [3, 4]);
    checkGradient((x) => klDivLoss(x, target, { reduction }), input, `klDivLoss ${reduction}`);
    checkGradient((x) => klDivLoss(x, randn64([3, 4], 17), { reduction, logTarget: true }), input, `klDivLoss logTarget ${reduction}`);
    checkGradient((t) => klDivLoss(input, t, { reduction }), uniform64([3, 4], 18, 0.05, 1), `klDivLoss ${reduction}, d/d target`);
  });
}
