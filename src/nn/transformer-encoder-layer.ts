/**
 * One Transformer encoder block (Vaswani et al. 2017, §3.1): self-attention then a position-wise
 * feed-forward network, each wrapped in a residual connection and layer normalisation. Matches
 * torch.nn.TransformerEncoderLayer, child names included (self_attn, linear1, dropout, linear2,
 * norm1, norm2, dropout1, dropout2), so state dicts move between the two.
 *
 * Shapes (`N` batch, `T` sequence, `E` dModel, `F` dimFeedforward):
 *   src [T, N, E] (or [N, T, E] with batchFirst, or [T, E] unbatched) → output of the same shape
 *   srcMask [T, T] or [N·nHead, T, T]; srcKeyPaddingMask [N, T] (or [T])
 *
 * Post-norm (the paper, PyTorch's default):  x = norm1(x + SA(x));  x = norm2(x + FF(x))
 * Pre-norm (normFirst; Xiong et al. 2020):   x = x + SA(norm1(x));  x = x + FF(norm2(x))
 * with SA(x) = dropout1(self_attn(x, x, x)) and FF(x) = dropout2(linear2(dropout(act(linear1(x))))).
 */
import { add, type DType, DTypeError, formatShape, gelu, type Generator, relu, ShapeError, type Tensor, ValueError } from '../core/index.js';
import type { ConfigObject } from './config-readers.js';
import { Dropout } from './dropout.js';
import { LayerNorm } from './layer-norm.js';
import { Linear } from './linear.js';
import { Module } from './module.js';
import { MultiHeadAttention } from './multi-head-attention.js';

/** Constructor options of {@link TransformerEncoderLayer}. */
export interface TransformerEncoderLayerOptions {
  /** Width F of the feed-forward network (default 2048, as PyTorch). */
  readonly dimFeedforward?: number;
  /** Dropout after attention, inside and after the feed-forward network (default 0.1). */
  readonly dropout?: number;
  /** Feed-forward activation (default 'relu'). */
  readonly activation?: 'relu' | 'gelu';
  /** eps of both layer norms (default 1e-5). */
  readonly layerNormEps?: number;
  /** src is [N, T, E] when true; [T, N, E] when false (default false, as PyTorch). */
  readonly batchFirst?: boolean;
  /** Normalise before each sub-block (pre-norm) instead of after (default false). */
  readonly normFirst?: boolean;
  /** Always apply a causal mask (step t sees steps ≤ t), as a language model needs; default false. */
  readonly causal?: boolean;
  /** Source of the initial weights and of the dropout masks. */
  readonly generator?: Generator;
  /** float32 (default) or float64. */
  readonly dtype?: DType;
}

/**
 * A Transformer encoder layer.
 *
 * @example
 * const layer = new TransformerEncoderLayer(32, 4, { dimFeedforward: 64, batchFirst: true, generator: new Generator(0) });
 * const padding = tensor([[false, false, true]], { dtype: 'bool' }); // ignore the last token
 * const y = layer.forward(randn([1, 3, 32]), undefined, padding);     // [1, 3, 32]
 */
export class TransformerEncoderLayer extends Module {
  readonly dimFeedforward: number;
  readonly dropoutP: number;
  readonly activation: 'relu' | 'gelu';
  readonly layerNormEps: number;
  readonly batchFirst: boolean;
  readonly normFirst: boolean;
  readonly causal: boolean;
  readonly selfAttn: MultiHeadAttention;
  readonly linear1: Linear;
  readonly dropout: Dropout;
  readonly linear2: Linear;
  readonly norm1: LayerNorm;
  readonly norm2: LayerNorm;
  readonly dropout1: Dropout;
  readonly dropout2: Dropout;

  /**
   * @param dModel Model width E.
   * @param nHead Attention heads; must divide dModel.
   * @throws ValueError for bad sizes, dropout outside [0, 1) or an unknown activation.
   */
  constructor(
    readonly dModel: number,
    readonly nHead: number,
    options: TransformerEncoderLayerOptions = {},
  ) {
    super('TransformerEncoderLayer');
    this.dimFeedforward = options.dimFeedforward ?? 2048;
    if (!Number.isInteger(this.dimFeedforward) || this.dimFeedforward < 1) {
      throw new ValueError(`TransformerEncoderLayer: dimFeedforward must be a positive integer, got ${this.dimFeedforward}`);
    }
    this.dropoutP = options.dropout ?? 0.1;
    if (!(this.dropoutP >= 0 && this.dropoutP < 1)) throw new ValueError(`TransformerEncoderLayer: dropout must be in [0, 1), got ${this.dropoutP}`);
    this.activation = options.activation ?? 'relu';
    if (this.activation !== 'relu' && this.activation !== 'gelu') {
      throw new ValueError(`TransformerEncoderLayer: activation must be 'relu' or 'gelu', got '${String(this.activation)}'`);
    }
    this.layerNormEps = options.layerNormEps ?? 1e-5;
    this.batchFirst = options.batchFirst ?? false;
    this.normFirst = options.normFirst ?? false;
    this.causal = options.causal ?? false;
    const dtype = options.dtype ?? 'float32';
    const generator = options.generator === undefined ? {} : { generator: options.generator };
    // Built (and so initialised) in PyTorch's order; a width error surfaces from MultiHeadAttention.
    if (!Number.isInteger(dModel) || dModel < 1) throw new ValueError(`TransformerEncoderLayer: dModel must be a positive integer, got ${dModel}`);
    if (!Number.isInteger(nHead) || nHead < 1 || dModel % nHead !== 0) {
      throw new ValueError(`TransformerEncoderLayer: nHead must be a positive integer dividing dModel (${dModel}), got ${nHead}`);
    }
    this.selfAttn = this.registerModule(
      'self_attn',
      new MultiHeadAttention(dModel, nHead, { dropout: this.dropoutP, batchFirst: this.batchFirst, causal: this.causal, dtype, ...generator }),
    );
    this.linear1 = this.registerModule('linear1', new Linear(dModel, this.dimFeedforward, { dtype, ...generator }));
    this.dropout = this.registerModule('dropout', new Dropout(this.dropoutP, generator));
    this.linear2 = this.registerModule('linear2', new Linear(this.dimFeedforward, dModel, { dtype, ...generator }));
    this.norm1 = this.registerModule('norm1', new LayerNorm(dModel, { eps: this.layerNormEps, dtype }));
    this.norm2 = this.registerModule('norm2', new LayerNorm(dModel, { eps: this.layerNormEps, dtype }));
    this.dropout1 = this.registerModule('dropout1', new Dropout(this.dropoutP, generator));
    this.dropout2 = this.registerModule('dropout2', new Dropout(this.dropoutP, generator));
  }

  /** Re-draws every weight as a freshly built layer has it (PyTorch's defaults per child). */
  resetParameters(generator?: Generator): void {
    this.selfAttn.resetParameters(generator);
    this.linear1.resetParameters(generator);
    this.linear2.resetParameters(generator);
    this.norm1.resetParameters();
    this.norm2.resetParameters();
  }

  override getConfig(): ConfigObject {
    return {
      dModel: this.dModel,
      nHead: this.nHead,
      dimFeedforward: this.dimFeedforward,
      dropout: this.dropoutP,
      activation: this.activation,
      layerNormEps: this.layerNormEps,
      batchFirst: this.batchFirst,
      normFirst: this.normFirst,
      causal: this.causal,
    };
  }

  /**
   * Encodes `src`; the arguments follow torch's order (src, src_mask, src_key_padding_mask).
   *
   * @param srcMask [T, T] or [N·nHead, T, T]: bool (true = blocked) or float (added to the scores).
   * @param srcKeyPaddingMask [N, T] (or [T]): bool, true marks padding to ignore; or float.
   * @throws ShapeError / DTypeError for a wrong input or mask (raised by the attention).
   */
  forward(src: Tensor, srcMask?: Tensor, srcKeyPaddingMask?: Tensor): Tensor {
    if (!src.isFloatingPoint()) throw new DTypeError(`TransformerEncoderLayer: src must be float32 or float64, got ${src.dtype}`);
    if ((src.rank !== 2 && src.rank !== 3) || src.shape[src.rank - 1] !== this.dModel) {
      const layout = this.batchFirst ? `[N, T, ${this.dModel}]` : `[T, N, ${this.dModel}]`;
      throw new ShapeError(`TransformerEncoderLayer: src must be ${layout} or [T, ${this.dModel}], got ${formatShape(src.shape)}`);
    }
    const attend = (x: Tensor): Tensor => this.dropout1.forward(this.selfAttn.forward(x, x, x, srcKeyPaddingMask, srcMask));
    const feedForward = (x: Tensor): Tensor => {
      const hidden = this.linear1.forward(x);
      const activated = this.activation === 'relu' ? relu(hidden) : gelu(hidden);
      return this.dropout2.forward(this.linear2.forward(this.dropout.forward(activated)));
    };
    if (this.normFirst) {
      const x = add(src, attend(this.norm1.forward(src)));
      return add(x, feedForward(this.norm2.forward(x)));
    }
    const x = this.norm1.forward(add(src, attend(src)));
    return this.norm2.forward(add(x, feedForward(x)));
  }
}
