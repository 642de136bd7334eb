/** How the conv layers are rebuilt from saved configs (merged into builtin-layers.ts). */
import { ModelFormatError } from '../core/index.js';
import { AvgPool2d } from './avg-pool2d.js';
import { type ConfigObject, readBool, readInt } from './config-readers.js';
import type { ConvPadding, IntOrPair } from './conv-arguments.js';
import { Conv1d } from './conv1d.js';
import { Conv2d } from './conv2d.js';
import { Flatten } from './flatten.js';
import { GlobalAvgPool2d } from './global-avg-pool2d.js';
import { MaxPool2d } from './max-pool2d.js';
import type { Module } from './module.js';

/** An integer ≥ min, or a pair of them, from a config; `fallback` when absent (if given). */
function readIntOrPair(layer: string, c: ConfigObject, key: string, min: number, fallback?: IntOrPair): IntOrPair {
  const v = c[key];
  if (v === undefined && fallback !== undefined) return fallback;
  if (Array.isArray(v)) {
    if (v.length === 2 && v.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= min)) return [v[0] as number, v[1] as number];
    throw new ModelFormatError(`${layer} config: '${key}' must be an integer ≥ ${min} or a pair of them, got ${JSON.stringify(v)}`);
  }
  return readInt(layer, c, key, min);
}

/** A convolution padding (integer, pair when `pairs`, 'valid' or 'same'); 0 when absent. */
function readPadding(layer: string, c: ConfigObject, pairs: true): ConvPadding;
function readPadding(layer: string, c: ConfigObject, pairs: false): number | 'valid' | 'same';
function readPadding(layer: string, c: ConfigObject, pairs: boolean): ConvPadding {
  const v = c.padding;
  if (v === 'valid' || v === 'same') return v;
  if (typeof v === 'string') throw new ModelFormatError(`${layer} config: 'padding' must be 'valid', 'same' or an integer ≥ 0, got ${JSON.stringify(v)}`);
  return pairs ? readIntOrPair(layer, c, 'padding', 0, 0) : v === undefined ? 0 : readInt(layer, c, 'padding', 0);
}

export const CONV_LAYERS: ReadonlyMap<string, (config: ConfigObject) => Module> = new Map<string, (config: ConfigObject) => Module>([
  [
    'Conv1d',
    (c) =>
      new Conv1d(readInt('Conv1d', c, 'inChannels', 1), readInt('Conv1d', c, 'outChannels', 1), readInt('Conv1d', c, 'kernelSize', 1), {
        stride: c.stride === undefined ? 1 : readInt('Conv1d', c, 'stride', 1),
        padding: readPadding('Conv1d', c, false),
        dilation: c.dilation === undefined ? 1 : readInt('Conv1d', c, 'dilation', 1),
        groups: c.groups === undefined ? 1 : readInt('Conv1d', c, 'groups', 1),
        bias: readBool('Conv1d', c, 'bias', true),
      }),
  ],
  [
    'Conv2d',
    (c) =>
      new Conv2d(readInt('Conv2d', c, 'inChannels', 1), readInt('Conv2d', c, 'outChannels', 1), readIntOrPair('Conv2d', c, 'kernelSize', 1), {
        stride: readIntOrPair('Conv2d', c, 'stride', 1, 1),
        padding: readPadding('Conv2d', c, true),
        dilation: readIntOrPair('Conv2d', c, 'dilation', 1, 1),
        groups: c.groups === undefined ? 1 : readInt('Conv2d', c, 'groups', 1),
        bias: readBool('Conv2d', c, 'bias', true),
      }),
  ],
  [
    'MaxPool2d',
    (c) => {
      const kernelSize = readIntOrPair('MaxPool2d', c, 'kernelSize', 1);
      return new MaxPool2d(kernelSize, {
        stride: readIntOrPair('MaxPool2d', c, 'stride', 1, kernelSize),
        padding: readIntOrPair('MaxPool2d', c, 'padding', 0, 0),
        dilation: readIntOrPair('MaxPool2d', c, 'dilation', 1, 1),
      });
    },
  ],
  [
    'AvgPool2d',
    (c) => {
      const kernelSize = readIntOrPair('AvgPool2d', c, 'kernelSize', 1);
      return new AvgPool2d(kernelSize, {
        stride: readIntOrPair('AvgPool2d', c, 'stride', 1, kernelSize),
        padding: readIntOrPair('AvgPool2d', c, 'padding', 0, 0),
      });
    },
  ],
  ['GlobalAvgPool2d', () => new GlobalAvgPool2d()],
  [
    'Flatten',
    (c) => new Flatten(readSignedInt('Flatten', c, 'startAxis', 1), readSignedInt('Flatten', c, 'endAxis', -1)),
  ],
]);

/** Any integer (axes may be negative); `fallback` when absent. */
function readSignedInt(layer: string, c: ConfigObject, key: string, fallback: number): number {
  const v = c[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new ModelFormatError(`${layer} config: '${key}' must be an integer, got ${JSON.stringify(v)}`);
  return v;
}
