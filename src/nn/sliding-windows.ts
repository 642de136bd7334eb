/**
 * Sliding windows (im2col) for convolution and pooling over one or two spatial dimensions: the
 * one piece they share. The core primitive `im2col` does the work (a kernel per backend); its
 * gradient is `col2im`, so autograd gives the backward pass. One-dimensional inputs are viewed as
 * images of height 1.
 *
 * Shape legend (S spatial dimensions, S = 1 for 1-d layers, 2 for 2-d):
 *   x        [N, C, ...D]      input, D = (H, W) or (L)
 *   windows  [N, C, K, Q]     K = Πᵢ kᵢ kernel taps, Q = Πᵢ oᵢ output positions (both row-major);
 *                              windows[n, c, k, q] = the input under tap k of window q, or the pad value
 * with oᵢ = ⌊(Dᵢ + before_i + after_i − dilationᵢ·(kᵢ − 1) − 1) / strideᵢ⌋ + 1.
 */
import { formatShape, im2col, reshape, ShapeError, type Tensor } from '../core/index.js';

/** The geometry of a sliding window over S spatial dimensions (all arrays of length S). */
export interface WindowGeometry {
  readonly kernel: readonly number[];
  readonly stride: readonly number[];
  readonly dilation: readonly number[];
  /** [before, after] zero (or `padValue`) elements per spatial dimension. */
  readonly padding: readonly (readonly [number, number])[];
}

/** The windows of x and the spatial shape of the output they make. */
export interface Windows {
  /** [N, C, K, Q], see the shape legend. */
  readonly windows: Tensor;
  /** (o₁, …, o_S), whose product is Q. */
  readonly outSpatial: readonly number[];
}

/**
 * Output size along each spatial dimension, or a ShapeError naming `op` when the (dilated) kernel
 * does not fit in the padded input.
 */
export function windowOutputSize(op: string, spatial: readonly number[], g: WindowGeometry): number[] {
  return spatial.map((d, i) => {
    const padded = d + g.padding[i]![0] + g.padding[i]![1];
    const span = g.dilation[i]! * (g.kernel[i]! - 1) + 1;
    if (padded < span) {
      throw new ShapeError(
        `${op}: the kernel spans ${span} elements in spatial dimension ${i} but the padded input has only ${padded} ` +
          `(input spatial size ${formatShape(spatial)}, kernel ${formatShape(g.kernel)}, dilation ${formatShape(g.dilation)})`,
      );
    }
    return Math.floor((padded - span) / g.stride[i]!) + 1;
  });
}

/**
 * Every window of x as [N, C, K, Q] (see the shape legend). `padValue` fills the
 * border: 0 for convolution and average pooling, −∞ for max pooling.
 *
 * @param x [N, C, ...D] with S = geometry.kernel.length spatial dimensions (already validated).
 * @throws ShapeError when the kernel does not fit in the padded input.
 * @example
 * const { windows, outSpatial } = slidingWindows('conv2d', x, { kernel: [3, 3], stride: [1, 1], dilation: [1, 1], padding: [[1, 1], [1, 1]] });
 */
export function slidingWindows(op: string, x: Tensor, geometry: WindowGeometry, padValue = 0): Windows {
  const [n, c] = [x.shape[0]!, x.shape[1]!];
  const spatial = x.shape.slice(2);
  const outSpatial = windowOutputSize(op, spatial, geometry);
  // A 1-d input is an image of height 1 with a kernel of height 1.
  const lift = <T>(values: readonly T[], one: T): [T, T] => (values.length === 1 ? [one, values[0]!] : [values[0]!, values[1]!]);
  const image = spatial.length === 1 ? reshape(x, [n, c, 1, spatial[0]!]) : x;
  const windows = im2col(
    image,
    {
      kernel: lift(geometry.kernel, 1),
      stride: lift(geometry.stride, 1),
      dilation: lift(geometry.dilation, 1),
      padding: lift(geometry.padding.map(([before]) => before), 0),
      output: lift(outSpatial, 1),
    },
    padValue,
  );
  return { windows, outSpatial };
}
