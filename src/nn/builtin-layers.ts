/**
 * Sprout's own layers and how each is rebuilt from its saved config. Kept in one table (rather than
 * a registration call in each layer file) so loading works even when a bundler drops layer files
 * the program never names.
 */
import { GELU, LeakyReLU, ReLU, Sigmoid, Softmax, Tanh } from './activations.js';
import { type ConfigObject, readBool, readChoice, readInt, readNumber } from './config-readers.js';
import { Linear } from './linear.js';
import type { Module } from './module.js';
import { CONV_LAYERS } from './registry-conv.js';
import { NORM_LAYERS } from './registry-norm.js';
import { OnnxGraphModule } from './onnx-graph.js';
import { SEQUENCE_LAYERS } from './registry-sequence.js';
import { Sequential } from './sequential.js';

export const BUILTIN_LAYERS: ReadonlyMap<string, (config: ConfigObject) => Module> = new Map<string, (config: ConfigObject) => Module>([
  ['Linear', (c) => new Linear(readInt('Linear', c, 'inFeatures', 1), readInt('Linear', c, 'outFeatures', 1), { bias: readBool('Linear', c, 'bias', true) })],
  ['Sequential', (c) => Sequential.fromConfig(c)],
  ['ReLU', () => new ReLU()],
  ['LeakyReLU', (c) => new LeakyReLU(readNumber('LeakyReLU', c, 'negativeSlope', 0.01))],
  ['Sigmoid', () => new Sigmoid()],
  ['Tanh', () => new Tanh()],
  ['GELU', (c) => new GELU(readChoice('GELU', c, 'approximate', ['none', 'tanh'] as const, 'none'))],
  ['Softmax', (c) => new Softmax(readInt('Softmax', c, 'axis', -32))],
  ...CONV_LAYERS,
  ...NORM_LAYERS,
  ...SEQUENCE_LAYERS,
  ['OnnxGraph', (c) => OnnxGraphModule.fromConfig(c)],
]);
