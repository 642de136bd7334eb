/** How the sequence layers are rebuilt from saved configs (merged into builtin-layers.ts). */
import { type ConfigObject, readBool, readChoice, readInt, readNumber } from './config-readers.js';
import { GRU } from './gru.js';
import { LSTM } from './lstm.js';
import type { Module } from './module.js';
import { MultiHeadAttention } from './multi-head-attention.js';
import type { RecurrentOptions } from './recurrent-base.js';
import { TransformerEncoderLayer } from './transformer-encoder-layer.js';

function recurrentOptions(layer: string, c: ConfigObject): RecurrentOptions {
  return {
    numLayers: readInt(layer, c, 'numLayers', 1),
    bias: readBool(layer, c, 'bias', true),
    batchFirst: readBool(layer, c, 'batchFirst', false),
    bidirectional: readBool(layer, c, 'bidirectional', false),
    dropout: readNumber(layer, c, 'dropout', 0),
  };
}

export const SEQUENCE_LAYERS: ReadonlyMap<string, (config: ConfigObject) => Module> = new Map<string, (config: ConfigObject) => Module>([
  [
    'MultiHeadAttention',
    (c) =>
      new MultiHeadAttention(readInt('MultiHeadAttention', c, 'embedDim', 1), readInt('MultiHeadAttention', c, 'numHeads', 1), {
        dropout: readNumber('MultiHeadAttention', c, 'dropout', 0),
        bias: readBool('MultiHeadAttention', c, 'bias', true),
        batchFirst: readBool('MultiHeadAttention', c, 'batchFirst', false),
        causal: readBool('MultiHeadAttention', c, 'causal', false),
      }),
  ],
  [
    'TransformerEncoderLayer',
    (c) =>
      new TransformerEncoderLayer(readInt('TransformerEncoderLayer', c, 'dModel', 1), readInt('TransformerEncoderLayer', c, 'nHead', 1), {
        dimFeedforward: readInt('TransformerEncoderLayer', c, 'dimFeedforward', 1),
        dropout: readNumber('TransformerEncoderLayer', c, 'dropout', 0.1),
        activation: readChoice('TransformerEncoderLayer', c, 'activation', ['relu', 'gelu'] as const, 'relu'),
        layerNormEps: readNumber('TransformerEncoderLayer', c, 'layerNormEps', 1e-5),
        batchFirst: readBool('TransformerEncoderLayer', c, 'batchFirst', false),
        normFirst: readBool('TransformerEncoderLayer', c, 'normFirst', false),
        causal: readBool('TransformerEncoderLayer', c, 'causal', false),
      }),
  ],
  ['LSTM', (c) => new LSTM(readInt('LSTM', c, 'inputSize', 1), readInt('LSTM', c, 'hiddenSize', 1), recurrentOptions('LSTM', c))],
  ['GRU', (c) => new GRU(readInt('GRU', c, 'inputSize', 1), readInt('GRU', c, 'hiddenSize', 1), recurrentOptions('GRU', c))],
]);
