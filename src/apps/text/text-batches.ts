/**
 * TextBatches: mini-batches of (features, class index) for `Model.fit`, made from a per-example
 * encoder on demand, so a corpus whose dense features would not fit in memory still trains
 * (see {@link TfidfTextFeatures}). Iterating again starts a new epoch, reshuffled when asked, with
 * the recipe `Model.fit` uses for tensors (argsort of uniform draws from a seeded Generator), so a
 * seed gives the same order on every backend.
 */
import { type Generator, rand, sort, tensor, type Tensor } from '../../core/index.js';

/** Turns the examples at some indices into one input tensor (first dimension = indices.length). */
export type BatchEncoder = (indices: Int32Array) => Tensor;

/**
 * Batches of (x, y) over n examples.
 *
 * @example
 * const batches = new TextBatches((idx) => tensor(denseRows(rows, idx), { shape: [idx.length, rows.width] }), targets, 64, new Generator(0));
 * await model.fit(batches, { epochs: 10 });
 */
export class TextBatches implements Iterable<readonly [Tensor, Tensor]> {
  /**
   * @param encode Input tensor of some examples.
   * @param targets Class index of each example.
   * @param batchSize Examples per batch.
   * @param shuffler Reshuffle each epoch with it, or null to keep the order.
   */
  constructor(
    private readonly encode: BatchEncoder,
    private readonly targets: Int32Array,
    private readonly batchSize: number,
    private readonly shuffler: Generator | null,
  ) {}

  *[Symbol.iterator](): Iterator<readonly [Tensor, Tensor]> {
    const n = this.targets.length;
    const order = this.shuffler === null || n < 2
      ? Int32Array.from({ length: n }, (_, i) => i)
      : Int32Array.from(sort(rand([n], { generator: this.shuffler, dtype: 'float64' })).indices.dataSync());
    for (let start = 0; start < n; start += this.batchSize) {
      const idx = order.subarray(start, Math.min(n, start + this.batchSize));
      const y = Int32Array.from(idx, (i) => this.targets[i]!);
      yield [this.encode(idx), tensor(y, { shape: [idx.length], dtype: 'int32' })];
    }
  }
}
