/**
 * Global average pooling (Lin et al. 2014, "Network in Network"): the mean of each channel over
 * the whole image, the usual bridge from a convolutional trunk to a classifier head. PyTorch spells
 * it nn.AdaptiveAvgPool2d(1) followed by nn.Flatten(); Keras calls it GlobalAveragePooling2D.
 *
 * Shapes: x [N, C, H, W] → y [N, C]; x [C, H, W] → y [C]. No parameters.
 */
import { mean, type Tensor } from '../core/index.js';
import type { ConfigObject } from './config-readers.js';
import { checkInput } from './conv-arguments.js';
import { Module } from './module.js';

/**
 * Averages each channel over its H×W positions.
 *
 * @example
 * const head = new Sequential(new GlobalAvgPool2d(), new Linear(64, 10));
 * new GlobalAvgPool2d().forward(randn([8, 64, 7, 7])); // [8, 64]
 */
export class GlobalAvgPool2d extends Module {
  constructor() {
    super('GlobalAvgPool2d');
  }

  override getConfig(): ConfigObject {
    return {};
  }

  /** @throws ShapeError when x is not [N, C, H, W] or [C, H, W]; DTypeError for a non-float x. */
  forward(x: Tensor): Tensor {
    checkInput('GlobalAvgPool2d', x, 2);
    return mean(x, [-2, -1]);
  }
}
