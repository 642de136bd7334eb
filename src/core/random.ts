/**
 * Seedable random generators. A generator is a Philox key (the seed) and a block counter; each draw
 * hands the backend a {@link RandomStream} and advances the counter, so the same seed gives the
 * same numbers on every backend (the recipe is fixed in the kernel contract).
 */
import { type DType, type RandomDistribution, type RandomStream, randomBlocksUsed } from '../backends/contract.js';
import { ValueError } from './errors.js';

const TWO_32 = 4294967296;

/** Position of a generator, for checkpoints. */
export interface GeneratorState {
  readonly seed: number;
  readonly counter: number;
}

/** An explicit, seedable source of random numbers. */
export class Generator {
  private seedValue = 0;
  private key: readonly [number, number] = [0, 0];
  private counter = 0;

  /**
   * @param seed Non-negative integer up to 2⁵³ − 1.
   * @example
   * const g = new Generator(42);
   * const w = randn([3, 3], { generator: g });
   */
  constructor(seed = 0) {
    this.manualSeed(seed);
  }

  /** Restarts the stream from `seed`. */
  manualSeed(seed: number): this {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new ValueError(`manualSeed: seed must be a non-negative safe integer, got ${seed}`);
    }
    this.seedValue = seed;
    this.key = [seed % TWO_32 >>> 0, Math.floor(seed / TWO_32) >>> 0];
    this.counter = 0;
    return this;
  }

  /** The seed and how far the stream has advanced. */
  getState(): GeneratorState {
    return { seed: this.seedValue, counter: this.counter };
  }

  /** Restores a position saved by {@link getState}. */
  setState(state: GeneratorState): this {
    this.manualSeed(state.seed);
    if (!Number.isSafeInteger(state.counter) || state.counter < 0) {
      throw new ValueError(`setState: counter must be a non-negative safe integer, got ${state.counter}`);
    }
    this.counter = state.counter;
    return this;
  }

  /** @internal Reserves the stream for `size` draws and advances past it. */
  take(distribution: RandomDistribution, dtype: DType, size: number): RandomStream {
    const stream = { key: this.key, counter: this.counter };
    this.counter += randomBlocksUsed(distribution, dtype, size);
    return stream;
  }
}

/** PyTorch's default seed, so a program that never seeds is still reproducible. */
const DEFAULT_SEED = 67280421310721;

/** The generator random ops use when none is passed. */
export const defaultGenerator = new Generator(DEFAULT_SEED);

/**
 * Seeds the default generator.
 *
 * @example
 * manualSeed(0);
 */
export function manualSeed(seed: number): void {
  defaultGenerator.manualSeed(seed);
}
