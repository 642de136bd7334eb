/**
 * QuantizedConv2d and QuantizedConv1d: int8 versions of Conv2d and Conv1d for inference, with the
 * same options (stride, padding incl. 'same', dilation, groups, bias) and configs. Weights are int8
 * with one symmetric scale per output channel; the input is quantised with its calibrated scale and
 * zero point; see int8-conv.ts for the kernel.
 *
 * Shapes: as the float layers — x [N, C, H, W] or [C, H, W] → [N, O, oH, oW] or [O, oH, oW]
 * (1-d: [N, C, L] or [C, L]); outputs are float32.
 */
import { reshape, type Tensor, tensor } from '../core/index.js';
import { type ConfigObject, type Conv1d, type Conv2d, type ConvPadding, type JsonValue } from '../nn/index.js';
import { batchedInput, convPadding } from '../nn/conv-arguments.js';
import { int8Conv2d } from './int8-conv.js';
import type { AffineInt8Params } from './quantization-params.js';
import { QuantizedLayer } from './quantized-layer.js';

/** What a convolution is, besides its weights. */
interface ConvShape {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernel: readonly number[];
  readonly stride: readonly number[];
  readonly dilation: readonly number[];
  readonly padding: ConvPadding | number | 'valid' | 'same';
  readonly groups: number;
}

/** The sizes and options of a Conv2d; `bias` is the float layer's bias tensor or a flag. */
export type Conv2dSizes = Pick<Conv2d, 'inChannels' | 'outChannels' | 'kernelSize' | 'stride' | 'dilation' | 'padding' | 'groups'> & { readonly bias: unknown };

/** The sizes and options of a Conv1d; `bias` is the float layer's bias tensor or a flag. */
export type Conv1dSizes = Pick<Conv1d, 'inChannels' | 'outChannels' | 'kernelSize' | 'stride' | 'dilation' | 'padding' | 'groups'> & { readonly bias: unknown };

/** A plain copy of the geometry fields, so a quantised layer holds no reference to the float one. */
function copySizes(s: Conv2dSizes | Conv1dSizes): object {
  const { inChannels, outChannels, kernelSize, stride, dilation, padding, groups } = s;
  return { inChannels, outChannels, kernelSize, stride, dilation, padding, groups };
}

abstract class QuantizedConvNd extends QuantizedLayer {
  protected constructor(
    typeName: string,
    protected readonly spatialDims: 1 | 2,
    protected readonly conv: ConvShape,
    hasBias: boolean,
  ) {
    super(typeName, [conv.outChannels, conv.inChannels / conv.groups, ...conv.kernel], hasBias);
  }

  forward(x: Tensor): Tensor {
    const { x: batched, unbatched } = batchedInput(this.typeName, x, this.spatialDims, this.conv.inChannels);
    const p = this.prepared();
    const pads = convPadding(this.typeName, this.conv.padding as ConvPadding, this.conv.kernel, this.conv.stride, this.conv.dilation);
    // A 1-d convolution is a 2-d one over a height of 1.
    const two = <T>(values: readonly T[], one: T): [T, T] => (this.spatialDims === 1 ? [one, values[0]!] : [values[0]!, values[1]!]);
    const geometry = {
      batch: batched.shape[0]!,
      inChannels: this.conv.inChannels,
      outChannels: this.conv.outChannels,
      groups: this.conv.groups,
      input: two(batched.shape.slice(2), 1),
      kernel: two(this.conv.kernel, 1),
      stride: two(this.conv.stride, 1),
      dilation: two(this.conv.dilation, 1),
      padBefore: two(pads.map((pair) => pair[0]), 0),
      padAfter: two(pads.map((pair) => pair[1]), 0),
    };
    const { values, outSize } = int8Conv2d(this.quantizeInput(batched, p.input), p, geometry, this.typeName);
    const spatial = this.spatialDims === 1 ? [outSize[1]] : outSize;
    const y = tensor(values, { shape: [geometry.batch, this.conv.outChannels, ...spatial] });
    return unbatched ? reshape(y, y.shape.slice(1)) : y;
  }
}

/**
 * An int8 2-d convolution.
 *
 * @example
 * const q = QuantizedConv2d.fromConv2d(conv, affineParams(0, 1));
 * q.forward(images); // close to conv.forward(images)
 */
export class QuantizedConv2d extends QuantizedConvNd {
  private readonly like: Conv2dSizes;

  /** @param sizes A float Conv2d (or its config's values): sizes and options are copied, weights are not. */
  constructor(sizes: Conv2dSizes) {
    const like = copySizes(sizes) as Conv2dSizes;
    super('QuantizedConv2d', 2, { ...like, kernel: like.kernelSize }, sizes.bias !== null && sizes.bias !== false);
    this.like = like;
  }

  /** Quantises a float Conv2d whose input has the int8 format `input`. @throws ValueError for non-finite weights. */
  static fromConv2d(conv: Conv2d, input: AffineInt8Params): QuantizedConv2d {
    const q = new QuantizedConv2d(conv);
    q.loadFloat(conv.weight, conv.bias, input);
    return q;
  }

  override getConfig(): ConfigObject {
    const c = this.like;
    return {
      inChannels: c.inChannels,
      outChannels: c.outChannels,
      kernelSize: [...c.kernelSize],
      stride: [...c.stride],
      padding: (typeof c.padding === 'object' ? [...c.padding] : c.padding) as JsonValue,
      dilation: [...c.dilation],
      groups: c.groups,
      bias: this.bias !== null,
    };
  }
}

/**
 * An int8 1-d convolution.
 *
 * @example
 * const q = QuantizedConv1d.fromConv1d(conv, affineParams(-1, 1));
 */
export class QuantizedConv1d extends QuantizedConvNd {
  private readonly like: Conv1dSizes;

  /** @param sizes A float Conv1d (or its config's values): sizes and options are copied, weights are not. */
  constructor(sizes: Conv1dSizes) {
    const like = copySizes(sizes) as Conv1dSizes;
    super('QuantizedConv1d', 1, { ...like, kernel: [like.kernelSize], stride: [like.stride], dilation: [like.dilation] }, sizes.bias !== null && sizes.bias !== false);
    this.like = like;
  }

  /** Quantises a float Conv1d whose input has the int8 format `input`. @throws ValueError for non-finite weights. */
  static fromConv1d(conv: Conv1d, input: AffineInt8Params): QuantizedConv1d {
    const q = new QuantizedConv1d(conv);
    q.loadFloat(conv.weight, conv.bias, input);
    return q;
  }

  override getConfig(): ConfigObject {
    const c = this.like;
    return {
      inChannels: c.inChannels,
      outChannels: c.outChannels,
      kernelSize: c.kernelSize,
      stride: c.stride,
      padding: c.padding,
      dilation: c.dilation,
      groups: c.groups,
      bias: this.bias !== null,
    };
  }
}
