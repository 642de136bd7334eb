/**
 * SpeechCnn: a small 1-d CNN over log-mel frames for spoken-command recognition — two strided
 * convolutions along time with the mel bands as input channels (as the "tpool"/1-d variants of
 * Sainath & Parada 2015 and most keyword spotters on small devices), the mean over time, dropout
 * and a linear classifier. The mean over time makes the answer independent of where in the padded
 * window the word sits.
 *
 * Shapes (`N` batch, `M` mel bands, `T` frames, `C` channels, `K` classes):
 *   features [N, M, T] → Conv1d(M, C, k, stride 2) → ReLU → Conv1d(C, C, k, stride 2) → ReLU
 *   → mean over time [N, C] → Dropout → Linear(C, K) → logits [N, K]
 *
 * Registered in the layer registry as 'SpeechCnn', so a saved speech model reloads without the
 * training code.
 */
import { type Generator, mean, relu, type Tensor } from '../../core/index.js';
import { type ConfigObject, Conv1d, Dropout, Linear, Module, readInt, readNumber, registerLayer, registeredLayers } from '../../nn/index.js';

/** Sizes of a {@link SpeechCnn}. */
export interface SpeechCnnConfig {
  /** Mel bands M (input channels). */
  readonly bands: number;
  /** Classes K. */
  readonly classes: number;
  /** Channels C of both convolutions (default 64). */
  readonly channels?: number;
  /** Kernel width in frames (default 5). */
  readonly kernelSize?: number;
  /** Dropout before the classifier (default 0.2). */
  readonly dropout?: number;
}

/**
 * @example
 * const cnn = new SpeechCnn({ bands: 40, classes: 10 }, new Generator(0));
 * cnn.forward(randn([8, 40, 100])); // [8, 10]
 */
export class SpeechCnn extends Module {
  readonly sizes: Required<SpeechCnnConfig>;
  private readonly conv1: Conv1d;
  private readonly conv2: Conv1d;
  private readonly drop: Dropout;
  private readonly head: Linear;

  /** @throws ValueError for sizes the layers refuse. */
  constructor(config: SpeechCnnConfig, generator?: Generator) {
    super('SpeechCnn');
    this.sizes = { bands: config.bands, classes: config.classes, channels: config.channels ?? 64, kernelSize: config.kernelSize ?? 5, dropout: config.dropout ?? 0.2 };
    const s = this.sizes;
    const g = generator === undefined ? {} : { generator };
    this.conv1 = this.registerModule('conv1', new Conv1d(s.bands, s.channels, s.kernelSize, { stride: 2, ...g }));
    this.conv2 = this.registerModule('conv2', new Conv1d(s.channels, s.channels, s.kernelSize, { stride: 2, ...g }));
    this.drop = this.registerModule('dropout', new Dropout(s.dropout, g));
    this.head = this.registerModule('head', new Linear(s.channels, s.classes, g));
  }

  override getConfig(): ConfigObject {
    return { ...this.sizes };
  }

  /** features [N, M, T] → logits [N, K]. */
  forward(x: Tensor): Tensor {
    const h = relu(this.conv2.forward(relu(this.conv1.forward(x))));
    return this.head.forward(this.drop.forward(mean(h, 2)));
  }
}

if (!registeredLayers().includes('SpeechCnn')) {
  registerLayer('SpeechCnn', (c) => {
    const n = 'SpeechCnn';
    return new SpeechCnn({
      bands: readInt(n, c, 'bands', 1),
      classes: readInt(n, c, 'classes', 1),
      channels: readInt(n, c, 'channels', 1),
      kernelSize: readInt(n, c, 'kernelSize', 1),
      dropout: readNumber(n, c, 'dropout', 0.2),
    });
  });
}
