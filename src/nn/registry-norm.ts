/** How the norm layers are rebuilt from saved configs (merged into builtin-layers.ts). */
import { ModelFormatError } from '../core/index.js';
import { BatchNorm1d } from './batch-norm1d.js';
import { BatchNorm2d } from './batch-norm2d.js';
import type { BatchNormOptions } from './batch-norm-base.js';
import { type ConfigObject, readBool, readInt, readNumber } from './config-readers.js';
import { Dropout } from './dropout.js';
import { Embedding } from './embedding.js';
import { GroupNorm } from './group-norm.js';
import { LayerNorm } from './layer-norm.js';
import type { Module } from './module.js';
import { Residual } from './residual.js';

/** A number, or null when the field holds null (a missing field gives the fallback). */
function readNullableNumber(layer: string, c: ConfigObject, key: string, fallback: number | null): number | null {
  if (c[key] === null) return null;
  if (c[key] === undefined) return fallback;
  return readNumber(layer, c, key);
}

/** An integer, or null when the field holds null or is missing. */
function readNullableInt(layer: string, c: ConfigObject, key: string): number | null {
  const v = c[key];
  if (v === null || v === undefined) return null;
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw new ModelFormatError(`${layer} config: '${key}' must be an integer or null, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** A non-empty array of positive integers. */
function readShape(layer: string, c: ConfigObject, key: string): number[] {
  const v = c[key];
  if (!Array.isArray(v) || v.length === 0 || !v.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 1)) {
    throw new ModelFormatError(`${layer} config: '${key}' must be a non-empty array of positive integers, got ${JSON.stringify(v) ?? 'nothing'}`);
  }
  return v as number[];
}

function batchNormOptions(layer: string, c: ConfigObject): BatchNormOptions {
  return {
    eps: readNumber(layer, c, 'eps', 1e-5),
    momentum: readNullableNumber(layer, c, 'momentum', 0.1),
    affine: readBool(layer, c, 'affine', true),
    trackRunningStats: readBool(layer, c, 'trackRunningStats', true),
  };
}

export const NORM_LAYERS: ReadonlyMap<string, (config: ConfigObject) => Module> = new Map<string, (config: ConfigObject) => Module>([
  ['BatchNorm1d', (c) => new BatchNorm1d(readInt('BatchNorm1d', c, 'numFeatures', 1), batchNormOptions('BatchNorm1d', c))],
  ['BatchNorm2d', (c) => new BatchNorm2d(readInt('BatchNorm2d', c, 'numFeatures', 1), batchNormOptions('BatchNorm2d', c))],
  [
    'LayerNorm',
    (c) =>
      new LayerNorm(readShape('LayerNorm', c, 'normalizedShape'), {
        eps: readNumber('LayerNorm', c, 'eps', 1e-5),
        elementwiseAffine: readBool('LayerNorm', c, 'elementwiseAffine', true),
      }),
  ],
  [
    'GroupNorm',
    (c) =>
      new GroupNorm(readInt('GroupNorm', c, 'numGroups', 1), readInt('GroupNorm', c, 'numChannels', 1), {
        eps: readNumber('GroupNorm', c, 'eps', 1e-5),
        affine: readBool('GroupNorm', c, 'affine', true),
      }),
  ],
  ['Dropout', (c) => new Dropout(readNumber('Dropout', c, 'p', 0.5))],
  [
    'Embedding',
    (c) =>
      new Embedding(readInt('Embedding', c, 'numEmbeddings', 1), readInt('Embedding', c, 'embeddingDim', 1), {
        paddingIdx: readNullableInt('Embedding', c, 'paddingIdx'),
      }),
  ],
  ['Residual', (c) => Residual.fromConfig(c)],
]);
