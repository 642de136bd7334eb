/**
 * DataLoader: batches a Dataset for training, PyTorch-style. Every iteration is one epoch and
 * reshuffles, so one loader serves all epochs of `Model.fit(loader, { epochs })`.
 */
import { DataError, Generator, rand, sort, tensor, ValueError } from '../core/index.js';
import { defaultCollate, type Collated } from './collate.js';
import type { Dataset } from './dataset.js';
import { TensorDataset } from './tensor-dataset.js';

/** What a DataLoader reads: a {@link Dataset} or anything with `length` and `get(i)`. */
export interface IndexedSource<T> {
  readonly length: number;
  get(index: number): T;
}

/** Options of {@link DataLoader}. */
export interface DataLoaderOptions<T, B> {
  /** Examples per batch (default 32). */
  readonly batchSize?: number;
  /** Visit examples in a new random order every epoch (default false). */
  readonly shuffle?: boolean;
  /** Source of the shuffling randomness (default: a generator seeded with 0, so runs repeat). */
  readonly generator?: Generator;
  /** Drop the last batch when it is smaller than batchSize (default false). */
  readonly dropLast?: boolean;
  /** Makes a batch from examples (default {@link defaultCollate}); may be async. */
  readonly collate?: (examples: Awaited<T>[]) => B | Promise<B>;
  /** Batches prepared ahead while the current one is used, when iterated with `for await` (default 2). */
  readonly prefetch?: number;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * Batches of a dataset: `for (const batch of loader)` for datasets with plain examples, `for await`
 * for any dataset (examples or collate may be promises; `prefetch` batches load ahead). Both
 * iterations are re-startable: each is one epoch, reshuffled when `shuffle` is on.
 *
 * @example
 * const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 64, shuffle: true, generator: new Generator(1) });
 * await model.fit(loader, { epochs: 10 });
 * for (const [xb, yb] of loader) console.log(xb.shape); // [64, …]
 */
export class DataLoader<T, B = Collated<Awaited<T>>> implements Iterable<B>, AsyncIterable<B> {
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  readonly prefetch: number;
  private readonly generator: Generator;
  private readonly collate: ((examples: Awaited<T>[]) => B | Promise<B>) | null;

  /**
   * @param dataset The examples.
   * @param options Batch size, shuffling, dropLast, collate, prefetch.
   * @throws ValueError for a dataset without length/get or a bad option.
   */
  constructor(
    readonly dataset: Dataset<T> | IndexedSource<T>,
    options: DataLoaderOptions<T, B> = {},
  ) {
    if (typeof dataset !== 'object' || dataset === null || typeof dataset.get !== 'function' || !Number.isInteger(dataset.length) || dataset.length < 0) {
      throw new ValueError('DataLoader: dataset must have an integer length and a get(index) method');
    }
    this.batchSize = options.batchSize ?? 32;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) throw new ValueError(`DataLoader: batchSize must be a positive integer, got ${this.batchSize}`);
    this.prefetch = options.prefetch ?? 2;
    if (!Number.isInteger(this.prefetch) || this.prefetch < 0) throw new ValueError(`DataLoader: prefetch must be a non-negative integer, got ${this.prefetch}`);
    this.shuffle = options.shuffle ?? false;
    this.dropLast = options.dropLast ?? false;
    this.generator = options.generator ?? new Generator(0);
    this.collate = options.collate ?? null;
  }

  /** Batches per epoch. */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** One epoch's batches of indices (a fresh permutation when shuffling). */
  private plan(): Int32Array[] {
    const n = this.dataset.length;
    // A seeded permutation: the order of n uniform draws, as Model.fit shuffles tensors.
    const order = this.shuffle && n > 0 ? Int32Array.from(sort(rand([n], { generator: this.generator, dtype: 'float64' })).indices.dataSync()) : Int32Array.from({ length: n }, (_, i) => i);
    const batches: Int32Array[] = [];
    for (let start = 0; start < n; start += this.batchSize) {
      const end = Math.min(start + this.batchSize, n);
      if (end - start < this.batchSize && this.dropLast) break;
      batches.push(order.subarray(start, end));
    }
    return batches;
  }

  /** The batch at `indices`, synchronously when the dataset and collate are. */
  private load(indices: Int32Array): B | Promise<B> {
    if (this.collate === null && this.dataset instanceof TensorDataset) {
      return this.dataset.batch(tensor(indices, { dtype: 'int32' })) as B;
    }
    const examples = Array.from(indices, (i) => this.dataset.get(i));
    if (examples.some(isThenable)) {
      return Promise.all(examples).then((resolved) => this.finish(resolved));
    }
    return this.finish(examples as Awaited<T>[]);
  }

  private finish(examples: Awaited<T>[]): B | Promise<B> {
    return this.collate === null ? (defaultCollate(examples) as B) : this.collate(examples);
  }

  /**
   * One epoch of batches, synchronously.
   *
   * @throws DataError when an example or batch is a promise: iterate with `for await` then.
   */
  *[Symbol.iterator](): Iterator<B> {
    for (const indices of this.plan()) {
      const batch = this.load(indices);
      if (isThenable(batch)) {
        // Keep the rejected or pending promise from surfacing as an unhandled rejection.
        Promise.resolve(batch).catch(() => undefined);
        throw new DataError('DataLoader: the dataset or collate returned a promise; iterate with `for await (const batch of loader)`');
      }
      yield batch;
    }
  }

  /** One epoch of batches, loading up to `prefetch` batches ahead of the one handed out. */
  async *[Symbol.asyncIterator](): AsyncIterator<B> {
    const plan = this.plan();
    const pending: Promise<B>[] = [];
    let next = 0;
    const enqueue = (): void => {
      const promise = (async () => this.load(plan[next++]!))();
      // A batch that fails while waiting its turn is reported when it is awaited, not as an unhandled rejection.
      promise.catch(() => undefined);
      pending.push(promise);
    };
    while (next < plan.length && pending.length <= this.prefetch) enqueue();
    while (pending.length > 0) {
      yield await pending.shift()!;
      // The consumer asked for the next batch: start the one `prefetch` places behind it.
      if (next < plan.length) enqueue();
    }
  }
}
