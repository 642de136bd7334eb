/**
 * Embedding: a lookup table of learned vectors, one row per token / item id.
 *
 * Shapes: indices int32 [...] → y [..., embeddingDim]; weight [numEmbeddings, embeddingDim]
 * (PyTorch's layout). The lookup is indexSelect on the flattened indices, so the gradient of the
 * weight is a scatter-add of the output gradient into the rows used.
 */
import {
  DTypeError,
  type DType,
  type Generator,
  indexSelect,
  noGrad,
  reshape,
  type Tensor,
  tensor,
  ValueError,
  where,
} from '../core/index.js';
import type { ConfigObject } from './config-readers.js';
import { normalInit, zerosInit } from './init.js';
import { Module } from './module.js';

/** Options of {@link Embedding}. */
export interface EmbeddingOptions {
  /**
   * A row that stands for padding: initialised to zeros and never updated (its gradient is 0),
   * as in PyTorch. Negative values count from the end. Default: none.
   */
  readonly paddingIdx?: number | null;
  /** Source of the initial weights. */
  readonly generator?: Generator;
  /** float32 (default) or float64. */
  readonly dtype?: DType;
}

/**
 * A table of numEmbeddings vectors of size embeddingDim, looked up by integer index.
 *
 * @param numEmbeddings Number of rows (vocabulary size).
 * @param embeddingDim Size of each vector.
 * @throws ValueError for non-positive sizes or a paddingIdx outside [−numEmbeddings, numEmbeddings);
 *   forward throws DTypeError for non-int32 indices and ValueError for an index out of range.
 * @example
 * const embed = new Embedding(10000, 64, { paddingIdx: 0, generator: new Generator(0) });
 * const vectors = embed.forward(tensor([[5, 17, 0]], { dtype: 'int32' })); // [1, 3, 64]
 */
export class Embedding extends Module {
  readonly weight: Tensor;
  /** The padding row as a non-negative index, or null. */
  readonly paddingIdx: number | null;

  constructor(
    readonly numEmbeddings: number,
    readonly embeddingDim: number,
    options: EmbeddingOptions = {},
  ) {
    super('Embedding');
    for (const [name, v] of [['numEmbeddings', numEmbeddings], ['embeddingDim', embeddingDim]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new ValueError(`Embedding: ${name} must be a positive integer, got ${v}`);
    }
    const padding = options.paddingIdx ?? null;
    if (padding !== null && !(Number.isInteger(padding) && padding >= -numEmbeddings && padding < numEmbeddings)) {
      throw new ValueError(`Embedding: paddingIdx must be an integer in [${-numEmbeddings}, ${numEmbeddings - 1}], got ${padding}`);
    }
    this.paddingIdx = padding === null ? null : padding < 0 ? padding + numEmbeddings : padding;
    this.weight = this.registerParameter('weight', zerosInit([numEmbeddings, embeddingDim], { dtype: options.dtype ?? 'float32' }));
    this.resetParameters(options.generator);
  }

  /** PyTorch's default: weight from N(0, 1), the padding row (if any) zero. */
  resetParameters(generator?: Generator): void {
    const o = { dtype: this.weight.dtype, ...(generator === undefined ? {} : { generator }) };
    noGrad(() => {
      this.weight.assign_(normalInit(this.weight.shape, 0, 1, o));
      if (this.paddingIdx !== null) this.weight.select(0, this.paddingIdx).assign_(0);
    });
  }

  override getConfig(): ConfigObject {
    return { numEmbeddings: this.numEmbeddings, embeddingDim: this.embeddingDim, paddingIdx: this.paddingIdx };
  }

  /**
   * The rows named by `indices`.
   *
   * @throws DTypeError unless indices are int32; ValueError for an index outside [0, numEmbeddings).
   */
  forward(indices: Tensor): Tensor {
    if (indices.dtype !== 'int32') {
      throw new DTypeError(`Embedding: indices must be int32, got ${indices.dtype}; cast them with cast(indices, 'int32')`);
    }
    const flat = reshape(indices, [indices.size]);
    const values = flat.dataSync();
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v < 0 || v >= this.numEmbeddings) {
        throw new ValueError(`Embedding: index ${v} is out of range [0, ${this.numEmbeddings - 1}] (numEmbeddings ${this.numEmbeddings})`);
      }
    }
    let rows = indexSelect(this.weight, 0, flat);
    const padding = this.paddingIdx;
    if (padding !== null && values.includes(padding)) {
      // PyTorch's embedding backward drops the gradient of padding positions while the forward
      // still returns the row's value: pick the detached row there, the live one elsewhere.
      const isPadding = reshape(tensor(Array.from(values, (v) => v === padding), { dtype: 'bool' }), [flat.size, 1]);
      rows = where(isPadding, rows.detach(), rows);
    }
    return reshape(rows, [...indices.shape, this.embeddingDim]);
  }
}
