/**
 * TransformerTextModel: token ids → class logits with a small Transformer encoder (Vaswani et al.
 * 2017) and mean pooling over the real tokens (as Sentence-BERT pools, Reimers & Gurevych 2019).
 *
 * Shapes (`N` batch, `T` tokens, `E` dModel, `C` classes):
 *   ids [N, T] int32 (0 = padding) → token + learned position embeddings [N, T, E]
 *   → numLayers × TransformerEncoderLayer (batch first, padding masked) → masked mean [N, E] → Linear → [N, C]
 *
 * Registered in the layer registry as 'TransformerTextModel', so a saved text model reloads
 * without the training code.
 */
import { add, arange, cast, div, eq, type Generator, logicalNot, mul, sum, type Tensor, unsqueeze } from '../../core/index.js';
import { type ConfigObject, Dropout, Embedding, Linear, Module, readInt, readNumber, registerLayer, registeredLayers, TransformerEncoderLayer } from '../../nn/index.js';
import { onnxExportableLayers, registerOnnxConverter } from '../../train/index.js';
import { transformerTextModelOnnxInput, transformerTextModelToOnnx } from './transformer-text-model-onnx.js';

/** Sizes of a {@link TransformerTextModel}. */
export interface TransformerTextModelConfig {
  /** Rows of the token embedding (vocabulary + padding + unknown). */
  readonly idCount: number;
  /** Longest token row (rows of the position embedding). */
  readonly maxLength: number;
  readonly numClasses: number;
  /** Width E (default 64). */
  readonly dModel?: number;
  /** Attention heads (default 4). */
  readonly nHead?: number;
  /** Encoder layers (default 2). */
  readonly numLayers?: number;
  /** Feed-forward width (default 2·dModel). */
  readonly dimFeedforward?: number;
  /** Dropout in the encoder and before the classifier (default 0.1). */
  readonly dropout?: number;
}

/**
 * @example
 * const model = new TransformerTextModel({ idCount: 5000, maxLength: 32, numClasses: 151 }, new Generator(0));
 * model.forward(tensor([[5, 9, 0]], { dtype: 'int32' })); // [1, 151]
 */
export class TransformerTextModel extends Module {
  readonly sizes: Required<TransformerTextModelConfig>;
  private readonly tokens: Embedding;
  private readonly positions: Embedding;
  private readonly layers: TransformerEncoderLayer[];
  private readonly drop: Dropout;
  private readonly head: Linear;

  /** @throws ValueError for sizes the layers refuse. */
  constructor(config: TransformerTextModelConfig, generator?: Generator) {
    super('TransformerTextModel');
    const dModel = config.dModel ?? 64;
    this.sizes = {
      idCount: config.idCount,
      maxLength: config.maxLength,
      numClasses: config.numClasses,
      dModel,
      nHead: config.nHead ?? 4,
      numLayers: config.numLayers ?? 2,
      dimFeedforward: config.dimFeedforward ?? 2 * dModel,
      dropout: config.dropout ?? 0.1,
    };
    const g = generator === undefined ? {} : { generator };
    const s = this.sizes;
    this.tokens = this.registerModule('tokens', new Embedding(s.idCount, dModel, { paddingIdx: 0, ...g }));
    this.positions = this.registerModule('positions', new Embedding(s.maxLength, dModel, g));
    this.layers = Array.from({ length: s.numLayers }, (_, i) =>
      this.registerModule(`encoder${i}`, new TransformerEncoderLayer(dModel, s.nHead, { dimFeedforward: s.dimFeedforward, dropout: s.dropout, batchFirst: true, ...g })),
    );
    this.drop = this.registerModule('dropout', new Dropout(s.dropout, g));
    this.head = this.registerModule('head', new Linear(dModel, s.numClasses, g));
  }

  override getConfig(): ConfigObject {
    return { ...this.sizes };
  }

  /** ids [N, T] int32 → logits [N, C]. */
  forward(ids: Tensor): Tensor {
    const t = ids.shape[1]!;
    const padding = eq(ids, 0);
    let h = add(this.tokens.forward(ids), this.positions.forward(arange(0, t, 1, { dtype: 'int32' })));
    for (const layer of this.layers) h = layer.forward(h, undefined, padding);
    // Mean over real tokens: Σ_t keep·h / Σ_t keep (every row has at least one real token).
    const keep = unsqueeze(cast(logicalNot(padding), 'float32'), 2);
    const pooled = div(sum(mul(h, keep), 1), sum(keep, 1));
    return this.head.forward(this.drop.forward(pooled));
  }
}

if (!registeredLayers().includes('TransformerTextModel')) {
  registerLayer('TransformerTextModel', (c) => {
    const n = 'TransformerTextModel';
    return new TransformerTextModel({
      idCount: readInt(n, c, 'idCount', 1),
      maxLength: readInt(n, c, 'maxLength', 1),
      numClasses: readInt(n, c, 'numClasses', 1),
      dModel: readInt(n, c, 'dModel', 1),
      nHead: readInt(n, c, 'nHead', 1),
      numLayers: readInt(n, c, 'numLayers', 1),
      dimFeedforward: readInt(n, c, 'dimFeedforward', 1),
      dropout: readNumber(n, c, 'dropout', 0.1),
    });
  });
}

if (!onnxExportableLayers().includes('TransformerTextModel')) {
  registerOnnxConverter('TransformerTextModel', transformerTextModelToOnnx, transformerTextModelOnnxInput);
}
