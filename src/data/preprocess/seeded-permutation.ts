/**
 * A seeded permutation of 0 … n−1: the argsort of n uniform float64 draws from a {@link Generator},
 * the recipe `Model.fit` and `DataLoader` use to shuffle, so a seed means the same order on every
 * backend and platform.
 */
import { Generator, rand, sort } from '../../core/index.js';

/**
 * A random order of 0 … n−1.
 *
 * @param n Length.
 * @param generator Source of randomness (advanced by n draws).
 * @example
 * seededPermutation(5, new Generator(0)); // e.g. Int32Array [3, 0, 4, 1, 2]
 */
export function seededPermutation(n: number, generator: Generator): Int32Array {
  if (n <= 1) return Int32Array.from({ length: n }, (_, i) => i);
  return Int32Array.from(sort(rand([n], { generator, dtype: 'float64' })).indices.dataSync());
}

/**
 * A generator for a split's seed.
 *
 * @throws ValueError for a seed that is not a non-negative safe integer.
 * @example
 * const g = splitGenerator(42);
 */
export function splitGenerator(seed: number): Generator {
  return new Generator(seed);
}
