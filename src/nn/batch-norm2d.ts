/**
 * BatchNorm2d: batch normalisation (Ioffe & Szegedy 2015) of image channels.
 *
 * Shapes: x [N, C, H, W] → y of the same shape; statistics per channel over N·H·W.
 */
import { BatchNormBase, type BatchNormOptions } from './batch-norm-base.js';

/**
 * Batch normalisation over [N, C, H, W] inputs, with PyTorch's defaults and state-dict names
 * (see {@link BatchNormBase}).
 *
 * @param numFeatures C, the number of channels.
 * @param options eps (1e-5), momentum (0.1; null = cumulative average), affine (true),
 *   trackRunningStats (true), dtype.
 * @throws ValueError for bad arguments; forward throws ShapeError for other shapes.
 * @example
 * const bn = new BatchNorm2d(16);
 * const y = bn.forward(randn([8, 16, 28, 28]));
 */
export class BatchNorm2d extends BatchNormBase {
  protected readonly acceptedRanks = [4] as const;
  protected readonly layoutName = '[N, C, H, W]';

  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super('BatchNorm2d', numFeatures, options);
  }
}
