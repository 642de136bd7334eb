/**
 * GptModel: a GPT-style decoder (Radford et al. 2018/2019) — token embeddings plus learned
 * position embeddings, pre-norm Transformer blocks with causal self-attention, a final LayerNorm
 * and a linear head over the vocabulary.
 *
 * Shapes (`N` batch, `T` positions ≤ contextLength, `E` dModel, `V` vocabSize, `h` heads):
 *   ids [N, T] int32 → logits [N, T, V]
 *
 * Each block is nn's TransformerEncoderLayer with `normFirst` and `causal`:
 *   x = x + SA(LN1(x));  x = x + W2·act(W1·LN2(x))   (the GPT-2 block, Radford et al. 2019, §2.3)
 * so the state dict keeps PyTorch's names. {@link GptModel.forwardCached} runs the same blocks on
 * new positions only, reading earlier keys and values from a {@link KeyValueCache}; it uses the
 * layers' own weights and the same ops in the same order as MultiHeadAttention, so its logits
 * equal those of a full forward pass over the prefix (tested).
 *
 * Registered in the layer registry as 'GptModel', so a saved language model reloads without the
 * training code.
 */
import { add, arange, formatShape, gelu, type Generator, gt, matmul, mul, narrow, permute, relu, reshape, ShapeError, softmax, split, type Tensor, transpose, ValueError, where } from '../../core/index.js';
import { type ConfigObject, Embedding, LayerNorm, Linear, Module, readChoice, readInt, readNumber, registerLayer, registeredLayers, TransformerEncoderLayer } from '../../nn/index.js';
import { KeyValueCache } from './key-value-cache.js';

/** Sizes of a {@link GptModel}. */
export interface GptModelConfig {
  /** Tokens the model knows (V). */
  readonly vocabSize: number;
  /** Longest sequence: rows of the position embedding (T). */
  readonly contextLength: number;
  /** Width E (default 128). */
  readonly dModel?: number;
  /** Attention heads (default 4). */
  readonly nHead?: number;
  /** Blocks (default 4). */
  readonly numLayers?: number;
  /** Feed-forward width (default 4·dModel, as GPT). */
  readonly dimFeedforward?: number;
  /** Dropout in the blocks while training (default 0). */
  readonly dropout?: number;
  /**
   * Feed-forward activation: 'gelu' (GPT's) or 'relu' (default: on this engine GELU's erf
   * composite costs several times a ReLU, and at these sizes the loss is the same within noise).
   */
  readonly activation?: 'relu' | 'gelu';
}

/**
 * @example
 * const gpt = new GptModel({ vocabSize: 65, contextLength: 64 }, new Generator(0));
 * gpt.forward(tensor([[5, 9, 1]], { dtype: 'int32' })); // logits [1, 3, 65]
 */
export class GptModel extends Module {
  readonly sizes: Required<GptModelConfig>;
  readonly tokens: Embedding;
  readonly positions: Embedding;
  readonly blocks: readonly TransformerEncoderLayer[];
  readonly norm: LayerNorm;
  readonly head: Linear;

  /** @throws ValueError for sizes the layers refuse (e.g. nHead not dividing dModel). */
  constructor(config: GptModelConfig, generator?: Generator) {
    super('GptModel');
    const dModel = config.dModel ?? 128;
    this.sizes = {
      vocabSize: config.vocabSize,
      contextLength: config.contextLength,
      dModel,
      nHead: config.nHead ?? 4,
      numLayers: config.numLayers ?? 4,
      dimFeedforward: config.dimFeedforward ?? 4 * dModel,
      dropout: config.dropout ?? 0,
      activation: config.activation ?? 'relu',
    };
    const s = this.sizes;
    for (const name of ['vocabSize', 'contextLength', 'numLayers'] as const) {
      if (!Number.isInteger(s[name]) || s[name] < 1) throw new ValueError(`GptModel: ${name} must be a positive integer, got ${s[name]}`);
    }
    const g = generator === undefined ? {} : { generator };
    this.tokens = this.registerModule('tokens', new Embedding(s.vocabSize, dModel, g));
    this.positions = this.registerModule('positions', new Embedding(s.contextLength, dModel, g));
    this.blocks = Array.from({ length: s.numLayers }, (_, i) =>
      this.registerModule(
        `block${i}`,
        new TransformerEncoderLayer(dModel, s.nHead, { dimFeedforward: s.dimFeedforward, dropout: s.dropout, activation: s.activation, batchFirst: true, normFirst: true, causal: true, ...g }),
      ),
    );
    this.norm = this.registerModule('norm', new LayerNorm(dModel));
    this.head = this.registerModule('head', new Linear(dModel, s.vocabSize, g));
  }

  override getConfig(): ConfigObject {
    return { ...this.sizes };
  }

  /**
   * Logits of the next token at every position.
   *
   * @param ids int32 [N, T] with T ≤ contextLength.
   * @throws ShapeError for a rank other than 2 or T above contextLength.
   */
  forward(ids: Tensor): Tensor {
    const t = this.checkIds(ids, 0);
    let x = add(this.tokens.forward(ids), this.positions.forward(arange(0, t, 1, { dtype: 'int32' })));
    for (const block of this.blocks) x = block.forward(x);
    return this.head.forward(this.norm.forward(x));
  }

  /**
   * Logits of the next token at the new positions `ids`, which continue the sequence whose keys and
   * values `cache` holds; appends theirs to it. With an empty cache this is {@link forward} in
   * evaluation mode: it is for generation, so it applies no dropout.
   *
   * @param ids int32 [N, t], positions cache.length … cache.length + t − 1.
   * @param cache A cache made for this model (`newCache()`), holding the same batch.
   * @throws ShapeError when the positions would pass contextLength; ValueError for a cache of another model.
   * @example
   * const cache = gpt.newCache();
   * gpt.forwardCached(prompt, cache);              // [1, P, V]
   * gpt.forwardCached(tensor([[next]], …), cache); // [1, 1, V], as forward over the P + 1 tokens
   */
  forwardCached(ids: Tensor, cache: KeyValueCache): Tensor {
    if (cache.layers !== this.blocks.length) throw new ValueError(`GptModel.forwardCached: the cache has ${cache.layers} layers, the model ${this.blocks.length}`);
    const start = cache.length;
    const t = this.checkIds(ids, start);
    let x = add(this.tokens.forward(ids), this.positions.forward(arange(start, start + t, 1, { dtype: 'int32' })));
    this.blocks.forEach((block, i) => {
      x = add(x, this.cachedAttention(block, block.norm1.forward(x), cache, i, start));
      const hidden = block.linear1.forward(block.norm2.forward(x));
      x = add(x, block.linear2.forward(this.sizes.activation === 'relu' ? relu(hidden) : gelu(hidden)));
    });
    return this.head.forward(this.norm.forward(x));
  }

  /** An empty cache for {@link forwardCached}. */
  newCache(): KeyValueCache {
    return new KeyValueCache(this.blocks.length);
  }

  /**
   * Causal self-attention of new positions over the cached ones and themselves, step for step as
   * MultiHeadAttention computes it (projection, scaled queries, scores, mask, softmax, output).
   */
  private cachedAttention(block: TransformerEncoderLayer, x: Tensor, cache: KeyValueCache, layer: number, start: number): Tensor {
    const attn = block.selfAttn;
    const e = this.sizes.dModel;
    const h = attn.numHeads;
    const d = attn.headDim;
    const n = x.shape[0]!;
    const t = x.shape[1]!;
    let qkv = matmul(x, transpose(narrow(attn.inProjWeight, 0, 0, 3 * e)));
    if (attn.inProjBias !== null) qkv = add(qkv, narrow(attn.inProjBias, 0, 0, 3 * e));
    const [q, k, v] = split(qkv, e, -1) as [Tensor, Tensor, Tensor];
    const heads = (y: Tensor): Tensor => permute(reshape(y, [n, t, h, d]), [0, 2, 1, 3]);
    const { key, value } = cache.append(layer, heads(k), heads(v));
    const s = key.shape[2]!;
    let scores = matmul(heads(mul(q, 1 / Math.sqrt(d))), transpose(key)); // [N, h, t, S]
    // New position start + i may see keys j ≤ start + i.
    if (t > 1) scores = where(gt(reshape(arange(s), [1, s]), reshape(arange(start, start + t), [t, 1])), -Infinity, scores);
    const context = reshape(permute(matmul(softmax(scores, -1), value), [0, 2, 1, 3]), [n, t, e]);
    return attn.outProj.forward(context);
  }

  private checkIds(ids: Tensor, start: number): number {
    if (ids.rank !== 2 || ids.shape[1] === 0) throw new ShapeError(`GptModel: ids must be int32 [N, T] with T ≥ 1, got ${formatShape(ids.shape)}`);
    const t = ids.shape[1]!;
    if (start + t > this.sizes.contextLength) {
      throw new ShapeError(`GptModel: positions ${start}…${start + t - 1} pass the context length ${this.sizes.contextLength}; crop the sequence or clear the cache`);
    }
    return t;
  }
}

if (!registeredLayers().includes('GptModel')) {
  registerLayer('GptModel', (c) => {
    const n = 'GptModel';
    return new GptModel({
      vocabSize: readInt(n, c, 'vocabSize', 1),
      contextLength: readInt(n, c, 'contextLength', 1),
      dModel: readInt(n, c, 'dModel', 1),
      nHead: readInt(n, c, 'nHead', 1),
      numLayers: readInt(n, c, 'numLayers', 1),
      dimFeedforward: readInt(n, c, 'dimFeedforward', 1),
      dropout: readNumber(n, c, 'dropout', 0),
      activation: readChoice(n, c, 'activation', ['relu', 'gelu'] as const, 'relu'),
    });
  });
}
