/**
 * Flatten layer (PyTorch's nn.Flatten): merges dimensions startAxis … endAxis into one, by default
 * everything but the batch dimension, so a convolutional trunk can feed a Linear layer.
 *
 * Shapes (defaults): x [N, d₁, …, dₖ] → y [N, d₁·…·dₖ]. A view when x is contiguous. No parameters.
 */
import { flatten, formatShape, ShapeError, type Tensor, ValueError } from '../core/index.js';
import type { ConfigObject } from './config-readers.js';
import { Module } from './module.js';

/**
 * Merges a run of dimensions.
 *
 * @param startAxis first dimension to merge (default 1; negative counts from the end).
 * @param endAxis last dimension to merge (default −1, the last).
 * @throws ValueError for non-integer axes.
 * @example
 * new Flatten().forward(randn([8, 64, 7, 7])); // [8, 3136]
 */
export class Flatten extends Module {
  constructor(
    readonly startAxis = 1,
    readonly endAxis = -1,
  ) {
    super('Flatten');
    for (const [name, v] of [['startAxis', startAxis], ['endAxis', endAxis]] as const) {
      if (!Number.isInteger(v)) throw new ValueError(`Flatten: ${name} must be an integer, got ${v}`);
    }
  }

  override getConfig(): ConfigObject {
    return { startAxis: this.startAxis, endAxis: this.endAxis };
  }

  /** @throws ShapeError when x has no dimension at startAxis or endAxis, or endAxis comes before startAxis. */
  forward(x: Tensor): Tensor {
    // A scalar flattens to [1], as torch.flatten does; any other rank needs both axes to exist.
    if (x.rank === 0) return flatten(x);
    const resolve = (a: number): number => (a < 0 ? a + x.rank : a);
    const [start, end] = [resolve(this.startAxis), resolve(this.endAxis)];
    if (start < 0 || start >= x.rank || end < 0 || end >= x.rank || end < start) {
      throw new ShapeError(
        `Flatten: input ${formatShape(x.shape)} has no dimensions ${this.startAxis} … ${this.endAxis} to merge (rank ${x.rank})`,
      );
    }
    return flatten(x, start, end);
  }
}
