/**
 * 2-d max pooling layer (PyTorch's nn.MaxPool2d), a thin module over {@link maxPool2d}.
 *
 * Shapes: x [N, C, H, W] or [C, H, W] → y [N, C, oH, oW] or [C, oH, oW], with
 * oH = ⌊(H + 2·padH − dilationH·(kH − 1) − 1) / strideH⌋ + 1 (likewise oW). No parameters.
 */
import type { Tensor } from '../core/index.js';
import type { ConfigObject } from './config-readers.js';
import { checkInput, type IntOrPair, poolPadding, toSizes } from './conv-arguments.js';
import { maxPool2d } from './functional-conv.js';
import { Module } from './module.js';

/** Options of {@link MaxPool2d}; the defaults are PyTorch's. */
export interface MaxPool2dOptions {
  /** Step between windows; default the kernel size (non-overlapping windows). */
  readonly stride?: IntOrPair;
  /** −∞ padding on each side, at most half the kernel size; default 0. */
  readonly padding?: IntOrPair;
  /** Spacing between window elements; default 1. */
  readonly dilation?: IntOrPair;
}

/**
 * Keeps the largest value of each window (ceil mode and returned indices are not supported).
 *
 * @throws ValueError for non-positive sizes or padding above half the kernel size.
 * @example
 * const pool = new MaxPool2d(2);
 * pool.forward(randn([8, 32, 28, 28])); // [8, 32, 14, 14]
 */
export class MaxPool2d extends Module {
  readonly kernelSize: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly padding: readonly [number, number];
  readonly dilation: readonly [number, number];

  constructor(kernelSize: IntOrPair, options: MaxPool2dOptions = {}) {
    super('MaxPool2d');
    this.kernelSize = toSizes('MaxPool2d', 'kernelSize', kernelSize, 2, 1) as [number, number];
    this.stride = toSizes('MaxPool2d', 'stride', options.stride ?? this.kernelSize, 2, 1) as [number, number];
    this.padding = poolPadding('MaxPool2d', options.padding ?? 0, this.kernelSize) as [number, number];
    this.dilation = toSizes('MaxPool2d', 'dilation', options.dilation ?? 1, 2, 1) as [number, number];
  }

  override getConfig(): ConfigObject {
    return { kernelSize: [...this.kernelSize], stride: [...this.stride], padding: [...this.padding], dilation: [...this.dilation] };
  }

  /** @throws ShapeError when x is not [N, C, H, W] or [C, H, W], or is smaller than a window. */
  forward(x: Tensor): Tensor {
    checkInput('MaxPool2d', x, 2);
    return maxPool2d(x, this.kernelSize, { stride: this.stride, padding: this.padding, dilation: this.dilation });
  }
}
