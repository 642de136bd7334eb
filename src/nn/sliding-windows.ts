/**
 * Sliding windows (im2col) composed from public ops: the one piece that convolution and pooling
 * share. No kernel of its own: the input is padded with `pad`, its spatial dimensions are merged,
 * and `gather` picks every window element through a precomputed int32 index. The gradient of
 * gather is scatterAdd, which is exactly col2im, so autograd gives the backward pass for free and
 * every backend runs it (DESIGN principle 2).
 *
 * Shape legend (S spatial dimensions, S = 1 for 1-d layers, 2 for 2-d):
 *   x        [N, C, ...D]      input, D = (H, W) or (L)
 *   padded   [N, C, P]         P = Πᵢ (Dᵢ + before_i + after_i), flattened spatial positions
 *   index    [1, 1, K·Q]       K = Πᵢ kᵢ kernel taps, Q = Πᵢ oᵢ output positions; tap-major
 *   windows  [N, C, K, Q]     windows[n, c, k, q] = padded input under tap k of window q
 * with oᵢ = ⌊(Dᵢ + before_i + after_i − dilationᵢ·(kᵢ − 1) − 1) / strideᵢ⌋ + 1.
 *
 * The index does not depend on N or C, so it is built once per geometry, cached, and `expand`ed
 * (stride 0, no copy) over batch and channels.
 */
import { expand, formatShape, gather, pad, reshape, ShapeError, type Tensor, tensor } from '../core/index.js';

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

/** Index tensors by geometry. Small: one entry per distinct (input size, layer geometry) seen. */
const INDEX_CACHE = new Map<string, Tensor>();
const INDEX_CACHE_LIMIT = 64;

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
 * The int32 index [1, 1, K·Q] of flat padded positions, tap-major: entry (k, q) is
 * Σᵢ (qᵢ·strideᵢ + kᵢ·dilationᵢ) · Πⱼ>ᵢ paddedⱼ.
 */
function windowIndex(paddedSpatial: readonly number[], outSpatial: readonly number[], g: WindowGeometry): Tensor {
  const key = [paddedSpatial, outSpatial, g.kernel, g.stride, g.dilation].map((a) => a.join(',')).join('|');
  const cached = INDEX_CACHE.get(key);
  if (cached !== undefined) return cached;
  const s = paddedSpatial.length;
  const placeStride = new Array<number>(s);
  for (let i = s - 1, p = 1; i >= 0; i--) {
    placeStride[i] = p;
    p *= paddedSpatial[i]!;
  }
  // Offsets of each kernel tap and of each window origin; an entry is the sum of one of each.
  const offsets = (sizes: readonly number[], step: readonly number[]): number[] => {
    let out = [0];
    for (let i = 0; i < s; i++) {
      const next: number[] = [];
      for (const base of out) for (let j = 0; j < sizes[i]!; j++) next.push(base + j * step[i]! * placeStride[i]!);
      out = next;
    }
    return out;
  };
  const taps = offsets(g.kernel, g.dilation);
  const origins = offsets(outSpatial, g.stride);
  const data = new Int32Array(taps.length * origins.length);
  let at = 0;
  for (const t of taps) for (const o of origins) data[at++] = t + o;
  const index = tensor(data, { shape: [1, 1, data.length], dtype: 'int32' });
  if (INDEX_CACHE.size >= INDEX_CACHE_LIMIT) INDEX_CACHE.delete(INDEX_CACHE.keys().next().value!);
  INDEX_CACHE.set(key, index);
  return index;
}

/**
 * Every window of x, gathered as [N, C, K, Q] (see the shape legend). `padValue` fills the
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
  const needsPad = geometry.padding.some(([before, after]) => before > 0 || after > 0);
  const padded = needsPad ? pad(x, [[0, 0], [0, 0], ...geometry.padding], padValue) : x;
  const paddedSpatial = padded.shape.slice(2);
  const flat = reshape(padded, [n, c, paddedSpatial.reduce((p, d) => p * d, 1)]);
  const index = windowIndex(paddedSpatial, outSpatial, geometry);
  const k = geometry.kernel.reduce((p, d) => p * d, 1);
  const q = outSpatial.reduce((p, d) => p * d, 1);
  const picked = gather(flat, 2, expand(index, [n, c, k * q]));
  return { windows: reshape(picked, [n, c, k, q]), outSpatial };
}
