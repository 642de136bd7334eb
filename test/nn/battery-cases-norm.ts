/** Layer-battery cases for the norm layers (run by layers.test.ts). */
import { type Generator, GELU, Linear, mul, noGrad, rand, randint, randn, Sequential, Tanh } from '../../src/index.js';
import { BatchNorm1d } from '../../src/nn/batch-norm1d.js';
import { BatchNorm2d } from '../../src/nn/batch-norm2d.js';
import { Dropout } from '../../src/nn/dropout.js';
import { Embedding } from '../../src/nn/embedding.js';
import { GroupNorm } from '../../src/nn/group-norm.js';
import { LayerNorm } from '../../src/nn/layer-norm.js';
import type { Module } from '../../src/nn/module.js';
import { Residual } from '../../src/nn/residual.js';
import type { BatteryCase } from './layer-battery.js';

/**
 * Norm layers start as the identity transform (weight 1, bias 0, running mean 0, variance 1)
 * whatever the seed, so the battery's "different seeds differ" and state-dict round-trip checks
 * would prove nothing. This draws every float parameter and buffer from the generator instead
 * (variances positive), so the round trip must carry weights and running statistics alike.
 */
function randomizeState<M extends Module>(module: M, generator: Generator): M {
  noGrad(() => {
    for (const [name, t] of [...module.namedParameters(), ...module.namedBuffers()]) {
      if (!t.isFloatingPoint()) continue;
      const u = rand(t.shape, { generator, dtype: t.dtype });
      if (name.endsWith('running_var')) t.assign_(mul(u, 2).add(0.25));
      else if (name.endsWith('weight')) t.assign_(u.add(0.5));
      else t.assign_(mul(u, 2).sub(1));
    }
  });
  return module;
}

const ints = (high: number, shape: number[]) => (generator: Generator) => [randint(0, high, shape, { generator })];
const floats = (shape: number[]) => (generator: Generator) => [randn(shape, { generator })];

export const NORM_CASES: BatteryCase[] = [
  {
    type: 'BatchNorm1d',
    variant: 'features [N, C], running statistics',
    build: (g) => randomizeState(new BatchNorm1d(3), g),
    inputs: floats([4, 3]),
    expectedOutputShape: [4, 3],
    expectedParameterCount: 6,
  },
  {
    type: 'BatchNorm1d',
    variant: 'sequences [N, C, L], cumulative average',
    build: (g) => randomizeState(new BatchNorm1d(3, { momentum: null, eps: 1e-3 }), g),
    inputs: floats([2, 3, 5]),
    expectedOutputShape: [2, 3, 5],
    expectedParameterCount: 6,
  },
  {
    type: 'BatchNorm1d',
    variant: 'no affine (buffers only)',
    build: (g) => randomizeState(new BatchNorm1d(4, { affine: false }), g),
    inputs: floats([3, 4]),
    expectedOutputShape: [3, 4],
    expectedParameterCount: 0,
  },
  {
    type: 'BatchNorm1d',
    variant: 'no running statistics (batch statistics in eval too)',
    build: (g) => randomizeState(new BatchNorm1d(2, { trackRunningStats: false }), g),
    inputs: floats([5, 2]),
    expectedOutputShape: [5, 2],
    expectedParameterCount: 4,
  },
  {
    type: 'BatchNorm2d',
    variant: 'images [N, C, H, W]',
    build: (g) => randomizeState(new BatchNorm2d(3), g),
    inputs: floats([2, 3, 4, 4]),
    expectedOutputShape: [2, 3, 4, 4],
    expectedParameterCount: 6,
  },
  {
    type: 'LayerNorm',
    variant: 'last dimension',
    build: (g) => randomizeState(new LayerNorm(5), g),
    inputs: floats([3, 5]),
    expectedOutputShape: [3, 5],
    expectedParameterCount: 10,
  },
  {
    type: 'LayerNorm',
    variant: 'two trailing dimensions, no affine',
    build: () => new LayerNorm([2, 3], { elementwiseAffine: false }),
    inputs: floats([4, 2, 3]),
    expectedOutputShape: [4, 2, 3],
    expectedParameterCount: 0,
  },
  {
    type: 'LayerNorm',
    variant: 'no batch dimension',
    build: (g) => randomizeState(new LayerNorm(4, { eps: 1e-3 }), g),
    inputs: floats([4]),
    expectedOutputShape: [4],
    expectedParameterCount: 8,
  },
  {
    type: 'GroupNorm',
    variant: 'images, 2 groups of 2 channels',
    build: (g) => randomizeState(new GroupNorm(2, 4), g),
    inputs: floats([2, 4, 3, 3]),
    expectedOutputShape: [2, 4, 3, 3],
    expectedParameterCount: 8,
  },
  {
    type: 'GroupNorm',
    variant: 'sequences, no affine, batch of one',
    build: () => new GroupNorm(3, 6, { affine: false }),
    inputs: floats([1, 6, 4]),
    expectedOutputShape: [1, 6, 4],
    expectedParameterCount: 0,
  },
  {
    type: 'Dropout',
    variant: 'p = 0.3 with a generator',
    build: (g) => new Dropout(0.3, { generator: g }),
    inputs: floats([3, 4]),
    expectedOutputShape: [3, 4],
    expectedParameterCount: 0,
  },
  {
    type: 'Dropout',
    variant: 'p = 0',
    build: () => new Dropout(0),
    inputs: floats([2, 3]),
    expectedOutputShape: [2, 3],
    expectedParameterCount: 0,
  },
  {
    type: 'Embedding',
    variant: 'matrix of indices',
    build: (generator) => new Embedding(10, 4, { generator }),
    inputs: ints(10, [2, 3]),
    expectedOutputShape: [2, 3, 4],
    expectedParameterCount: 40,
  },
  {
    type: 'Embedding',
    variant: 'padding row',
    build: (generator) => new Embedding(6, 3, { paddingIdx: 0, generator }),
    inputs: ints(6, [8]),
    expectedOutputShape: [8, 3],
    expectedParameterCount: 18,
  },
  {
    type: 'Residual',
    variant: 'around a Linear',
    build: (generator) => new Residual(new Linear(4, 4, { generator })),
    inputs: floats([3, 4]),
    expectedOutputShape: [3, 4],
    expectedParameterCount: 20,
  },
  {
    type: 'Residual',
    variant: 'pre-norm block (Sequential of LayerNorm, Linear, GELU)',
    build: (generator) => new Residual(new Sequential(randomizeState(new LayerNorm(4), generator), new Linear(4, 4, { generator }), new GELU())),
    inputs: floats([2, 3, 4]),
    expectedOutputShape: [2, 3, 4],
    expectedParameterCount: 8 + 20,
  },
  {
    type: 'Residual',
    variant: 'around BatchNorm1d (nested running statistics)',
    build: (g) => new Residual(randomizeState(new BatchNorm1d(3), g)),
    inputs: floats([4, 3]),
    expectedOutputShape: [4, 3],
    expectedParameterCount: 6,
  },
  {
    type: 'Residual',
    variant: 'around Tanh (no parameters)',
    build: () => new Residual(new Tanh()),
    inputs: floats([2, 5]),
    expectedOutputShape: [2, 5],
    expectedParameterCount: 0,
  },
];
