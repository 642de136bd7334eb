/**
 * 2-d average pooling layer (PyTorch's nn.AvgPool2d with its defaults count_include_pad = true,
 * ceil_mode = false), a thin module over {@link avgPool2d}.
 *
 * Shapes: x [N, C, H, W] or [C, H, W] → y [N, C, oH, oW] or [C, oH, oW], with
 * oH = ⌊(H + 2·padH − kH) / strideH⌋ + 1 (likewise oW). No parameters.
 */
import type { Tensor } from '../core/index.js';
import type { ConfigObject } from './config-readers.js';
import { checkInput, type IntOrPair, poolPadding, toSizes } from './conv-arguments.js';
import { avgPool2d } from './functional-conv.js';
import { Module } from './module.js';

/** Options of {@link AvgPool2d}; the defaults are PyTorch's. */
export interface AvgPool2dOptions {
  /** Step between windows; default the kernel size (non-overlapping windows). */
  readonly stride?: IntOrPair;
  /** Zero padding on each side, at most half the kernel size; the zeros count in the mean. Default 0. */
  readonly padding?: IntOrPair;
}

/**
 * Averages each window; every window divides by kH·kW, padded zeros included.
 *
 * @throws ValueError for non-positive sizes or padding above half the kernel size.
 * @example
 * const pool = new AvgPool2d(2);
 * pool.forward(randn([8, 32, 28, 28])); // [8, 32, 14, 14]
 */
export class AvgPool2d extends Module {
  readonly kernelSize: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly padding: readonly [number, number];

  constructor(kernelSize: IntOrPair, options: AvgPool2dOptions = {}) {
    super('AvgPool2d');
    this.kernelSize = toSizes('AvgPool2d', 'kernelSize', kernelSize, 2, 1) as [number, number];
    this.stride = toSizes('AvgPool2d', 'stride', options.stride ?? this.kernelSize, 2, 1) as [number, number];
    this.padding = poolPadding('AvgPool2d', options.padding ?? 0, this.kernelSize) as [number, number];
  }

  override getConfig(): ConfigObject {
    return { kernelSize: [...this.kernelSize], stride: [...this.stride], padding: [...this.padding] };
  }

  /** @throws ShapeError when x is not [N, C, H, W] or [C, H, W], or is smaller than a window. */
  forward(x: Tensor): Tensor {
    checkInput('AvgPool2d', x, 2);
    return avgPool2d(x, this.kernelSize, { stride: this.stride, padding: this.padding });
  }
}
