/**
 * 2-d convolution layer (PyTorch's nn.Conv2d), a thin module over {@link conv2d}.
 *
 * Shapes: x [N, C, H, W] or [C, H, W] → y [N, O, oH, oW] or [O, oH, oW], with
 * oH = ⌊(H + padTop + padBottom − dilationH·(kH − 1) − 1) / strideH⌋ + 1 (likewise oW);
 * weight [O, C/groups, kH, kW] and bias [O], PyTorch's layout and names.
 */
import { type DType, type Generator, noGrad, type Tensor, ValueError } from '../core/index.js';
import type { ConfigObject, JsonValue } from './config-readers.js';
import { checkInput, type ConvPadding, convPadding, type IntOrPair, toSizes } from './conv-arguments.js';
import { conv2d } from './functional-conv.js';
import { kaimingUniform, uniformInit, zerosInit } from './init.js';
import { Module } from './module.js';

/** Options of {@link Conv2d}; the defaults are PyTorch's. */
export interface Conv2dOptions {
  /** Step between windows, one number or (strideH, strideW); default 1. */
  readonly stride?: IntOrPair;
  /** Zeros around the input: a number, (padH, padW), 'valid' (none, the default 0) or 'same' (stride 1 only). */
  readonly padding?: ConvPadding;
  /** Spacing between kernel taps (à trous convolution); default 1. */
  readonly dilation?: IntOrPair;
  /** Independent channel groups; inChannels and outChannels must be multiples. Default 1. */
  readonly groups?: number;
  /** Add a learned bias (default true). */
  readonly bias?: boolean;
  /** Source of the initial weights. */
  readonly generator?: Generator;
  /** float32 (default) or float64. */
  readonly dtype?: DType;
}

/**
 * A 2-d convolution over images.
 *
 * @throws ValueError for non-positive sizes, channels that are not multiples of groups, a
 *   malformed padding or 'same' padding with a stride other than 1.
 * @example
 * const conv = new Conv2d(1, 32, 3, { padding: 1, generator: new Generator(0) });
 * const y = conv.forward(randn([8, 1, 28, 28])); // [8, 32, 28, 28]
 */
export class Conv2d extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  readonly kernelSize: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly dilation: readonly [number, number];
  readonly padding: ConvPadding;
  readonly groups: number;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: IntOrPair,
    options: Conv2dOptions = {},
  ) {
    super('Conv2d');
    for (const [name, v] of [['inChannels', inChannels], ['outChannels', outChannels]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new ValueError(`Conv2d: ${name} must be a positive integer, got ${v}`);
    }
    this.groups = options.groups ?? 1;
    if (!Number.isInteger(this.groups) || this.groups < 1 || inChannels % this.groups !== 0 || outChannels % this.groups !== 0) {
      throw new ValueError(`Conv2d: groups must be a positive integer dividing inChannels ${inChannels} and outChannels ${outChannels}, got ${this.groups}`);
    }
    this.kernelSize = toSizes('Conv2d', 'kernelSize', kernelSize, 2, 1) as [number, number];
    this.stride = toSizes('Conv2d', 'stride', options.stride ?? 1, 2, 1) as [number, number];
    this.dilation = toSizes('Conv2d', 'dilation', options.dilation ?? 1, 2, 1) as [number, number];
    convPadding('Conv2d', options.padding ?? 0, this.kernelSize, this.stride, this.dilation);
    this.padding = options.padding ?? 0;
    const dtype = options.dtype ?? 'float32';
    this.weight = this.registerParameter('weight', zerosInit([outChannels, inChannels / this.groups, ...this.kernelSize], { dtype }));
    this.bias = options.bias === false ? null : this.registerParameter('bias', zerosInit([outChannels], { dtype }));
    this.resetParameters(options.generator);
  }

  /**
   * PyTorch's default: weight from Kaiming uniform with a = √5, i.e. U(−1/√fanIn, 1/√fanIn) with
   * fanIn = (inChannels/groups)·kH·kW, and bias from U(−1/√fanIn, 1/√fanIn).
   */
  resetParameters(generator?: Generator): void {
    const o = { dtype: this.weight.dtype, ...(generator === undefined ? {} : { generator }) };
    const bound = 1 / Math.sqrt(this.weight.shape[1]! * this.kernelSize[0] * this.kernelSize[1]);
    noGrad(() => {
      this.weight.assign_(kaimingUniform(this.weight.shape, { ...o, a: Math.sqrt(5) }));
      this.bias?.assign_(uniformInit(this.bias.shape, -bound, bound, o));
    });
  }

  override getConfig(): ConfigObject {
    return {
      inChannels: this.inChannels,
      outChannels: this.outChannels,
      kernelSize: [...this.kernelSize],
      stride: [...this.stride],
      padding: (typeof this.padding === 'object' ? [...this.padding] : this.padding) as JsonValue,
      dilation: [...this.dilation],
      groups: this.groups,
      bias: this.bias !== null,
    };
  }

  /** @throws ShapeError when x is not [N, inChannels, H, W] or [inChannels, H, W], or is too small for the kernel. */
  forward(x: Tensor): Tensor {
    checkInput('Conv2d', x, 2, this.inChannels);
    return conv2d(x, this.weight, this.bias, {
      stride: this.stride,
      padding: this.padding,
      dilation: this.dilation,
      groups: this.groups,
    });
  }
}
