/**
 * 1-d convolution layer (PyTorch's nn.Conv1d), a thin module over {@link conv1d}: for sequences
 * such as audio frames or token embeddings laid out channels-first.
 *
 * Shapes: x [N, C, L] or [C, L] → y [N, O, oL] or [O, oL], with
 * oL = ⌊(L + padBefore + padAfter − dilation·(k − 1) − 1) / stride⌋ + 1;
 * weight [O, C/groups, k] and bias [O], PyTorch's layout and names.
 */
import { type DType, type Generator, noGrad, type Tensor, ValueError } from '../core/index.js';
import type { ConfigObject } from './config-readers.js';
import { checkInput, convPadding, toSizes } from './conv-arguments.js';
import { conv1d } from './functional-conv.js';
import { kaimingUniform, uniformInit, zerosInit } from './init.js';
import { Module } from './module.js';

/** Options of {@link Conv1d}; the defaults are PyTorch's. */
export interface Conv1dOptions {
  /** Step between windows; default 1. */
  readonly stride?: number;
  /** Zeros on both ends: a number, 'valid' (none, the default 0) or 'same' (stride 1 only). */
  readonly padding?: number | 'valid' | 'same';
  /** Spacing between kernel taps (dilated / à trous convolution, as in WaveNet); default 1. */
  readonly dilation?: number;
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
 * A 1-d convolution over sequences.
 *
 * @throws ValueError for non-positive sizes, channels that are not multiples of groups, a
 *   malformed padding or 'same' padding with a stride other than 1.
 * @example
 * const conv = new Conv1d(40, 64, 5, { padding: 'same', generator: new Generator(0) });
 * const y = conv.forward(randn([8, 40, 100])); // [8, 64, 100]
 */
export class Conv1d extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  readonly stride: number;
  readonly padding: number | 'valid' | 'same';
  readonly dilation: number;
  readonly groups: number;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    readonly kernelSize: number,
    options: Conv1dOptions = {},
  ) {
    super('Conv1d');
    for (const [name, v] of [['inChannels', inChannels], ['outChannels', outChannels]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new ValueError(`Conv1d: ${name} must be a positive integer, got ${v}`);
    }
    this.groups = options.groups ?? 1;
    if (!Number.isInteger(this.groups) || this.groups < 1 || inChannels % this.groups !== 0 || outChannels % this.groups !== 0) {
      throw new ValueError(`Conv1d: groups must be a positive integer dividing inChannels ${inChannels} and outChannels ${outChannels}, got ${this.groups}`);
    }
    toSizes('Conv1d', 'kernelSize', kernelSize, 1, 1);
    this.stride = toSizes('Conv1d', 'stride', options.stride ?? 1, 1, 1)[0]!;
    this.dilation = toSizes('Conv1d', 'dilation', options.dilation ?? 1, 1, 1)[0]!;
    this.padding = options.padding ?? 0;
    convPadding('Conv1d', this.padding, [kernelSize], [this.stride], [this.dilation]);
    const dtype = options.dtype ?? 'float32';
    this.weight = this.registerParameter('weight', zerosInit([outChannels, inChannels / this.groups, kernelSize], { dtype }));
    this.bias = options.bias === false ? null : this.registerParameter('bias', zerosInit([outChannels], { dtype }));
    this.resetParameters(options.generator);
  }

  /**
   * PyTorch's default: weight from Kaiming uniform with a = √5, i.e. U(−1/√fanIn, 1/√fanIn) with
   * fanIn = (inChannels/groups)·k, and bias from U(−1/√fanIn, 1/√fanIn).
   */
  resetParameters(generator?: Generator): void {
    const o = { dtype: this.weight.dtype, ...(generator === undefined ? {} : { generator }) };
    const bound = 1 / Math.sqrt(this.weight.shape[1]! * this.kernelSize);
    noGrad(() => {
      this.weight.assign_(kaimingUniform(this.weight.shape, { ...o, a: Math.sqrt(5) }));
      this.bias?.assign_(uniformInit(this.bias.shape, -bound, bound, o));
    });
  }

  override getConfig(): ConfigObject {
    return {
      inChannels: this.inChannels,
      outChannels: this.outChannels,
      kernelSize: this.kernelSize,
      stride: this.stride,
      padding: this.padding,
      dilation: this.dilation,
      groups: this.groups,
      bias: this.bias !== null,
    };
  }

  /** @throws ShapeError when x is not [N, inChannels, L] or [inChannels, L], or is shorter than the kernel. */
  forward(x: Tensor): Tensor {
    checkInput('Conv1d', x, 1, this.inChannels);
    return conv1d(x, this.weight, this.bias, { stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups });
  }
}
