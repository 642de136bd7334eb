/**
 * Small models that together use every registered layer type, for the save/load round-trip tests.
 * `save-load.test.ts` checks that each name from `registeredLayers()` appears in one of them, so a
 * new layer type must be added here to be covered.
 */
import { exportOnnx, GELU, Generator, importOnnx, LeakyReLU, Linear, Model, randn, ReLU, Sequential, Sigmoid, Softmax, Tanh, tensor, type Tensor } from '../../src/index.js';
import { AvgPool2d } from '../../src/nn/avg-pool2d.js';
import { BatchNorm1d } from '../../src/nn/batch-norm1d.js';
import { BatchNorm2d } from '../../src/nn/batch-norm2d.js';
import { Conv1d } from '../../src/nn/conv1d.js';
import { Conv2d } from '../../src/nn/conv2d.js';
import { Dropout } from '../../src/nn/dropout.js';
import { Embedding } from '../../src/nn/embedding.js';
import { Flatten } from '../../src/nn/flatten.js';
import { GlobalAvgPool2d } from '../../src/nn/global-avg-pool2d.js';
import { GroupNorm } from '../../src/nn/group-norm.js';
import { GRU } from '../../src/nn/gru.js';
import { LayerNorm } from '../../src/nn/layer-norm.js';
import { LSTM } from '../../src/nn/lstm.js';
import { MaxPool2d } from '../../src/nn/max-pool2d.js';
import { MultiHeadAttention } from '../../src/nn/multi-head-attention.js';
import { Residual } from '../../src/nn/residual.js';
import { TransformerEncoderLayer } from '../../src/nn/transformer-encoder-layer.js';
import { GptModel } from '../../src/apps/lm/gpt-model.js';
import { MatrixFactorization } from '../../src/apps/recommend/matrix-factorization.js';
import { SpeechCnn } from '../../src/apps/speech/speech-cnn.js';
import { TransformerTextModel } from '../../src/apps/text/transformer-text-model.js';
import { affineParams, QuantizedConv1d, QuantizedConv2d, QuantizedLinear, registerCompressedLayers } from '../../src/compress/index.js';

/** A model, an input batch for it, and targets for one training step. */
export interface ZooEntry {
  readonly name: string;
  readonly model: Model;
  readonly x: Tensor;
  readonly y: Tensor;
}

function classes(n: number, k: number): Tensor {
  return tensor(Array.from({ length: n }, (_, i) => i % k), { dtype: 'int32' });
}

/** Every model of the zoo, freshly built from `seed`. */
export function modelZoo(seed = 0): ZooEntry[] {
  registerCompressedLayers();
  const g = new Generator(seed);
  const data = new Generator(seed + 1000);
  return [
    {
      name: 'mlp',
      model: new Model(
        new Sequential(
          new Linear(4, 8, { generator: g }),
          new BatchNorm1d(8),
          new ReLU(),
          new LeakyReLU(0.2),
          new Dropout(0.25, { generator: g }),
          new Residual(new Sequential(new Linear(8, 8, { generator: g }), new Tanh())),
          new GELU('tanh'),
          new Linear(8, 8, { bias: false, generator: g }),
          new Sigmoid(),
          new Linear(8, 3, { generator: g }),
          new Softmax(-1),
        ),
      ),
      x: randn([6, 4], { generator: data }),
      y: classes(6, 3),
    },
    {
      name: 'cnn',
      model: new Model(
        new Sequential(
          new Conv2d(1, 4, 3, { padding: 1, generator: g }),
          new BatchNorm2d(4),
          new ReLU(),
          new MaxPool2d(2),
          new GroupNorm(2, 4),
          new Residual(new Conv2d(4, 4, 3, { padding: 'same', generator: g })),
          new AvgPool2d(2),
          new Flatten(),
          new Linear(16, 3, { generator: g }),
        ),
      ),
      x: randn([2, 1, 8, 8], { generator: data }),
      y: classes(2, 3),
    },
    {
      name: 'cnn-global-pool',
      model: new Model(new Sequential(new Conv2d(2, 3, [3, 2], { stride: [1, 2], generator: g }), new GlobalAvgPool2d(), new Linear(3, 2, { generator: g }))),
      x: randn([3, 2, 6, 6], { generator: data }),
      y: classes(3, 2),
    },
    {
      name: 'conv1d',
      model: new Model(new Sequential(new Conv1d(2, 4, 3, { padding: 'same', generator: g }), new ReLU(), new Flatten(), new Linear(24, 2, { generator: g }))),
      x: randn([2, 2, 6], { generator: data }),
      y: classes(2, 2),
    },
    {
      name: 'sequence',
      model: new Model(
        new Sequential(
          new Embedding(10, 8, { paddingIdx: 0, generator: g }),
          new LayerNorm(8),
          new MultiHeadAttention(8, 2, { batchFirst: true, generator: g }),
          new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, batchFirst: true, dropout: 0.1, generator: g }),
          new LSTM(8, 6, { batchFirst: true, generator: g }),
          new GRU(6, 5, { batchFirst: true, bidirectional: true, generator: g }),
          new Flatten(),
          new Linear(30, 2, { generator: g }),
        ),
      ),
      x: tensor([[1, 2, 0], [3, 9, 4]], { dtype: 'int32' }),
      y: classes(2, 2),
    },
    {
      // The pipelines' own saveable layers.
      name: 'text transformer',
      model: new Model(new TransformerTextModel({ idCount: 12, maxLength: 4, numClasses: 3, dModel: 8, nHead: 2, numLayers: 1, dimFeedforward: 16, dropout: 0 }, g)),
      x: tensor([[2, 5, 7, 0], [3, 9, 0, 0]], { dtype: 'int32' }),
      y: classes(2, 3),
    },
    {
      // int8 layers (they do not train; the float head after them does).
      name: 'int8',
      model: new Model(
        new Sequential(
          QuantizedConv2d.fromConv2d(new Conv2d(1, 2, 3, { padding: 1, generator: g }), affineParams(-3, 3)),
          new Flatten(2),
          QuantizedConv1d.fromConv1d(new Conv1d(2, 2, 3, { generator: g }), affineParams(-2, 2)),
          new Flatten(),
          QuantizedLinear.fromLinear(new Linear(28, 6, { generator: g }), affineParams(-1, 1)),
          new ReLU(),
          new Linear(6, 3, { generator: g }),
        ),
      ),
      x: randn([3, 1, 4, 4], { generator: data }),
      y: classes(3, 3),
    },
    {
      // The character GPT's [N, T, V] logits flattened, so one cross-entropy step can train it.
      name: 'character gpt',
      model: new Model(new Sequential(new GptModel({ vocabSize: 7, contextLength: 4, dModel: 8, nHead: 2, numLayers: 1, dimFeedforward: 16 }, g), new Flatten())),
      x: tensor([[1, 2, 3, 0], [4, 5, 6, 1]], { dtype: 'int32' }),
      y: classes(2, 5),
    },
    {
      name: 'speech cnn',
      model: new Model(new SpeechCnn({ bands: 4, classes: 3, channels: 6, kernelSize: 3, dropout: 0 }, g)),
      x: randn([3, 4, 12], { generator: data }),
      y: classes(3, 3),
    },
    {
      name: 'matrix factorisation',
      model: new Model(new MatrixFactorization(5, 6, 3, { generator: g })),
      x: tensor([[0, 1], [4, 5], [2, 2]], { dtype: 'int32' }),
      y: tensor([3.5, 4, 1]),
    },
    {
      // A model imported from ONNX (OnnxGraph): conv, batch norm, pooling and a linear head.
      name: 'imported onnx',
      model: new Model(
        importOnnx(
          exportOnnx(new Sequential(new Conv2d(1, 2, 3, { padding: 1, generator: g }), new BatchNorm2d(2), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(8, 2, { generator: g }))),
        ),
      ),
      x: randn([2, 1, 4, 4], { generator: data }),
      y: classes(2, 2),
    },
  ];
}
