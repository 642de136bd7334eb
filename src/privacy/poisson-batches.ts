/**
 * Poisson sampling of batches, the sampling DP-SGD's privacy analysis assumes (Abadi et al. 2016,
 * §3.1; Mironov et al. 2019): every step, each example joins the batch independently with
 * probability q = B / n, so batch sizes vary around B and may be zero.
 */
import { type Generator, indexSelect, rand, type Tensor, tensor, ValueError } from '../core/index.js';

/** Options of {@link poissonBatches}. */
export interface PoissonBatchOptions {
  /** Expected batch size B; q = B / n. */
  readonly batchSize: number;
  /** Source of the sampling randomness. */
  readonly generator: Generator;
}

/** Steps in one epoch of {@link poissonBatches}: ⌈n / B⌉, so that an epoch sees n examples on average. */
export function poissonStepsPerEpoch(samples: number, batchSize: number): number {
  return Math.ceil(samples / batchSize);
}

/**
 * One epoch of Poisson-sampled batches over (x, y): ⌈n / B⌉ steps, re-iterable (each pass draws
 * new batches).
 *
 * @throws ValueError for a batch size outside [1, n] or x and y of different lengths.
 * @example
 * for (const [bx, by] of poissonBatches(x, y, { batchSize: 256, generator: new Generator(0) })) { … }
 */
export function poissonBatches(x: Tensor, y: Tensor, options: PoissonBatchOptions): Iterable<[Tensor, Tensor]> {
  const n = x.shape[0] ?? 0;
  if (y.shape[0] !== n || n === 0) throw new ValueError(`poissonBatches: x and y must hold the same positive number of examples, got ${n} and ${y.shape[0]}`);
  const { batchSize, generator } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > n) {
    throw new ValueError(`poissonBatches: batchSize must be an integer in [1, ${n}], got ${batchSize}`);
  }
  const q = batchSize / n;
  const steps = poissonStepsPerEpoch(n, batchSize);
  return {
    *[Symbol.iterator]() {
      for (let step = 0; step < steps; step++) {
        const draws = rand([n], { generator, dtype: 'float64' }).dataSync();
        const chosen: number[] = [];
        for (let i = 0; i < n; i++) if (draws[i]! < q) chosen.push(i);
        const index = tensor(Int32Array.from(chosen), { dtype: 'int32' });
        yield [indexSelect(x, 0, index), indexSelect(y, 0, index)];
      }
    },
  };
}
