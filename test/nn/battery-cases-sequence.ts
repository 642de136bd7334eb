/** Layer-battery cases for the sequence layers (run by layers.test.ts). */
import { GRU } from '../../src/nn/gru.js';
import { LSTM } from '../../src/nn/lstm.js';
import { MultiHeadAttention } from '../../src/nn/multi-head-attention.js';
import { TransformerEncoderLayer } from '../../src/nn/transformer-encoder-layer.js';
import { randn, tensor } from '../../src/index.js';
import type { BatteryCase } from './layer-battery.js';

// Parameter counts, written out: attention 3E² + 3E + E² + E; an LSTM/GRU layer-direction
// G·H·(in + H) + 2·G·H.
const E = 8;
const ATTENTION_PARAMS = 3 * E * E + 3 * E + E * E + E; // 288
const ENCODER_PARAMS = ATTENTION_PARAMS + (E * 16 + 16) + (16 * E + E) + 2 * (2 * E); // 600

/** Padding for a batch of 2 with 5 keys: the first example uses 3 keys, the second all 5. */
const keyPadding = (): ReturnType<typeof tensor> =>
  tensor([[false, false, false, true, true], [false, false, false, false, false]], { dtype: 'bool' });

export const SEQUENCE_CASES: BatteryCase[] = [
  {
    type: 'MultiHeadAttention',
    variant: 'self-attention, sequence first',
    build: (generator) => new MultiHeadAttention(E, 2, { generator }),
    inputs: (generator) => [randn([4, 2, E], { generator })],
    expectedOutputShape: [4, 2, E],
    expectedParameterCount: ATTENTION_PARAMS,
  },
  {
    type: 'MultiHeadAttention',
    variant: 'cross-attention, batch first, causal, key padding mask',
    build: (generator) => new MultiHeadAttention(E, 4, { batchFirst: true, causal: true, generator }),
    inputs: (generator) => [randn([2, 5, E], { generator }), randn([2, 5, E], { generator }), randn([2, 5, E], { generator }), keyPadding()],
    expectedOutputShape: [2, 5, E],
    expectedParameterCount: ATTENTION_PARAMS,
  },
  {
    type: 'MultiHeadAttention',
    variant: 'unbatched, no bias, attention dropout',
    build: (generator) => new MultiHeadAttention(E, 2, { bias: false, dropout: 0.2, generator }),
    inputs: (generator) => [randn([3, E], { generator }), randn([6, E], { generator })],
    expectedOutputShape: [3, E],
    expectedParameterCount: 4 * E * E,
  },
  {
    type: 'TransformerEncoderLayer',
    variant: 'post-norm, relu, sequence first',
    build: (generator) => new TransformerEncoderLayer(E, 2, { dimFeedforward: 16, generator }),
    inputs: (generator) => [randn([5, 2, E], { generator })],
    expectedOutputShape: [5, 2, E],
    expectedParameterCount: ENCODER_PARAMS,
  },
  {
    type: 'TransformerEncoderLayer',
    variant: 'pre-norm, gelu, batch first, causal, additive mask and key padding',
    build: (generator) =>
      new TransformerEncoderLayer(E, 2, { dimFeedforward: 16, activation: 'gelu', normFirst: true, batchFirst: true, causal: true, generator }),
    inputs: (generator) => [randn([2, 5, E], { generator }), randn([5, 5], { generator }), keyPadding()],
    expectedOutputShape: [2, 5, E],
    expectedParameterCount: ENCODER_PARAMS,
  },
  {
    type: 'LSTM',
    variant: 'one layer, sequence first, given h0 and c0',
    build: (generator) => new LSTM(3, 4, { generator }),
    inputs: (generator) => [randn([5, 2, 3], { generator }), randn([1, 2, 4], { generator }), randn([1, 2, 4], { generator })],
    expectedOutputShape: [5, 2, 4],
    expectedParameterCount: 16 * (3 + 4) + 2 * 16,
  },
  {
    type: 'LSTM',
    variant: 'two layers, bidirectional, batch first, dropout',
    build: (generator) => new LSTM(3, 4, { numLayers: 2, bidirectional: true, batchFirst: true, dropout: 0.1, generator }),
    inputs: (generator) => [randn([2, 5, 3], { generator })],
    expectedOutputShape: [2, 5, 8],
    expectedParameterCount: 2 * (16 * (3 + 4) + 32) + 2 * (16 * (8 + 4) + 32),
  },
  {
    type: 'GRU',
    variant: 'unbatched, no bias',
    build: (generator) => new GRU(3, 4, { bias: false, generator }),
    inputs: (generator) => [randn([5, 3], { generator })],
    expectedOutputShape: [5, 4],
    expectedParameterCount: 12 * (3 + 4),
  },
  {
    type: 'GRU',
    variant: 'two layers, bidirectional, batch first, given h0',
    build: (generator) => new GRU(3, 4, { numLayers: 2, bidirectional: true, batchFirst: true, generator }),
    inputs: (generator) => [randn([2, 5, 3], { generator }), randn([4, 2, 4], { generator })],
    expectedOutputShape: [2, 5, 8],
    expectedParameterCount: 2 * (12 * (3 + 4) + 24) + 2 * (12 * (8 + 4) + 24),
  },
];
