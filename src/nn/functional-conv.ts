/**
 * Convolution and pooling as functions of tensors (PyTorch's F.conv1d, F.conv2d, F.max_pool2d,
 * F.avg_pool2d), composed from public ops with no kernel of their own: the windows are gathered
 * (im2col, see sliding-windows.ts), a convolution is then one batched matmul with the flattened
 * weight, and a pooling a max or mean over the window taps. Autograd differentiates the
 * composition; the gradient of the gather is the scatterAdd that col2im would be.
 *
 * Shape legend: N batch, C input channels, O output channels, G groups, H×W spatial (L for 1-d),
 * K = Πkernel taps, Q = oH·oW output positions.
 *   conv:  x [N, C, H, W], weight [O, C/G, kH, kW], bias [O]
 *          windows [N, C, K, Q] → [N, G, (C/G)·K, Q];  weight → [G, O/G, (C/G)·K]
 *          matmul → [N, G, O/G, Q] → y [N, O, oH, oW]
 *   pool:  x [N, C, H, W] → windows [N, C, K, Q] → max / mean over K → y [N, C, oH, oW]
 * Inputs without a batch dimension ([C, H, W], [C, L]) give outputs without one, as in PyTorch.
 */
import { add, DTypeError, formatShape, matmul, max, mean, reshape, ShapeError, squeeze, type Tensor, ValueError } from '../core/index.js';
import { batchedInput, type ConvPadding, convPadding, type IntOrPair, poolPadding, toSizes } from './conv-arguments.js';
import { slidingWindows } from './sliding-windows.js';

/** Options of {@link conv2d} (PyTorch's defaults: stride 1, padding 0, dilation 1, groups 1). */
export interface Conv2dFunctionOptions {
  readonly stride?: IntOrPair;
  /** Zeros on each side, per dimension; 'valid' (none) or 'same' (output size = input size, stride 1 only). */
  readonly padding?: ConvPadding;
  readonly dilation?: IntOrPair;
  /** Channels are split into this many independent groups; C and O must be multiples of it. */
  readonly groups?: number;
}

/** Options of {@link conv1d}. */
export interface Conv1dFunctionOptions {
  readonly stride?: number;
  readonly padding?: number | 'valid' | 'same';
  readonly dilation?: number;
  readonly groups?: number;
}

function convNd(
  op: string,
  spatialDims: number,
  input: Tensor,
  weight: Tensor,
  bias: Tensor | null,
  options: Conv2dFunctionOptions | Conv1dFunctionOptions,
): Tensor {
  const groups = options.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1) throw new ValueError(`${op}: groups must be a positive integer, got ${groups}`);
  if (weight.rank !== spatialDims + 2) {
    const form = spatialDims === 1 ? '[O, C/groups, k]' : '[O, C/groups, kH, kW]';
    throw new ShapeError(`${op}: weight must be ${form}, got ${formatShape(weight.shape)}`);
  }
  const [o, cPerGroup] = [weight.shape[0]!, weight.shape[1]!];
  if (o % groups !== 0) throw new ShapeError(`${op}: weight's ${o} output channels are not a multiple of groups ${groups}`);
  const { x, unbatched } = batchedInput(op, input, spatialDims, cPerGroup * groups);
  if (weight.dtype !== x.dtype) throw new DTypeError(`${op}: weight must have the input's dtype ${x.dtype}, got ${weight.dtype}`);
  if (bias !== null && (bias.rank !== 1 || bias.shape[0] !== o || bias.dtype !== x.dtype)) {
    throw new ShapeError(`${op}: bias must be a ${x.dtype} [${o}] tensor, got ${bias.dtype} ${formatShape(bias.shape)}`);
  }
  const kernel = weight.shape.slice(2);
  const stride = toSizes(op, 'stride', options.stride ?? 1, spatialDims, 1);
  const dilation = toSizes(op, 'dilation', options.dilation ?? 1, spatialDims, 1);
  const padding = convPadding(op, options.padding ?? 0, kernel, stride, dilation);
  const { windows, outSpatial } = slidingWindows(op, x, { kernel, stride, dilation, padding });
  const [n, k, q] = [x.shape[0]!, windows.shape[2]!, windows.shape[3]!];
  // Row (c, tap) of a group's columns meets column (c, tap) of the flattened weight: both are
  // channel-major, tap-minor, so the reshapes are views.
  const columns = reshape(windows, [n, groups, cPerGroup * k, q]);
  const kernels = reshape(weight, [groups, o / groups, cPerGroup * k]);
  let y = reshape(matmul(kernels, columns), [n, o, ...outSpatial]);
  if (bias !== null) y = add(y, reshape(bias, [o, ...outSpatial.map(() => 1)]));
  return unbatched ? squeeze(y, 0) : y;
}

/**
 * 2-d convolution (cross-correlation, as every framework): y[n, o] = bias[o] +
 * Σ_c Σ_taps weight[o, c] ⋆ x[n, c] over the channels of o's group.
 *
 * @param x [N, C, H, W] or [C, H, W], float.
 * @param weight [O, C/groups, kH, kW], x's dtype.
 * @param bias [O] or null.
 * @throws ShapeError for mismatched shapes or a kernel larger than the padded input; ValueError for
 *   bad options; DTypeError for non-float or mixed dtypes.
 * @example
 * const y = conv2d(randn([8, 3, 32, 32]), randn([16, 3, 3, 3]), null, { padding: 1 }); // [8, 16, 32, 32]
 */
export function conv2d(x: Tensor, weight: Tensor, bias: Tensor | null = null, options: Conv2dFunctionOptions = {}): Tensor {
  return convNd('conv2d', 2, x, weight, bias, options);
}

/**
 * 1-d convolution over sequences.
 *
 * @param x [N, C, L] or [C, L], float.
 * @param weight [O, C/groups, k], x's dtype.
 * @param bias [O] or null.
 * @throws ShapeError, ValueError, DTypeError as {@link conv2d}.
 * @example
 * const y = conv1d(randn([4, 8, 100]), randn([16, 8, 5]), null, { padding: 'same' }); // [4, 16, 100]
 */
export function conv1d(x: Tensor, weight: Tensor, bias: Tensor | null = null, options: Conv1dFunctionOptions = {}): Tensor {
  return convNd('conv1d', 1, x, weight, bias, options);
}

/** Options of {@link maxPool2d}. */
export interface MaxPool2dFunctionOptions {
  /** Default: the kernel size (non-overlapping windows). */
  readonly stride?: IntOrPair;
  /** −∞ on each side, at most half the kernel size. */
  readonly padding?: IntOrPair;
  readonly dilation?: IntOrPair;
}

/** Options of {@link avgPool2d}. */
export interface AvgPool2dFunctionOptions {
  /** Default: the kernel size (non-overlapping windows). */
  readonly stride?: IntOrPair;
  /** Zeros on each side, at most half the kernel size; they count in the average. */
  readonly padding?: IntOrPair;
}

function poolGeometry(
  op: string,
  kernelSize: IntOrPair,
  options: { readonly stride?: IntOrPair; readonly padding?: IntOrPair; readonly dilation?: IntOrPair },
): { kernel: number[]; stride: number[]; dilation: number[]; padding: [number, number][] } {
  const kernel = toSizes(op, 'kernelSize', kernelSize, 2, 1);
  const stride = toSizes(op, 'stride', options.stride ?? kernel, 2, 1);
  const dilation = toSizes(op, 'dilation', options.dilation ?? 1, 2, 1);
  const pads = poolPadding(op, options.padding ?? 0, kernel);
  return { kernel, stride, dilation, padding: pads.map((p) => [p, p]) };
}

function pool2d(op: string, x: Tensor, kernelSize: IntOrPair, options: MaxPool2dFunctionOptions, kind: 'max' | 'mean'): Tensor {
  const geometry = poolGeometry(op, kernelSize, options);
  const { x: batched, unbatched } = batchedInput(op, x, 2);
  const { windows, outSpatial } = slidingWindows(op, batched, geometry, kind === 'max' ? -Infinity : 0);
  const reduced = kind === 'max' ? max(windows, 2) : mean(windows, 2);
  const y = reshape(reduced, [batched.shape[0]!, batched.shape[1]!, ...outSpatial]);
  return unbatched ? squeeze(y, 0) : y;
}

/**
 * 2-d max pooling: the largest element of each window; padding is −∞, so it never wins.
 * The gradient goes to the window's maximum (split evenly among exact ties, where PyTorch picks one).
 *
 * @param x [N, C, H, W] or [C, H, W], float.
 * @param kernelSize window size, one number or (kH, kW).
 * @throws ShapeError for a wrong rank or a window larger than the padded input; ValueError for bad
 *   options; DTypeError for a non-float x.
 * @example
 * maxPool2d(randn([8, 16, 28, 28]), 2); // [8, 16, 14, 14]
 */
export function maxPool2d(x: Tensor, kernelSize: IntOrPair, options: MaxPool2dFunctionOptions = {}): Tensor {
  return pool2d('maxPool2d', x, kernelSize, options, 'max');
}

/**
 * 2-d average pooling: the mean of each window, padded zeros included in the count (PyTorch's
 * default count_include_pad = true).
 *
 * @param x [N, C, H, W] or [C, H, W], float.
 * @param kernelSize window size, one number or (kH, kW).
 * @throws as {@link maxPool2d}.
 * @example
 * avgPool2d(randn([8, 16, 28, 28]), 2); // [8, 16, 14, 14]
 */
export function avgPool2d(x: Tensor, kernelSize: IntOrPair, options: AvgPool2dFunctionOptions = {}): Tensor {
  return pool2d('avgPool2d', x, kernelSize, options, 'mean');
}
