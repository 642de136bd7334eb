/** Layer-battery cases for the saveable layers the product pipelines define (run by layers.test.ts). */
import { GptModel } from '../../src/apps/lm/gpt-model.js';
import { MatrixFactorization } from '../../src/apps/recommend/matrix-factorization.js';
import { SpeechCnn } from '../../src/apps/speech/speech-cnn.js';
import { TransformerTextModel } from '../../src/apps/text/transformer-text-model.js';
import { randint, randn, tensor } from '../../src/index.js';
import type { BatteryCase } from './layer-battery.js';

export const APPS_CASES: BatteryCase[] = [
  {
    type: 'TransformerTextModel',
    variant: 'two heads, one layer, padded rows',
    build: (generator) =>
      new TransformerTextModel({ idCount: 12, maxLength: 5, numClasses: 3, dModel: 8, nHead: 2, numLayers: 1, dimFeedforward: 16, dropout: 0.1 }, generator),
    inputs: () => [tensor([[2, 5, 7, 0, 0], [3, 9, 4, 11, 0]], { dtype: 'int32' })],
    expectedOutputShape: [2, 3],
    // tokens 12·8 + positions 5·8 + encoder (4·8·8+4·8 attention, 8·16+16 + 16·8+8 feed-forward, 2·2·8 norms) + head 8·3+3
    expectedParameterCount: 12 * 8 + 5 * 8 + (4 * 8 * 8 + 4 * 8) + (8 * 16 + 16 + 16 * 8 + 8) + 2 * 2 * 8 + (8 * 3 + 3),
  },
  {
    type: 'MatrixFactorization',
    variant: '5 users, 6 items, 3 factors',
    build: (generator) => new MatrixFactorization(5, 6, 3, { generator }),
    inputs: (generator) => [randint(0, 5, [4, 2], { generator })],
    expectedOutputShape: [4],
    // user and item factors, user and item biases, the global bias
    expectedParameterCount: 5 * 3 + 6 * 3 + 5 + 6 + 1,
  },
  {
    type: 'GptModel',
    variant: 'one pre-norm causal block, width 8, two heads',
    build: (generator) => new GptModel({ vocabSize: 7, contextLength: 4, dModel: 8, nHead: 2, numLayers: 1, dimFeedforward: 16 }, generator),
    inputs: () => [tensor([[1, 2, 3, 0], [4, 5, 6, 1]], { dtype: 'int32' })],
    expectedOutputShape: [2, 4, 7],
    // tokens 7·8 + positions 4·8 + block (4·8·8+4·8 attention, 8·16+16 + 16·8+8 feed-forward, 2·2·8 norms) + final norm 2·8 + head 8·7+7
    expectedParameterCount: 7 * 8 + 4 * 8 + (4 * 8 * 8 + 4 * 8) + (8 * 16 + 16 + 16 * 8 + 8) + 2 * 2 * 8 + 2 * 8 + (8 * 7 + 7),
  },
  {
    type: 'SpeechCnn',
    variant: '4 mel bands, 6 channels, kernel 3, 12 frames',
    build: (generator) => new SpeechCnn({ bands: 4, classes: 3, channels: 6, kernelSize: 3, dropout: 0.1 }, generator),
    inputs: (generator) => [randn([2, 4, 12], { generator })],
    expectedOutputShape: [2, 3],
    // two stride-2 Conv1d (4→6, 6→6, kernel 3, with biases) and the head 6→3
    expectedParameterCount: (4 * 6 * 3 + 6) + (6 * 6 * 3 + 6) + (6 * 3 + 3),
  },
];
