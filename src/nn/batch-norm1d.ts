/**
 * BatchNorm1d: batch normalisation (Ioffe & Szegedy 2015) of features or of channels of sequences.
 *
 * Shapes: x [N, C] or [N, C, L] → y of the same shape; statistics per channel over N (or N·L).
 */
import { BatchNormBase, type BatchNormOptions } from './batch-norm-base.js';

/**
 * Batch normalisation over [N, C] or [N, C, L] inputs, with PyTorch's defaults and state-dict
 * names (see {@link BatchNormBase}).
 *
 * @param numFeatures C, the number of features or channels.
 * @param options eps (1e-5), momentum (0.1; null = cumulative average), affine (true),
 *   trackRunningStats (true), dtype.
 * @throws ValueError for bad arguments; forward throws ShapeError for other shapes.
 * @example
 * const bn = new BatchNorm1d(64);
 * const y = bn.forward(randn([32, 64])); // training: batch statistics; bn.eval() uses the running ones
 */
export class BatchNorm1d extends BatchNormBase {
  protected readonly acceptedRanks = [2, 3] as const;
  protected readonly layoutName = '[N, C] or [N, C, L]';

  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super('BatchNorm1d', numFeatures, options);
  }
}
