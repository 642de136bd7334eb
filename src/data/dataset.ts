/**
 * Dataset: an indexable collection of examples (PyTorch's map-style `Dataset`). Anything with a
 * `length` and `get(i)` is one; examples may be promises (files read on demand), which a
 * DataLoader awaits and prefetches.
 */
import { ValueError } from '../core/index.js';

/**
 * A collection of `length` examples, each fetched by `get(index)`.
 *
 * @example
 * class Squares extends Dataset<[number, number]> {
 *   get length() { return 10; }
 *   get(i: number): [number, number] { return [i, i * i]; }
 * }
 * const doubled = new Squares().map(([x, y]) => [x, 2 * y] as const);
 */
export abstract class Dataset<T> {
  /** Number of examples. */
  abstract get length(): number;

  /** The example at `index`, 0 ≤ index < length. */
  abstract get(index: number): T;

  /**
   * A dataset whose examples are `fn(example, index)`, computed lazily on every `get`. An async
   * `fn` (reading a file, decoding an image) gives promised examples that a DataLoader prefetches.
   *
   * @param fn The transform.
   * @example
   * const normalised = images.map(([x, y]) => [div(x, 255), y] as const);
   */
  map<U>(fn: (example: T, index: number) => U): Dataset<U> {
    return new MappedDataset(this, fn);
  }

  /** The examples in order. */
  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.length; i++) yield this.get(i);
  }

  /**
   * A dataset over an array of examples.
   *
   * @example
   * const ds = Dataset.fromArray([{ x: 1, y: 0 }, { x: 2, y: 1 }]);
   */
  static fromArray<T>(examples: readonly T[]): Dataset<T> {
    return new ArrayDataset(examples);
  }

  /**
   * Checks an index and returns it: a helper for `get` implementations.
   *
   * @throws ValueError for an index that is not an integer in [0, length).
   */
  protected checkIndex(index: number): number {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) {
      throw new ValueError(`Dataset.get: index must be an integer in [0, ${this.length}), got ${index}`);
    }
    return index;
  }
}

class ArrayDataset<T> extends Dataset<T> {
  constructor(private readonly examples: readonly T[]) {
    super();
  }

  get length(): number {
    return this.examples.length;
  }

  get(index: number): T {
    return this.examples[this.checkIndex(index)]!;
  }
}

class MappedDataset<T, U> extends Dataset<U> {
  constructor(
    private readonly source: Dataset<T>,
    private readonly fn: (example: T, index: number) => U,
  ) {
    super();
  }

  get length(): number {
    return this.source.length;
  }

  get(index: number): U {
    return this.fn(this.source.get(index), index);
  }
}
