/**
 * Multi-head scaled dot-product attention (Vaswani et al. 2017, "Attention Is All You Need", §3.2),
 * laid out exactly as torch.nn.MultiheadAttention so state dicts move between the two.
 *
 * Shapes (`N` batch, `L` query length, `S` key length, `E` embedDim, `h` numHeads, `d = E / h`):
 *   query [L, N, E] (or [N, L, E] with batchFirst, or [L, E] unbatched)
 *   key, value [S, N, E] (likewise)            → output like query
 *   in_proj_weight [3E, E] (rows: W_q, W_k, W_v), in_proj_bias [3E], out_proj: Linear(E, E)
 *   keyPaddingMask [N, S] (or [S] unbatched); attnMask [L, S] or [N·h, L, S] (or [h, L, S])
 *   weights [N, L, S] averaged over heads, or [N, h, L, S] (leading N dropped when unbatched)
 *
 * Everything is composed from public ops, so autograd needs no code here: the scores
 * softmax(Q Kᵀ / √d) take masked positions as −∞ through `where`, as PyTorch does.
 */
import {
  add,
  arange,
  type DType,
  div,
  DTypeError,
  formatShape,
  type Generator,
  ge,
  gt,
  matmul,
  mean,
  mul,
  narrow,
  noGrad,
  permute,
  rand,
  reshape,
  select,
  ShapeError,
  softmax,
  split,
  type Tensor,
  transpose,
  unsqueeze,
  ValueError,
  where,
} from '../core/index.js';
import type { ConfigObject } from './config-readers.js';
import { xavierUniform, zerosInit } from './init.js';
import { Linear } from './linear.js';
import { Module } from './module.js';

/** Constructor options of {@link MultiHeadAttention}. */
export interface MultiHeadAttentionOptions {
  /** Dropout probability on the attention weights while training (default 0). */
  readonly dropout?: number;
  /** Learned biases on the input and output projections (default true). */
  readonly bias?: boolean;
  /**
   * Inputs are [N, L, E] when true; [L, N, E] when false. The default is false, PyTorch's
   * default, so ported code behaves the same; most new code wants `batchFirst: true`.
   */
  readonly batchFirst?: boolean;
  /** Always apply a causal mask (position i attends to keys j ≤ i); default false. */
  readonly causal?: boolean;
  /** Source of the initial weights and of the dropout masks. */
  readonly generator?: Generator;
  /** float32 (default) or float64. */
  readonly dtype?: DType;
}

/** Per-call options of {@link MultiHeadAttention.forwardWithWeights}. */
export interface AttentionCallOptions {
  /** Keys (default: the query, i.e. self-attention). */
  readonly key?: Tensor;
  /** Values (default: the key). */
  readonly value?: Tensor;
  /** [N, S] (or [S]): bool, true marks a key to ignore; or float, added to the scores. */
  readonly keyPaddingMask?: Tensor;
  /** [L, S] or [N·h, L, S]: bool, true marks a blocked pair; or float, added to the scores. */
  readonly attnMask?: Tensor;
  /** Block attention to later positions (default: the layer's `causal` option). */
  readonly causal?: boolean;
  /** Average the weights over heads (default true, PyTorch's average_attn_weights). */
  readonly averageWeights?: boolean;
}

/** What {@link MultiHeadAttention.forwardWithWeights} returns. */
export interface AttentionResult {
  /** The attended values, shaped like the query. */
  readonly output: Tensor;
  /** Attention weights: [N, L, S] averaged over heads, or [N, h, L, S] (no N when unbatched). */
  readonly weights: Tensor;
}

/**
 * Multi-head attention, matching torch.nn.MultiheadAttention (without add_bias_kv, add_zero_attn
 * and separate kdim/vdim).
 *
 * @example
 * const attn = new MultiHeadAttention(16, 4, { batchFirst: true, generator: new Generator(0) });
 * const x = randn([2, 5, 16]);
 * const y = attn.forward(x);                                   // self-attention, [2, 5, 16]
 * const { weights } = attn.forwardWithWeights(x, { causal: true }); // [2, 5, 5]
 */
export class MultiHeadAttention extends Module {
  readonly headDim: number;
  readonly dropout: number;
  readonly batchFirst: boolean;
  readonly causal: boolean;
  /** [3E, E]: the query, key and value projections stacked (PyTorch's in_proj_weight). */
  readonly inProjWeight: Tensor;
  /** [3E] or null without bias (PyTorch's in_proj_bias). */
  readonly inProjBias: Tensor | null;
  /** The output projection (PyTorch's out_proj). */
  readonly outProj: Linear;
  private readonly generator: Generator | undefined;
  /**
   * When set, each `forward` call hands this function its per-head attention weights [N, h, L, S]
   * (no N when unbatched): how an explanation reads the attention of a layer inside a model whose
   * forward never asks for weights. Null (the default) costs nothing.
   */
  weightsObserver: ((weights: Tensor) => void) | null = null;

  /**
   * @param embedDim Model width E.
   * @param numHeads Number of heads h; must divide E.
   * @throws ValueError for non-positive sizes, h not dividing E, or dropout outside [0, 1).
   */
  constructor(
    readonly embedDim: number,
    readonly numHeads: number,
    readonly options: MultiHeadAttentionOptions = {},
  ) {
    super('MultiHeadAttention');
    for (const [name, v] of [['embedDim', embedDim], ['numHeads', numHeads]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new ValueError(`MultiHeadAttention: ${name} must be a positive integer, got ${v}`);
    }
    if (embedDim % numHeads !== 0) {
      throw new ValueError(`MultiHeadAttention: embedDim (${embedDim}) must be divisible by numHeads (${numHeads})`);
    }
    this.dropout = options.dropout ?? 0;
    if (!(this.dropout >= 0 && this.dropout < 1)) throw new ValueError(`MultiHeadAttention: dropout must be in [0, 1), got ${this.dropout}`);
    this.headDim = embedDim / numHeads;
    this.batchFirst = options.batchFirst ?? false;
    this.causal = options.causal ?? false;
    this.generator = options.generator;
    const dtype = options.dtype ?? 'float32';
    const bias = options.bias ?? true;
    this.inProjWeight = this.registerParameter('in_proj_weight', zerosInit([3 * embedDim, embedDim], { dtype }));
    this.inProjBias = bias ? this.registerParameter('in_proj_bias', zerosInit([3 * embedDim], { dtype })) : null;
    this.outProj = this.registerModule('out_proj', new Linear(embedDim, embedDim, { bias, dtype, ...this.generatorOption() }));
    this.resetParameters(options.generator);
  }

  private generatorOption(): { generator?: Generator } {
    return this.generator === undefined ? {} : { generator: this.generator };
  }

  /**
   * PyTorch's `_reset_parameters`: in_proj_weight Xavier-uniform over the whole [3E, E] matrix,
   * biases zero; out_proj.weight keeps Linear's default (Kaiming uniform, a = √5).
   */
  resetParameters(generator?: Generator): void {
    const o = { dtype: this.inProjWeight.dtype, ...(generator === undefined ? {} : { generator }) };
    this.outProj.resetParameters(generator);
    noGrad(() => {
      this.inProjWeight.assign_(xavierUniform(this.inProjWeight.shape, 1, o));
      this.inProjBias?.assign_(zerosInit(this.inProjBias.shape, o));
      this.outProj.bias?.assign_(zerosInit(this.outProj.bias.shape, o));
    });
  }

  override getConfig(): ConfigObject {
    return {
      embedDim: this.embedDim,
      numHeads: this.numHeads,
      dropout: this.dropout,
      bias: this.inProjBias !== null,
      batchFirst: this.batchFirst,
      causal: this.causal,
    };
  }

  /**
   * Attends `query` to `key`/`value`; the arguments follow torch's positional order (without
   * need_weights). Use {@link forwardWithWeights} for the attention weights or a per-call causal
   * mask.
   *
   * @throws ShapeError / DTypeError for inputs or masks of the wrong shape or dtype.
   */
  forward(query: Tensor, key: Tensor = query, value: Tensor = key, keyPaddingMask?: Tensor, attnMask?: Tensor): Tensor {
    const observer = this.weightsObserver;
    const call = { key, value, ...maybe('keyPaddingMask', keyPaddingMask), ...maybe('attnMask', attnMask), averageWeights: false };
    const { output, weights } = this.attend(query, call, observer !== null);
    observer?.(weights);
    return output;
  }

  /**
   * Attention output and weights (PyTorch's need_weights=True); the weights are what an
   * explanation shows. Like PyTorch, they are taken after dropout in training mode.
   *
   * @throws ShapeError / DTypeError for inputs or masks of the wrong shape or dtype.
   * @example
   * const { output, weights } = attn.forwardWithWeights(x, { keyPaddingMask: pad });
   */
  forwardWithWeights(query: Tensor, options: AttentionCallOptions = {}): AttentionResult {
    return this.attend(query, options, true);
  }

  private attend(query: Tensor, options: AttentionCallOptions, needWeights: boolean): { output: Tensor; weights: Tensor } {
    const key = options.key ?? query;
    const value = options.value ?? key;
    const batched = this.checkInputs(query, key, value);
    // Work batch-first: [N, L, E].
    const toBatchFirst = (t: Tensor): Tensor => (!batched ? unsqueeze(t, 0) : this.batchFirst ? t : transpose(t, 0, 1));
    const [q, k, v] = this.project(toBatchFirst(query), key === query ? null : toBatchFirst(key), value === key ? null : toBatchFirst(value));
    const n = q.shape[0]!;
    const l = q.shape[1]!;
    const s = k.shape[1]!;
    const heads = (t: Tensor, len: number): Tensor => permute(reshape(t, [n, len, this.numHeads, this.headDim]), [0, 2, 1, 3]);
    // Scale the queries before the product, as PyTorch does (same rounding).
    const qh = heads(mul(q, 1 / Math.sqrt(this.headDim)), l);
    let scores = matmul(qh, transpose(heads(k, s))); // [N, h, L, S]
    scores = this.mask(scores, options, batched, n, l, s);
    let weights = softmax(scores, -1);
    if (this.training && this.dropout > 0) {
      // Inverted dropout (Srivastava et al. 2014) on the weights: kept entries scaled by 1/(1−p).
      const keep = ge(rand(weights.shape, { dtype: weights.dtype, ...this.generatorOption() }), this.dropout);
      weights = where(keep, div(weights, 1 - this.dropout), 0);
    }
    const context = reshape(permute(matmul(weights, heads(v, s)), [0, 2, 1, 3]), [n, l, this.embedDim]);
    const projected = this.outProj.forward(context);
    const output = !batched ? select(projected, 0, 0) : this.batchFirst ? projected : transpose(projected, 0, 1);
    if (!needWeights) return { output, weights };
    const shown = (options.averageWeights ?? true) ? mean(weights, 1) : weights;
    return { output, weights: batched ? shown : select(shown, 0, 0) };
  }

  /** Validates shapes and dtypes; returns whether the inputs carry a batch dimension. */
  private checkInputs(query: Tensor, key: Tensor, value: Tensor): boolean {
    const e = this.embedDim;
    const layout = this.batchFirst ? '[N, L, E]' : '[L, N, E]';
    for (const [name, t] of [['query', query], ['key', key], ['value', value]] as const) {
      if (!t.isFloatingPoint()) throw new DTypeError(`MultiHeadAttention: ${name} must be float32 or float64, got ${t.dtype}`);
      if ((t.rank !== 2 && t.rank !== 3) || t.shape[t.rank - 1] !== e) {
        throw new ShapeError(`MultiHeadAttention: ${name} must be ${layout.replace('E', String(e))} or [L, ${e}], got ${formatShape(t.shape)}`);
      }
    }
    if (key.rank !== query.rank || value.rank !== query.rank) {
      throw new ShapeError(
        `MultiHeadAttention: query, key and value must all be batched or all unbatched, got ${formatShape(query.shape)}, ${formatShape(key.shape)}, ${formatShape(value.shape)}`,
      );
    }
    const batched = query.rank === 3;
    const batchAxis = this.batchFirst ? 0 : 1;
    const seqAxis = batched ? 1 - batchAxis : 0;
    if (key.shape[seqAxis] !== value.shape[seqAxis]) {
      throw new ShapeError(`MultiHeadAttention: key and value must have the same length, got ${formatShape(key.shape)} and ${formatShape(value.shape)}`);
    }
    if (batched && (key.shape[batchAxis] !== query.shape[batchAxis] || value.shape[batchAxis] !== query.shape[batchAxis])) {
      throw new ShapeError(
        `MultiHeadAttention: query, key and value must have the same batch size, got ${formatShape(query.shape)}, ${formatShape(key.shape)}, ${formatShape(value.shape)}`,
      );
    }
    if (query.shape[seqAxis] === 0 || key.shape[seqAxis] === 0) {
      throw new ShapeError(`MultiHeadAttention: sequences must not be empty, got query ${formatShape(query.shape)} and key ${formatShape(key.shape)}`);
    }
    return batched;
  }

  /**
   * The input projections x W_iᵀ + b_i. Self-attention (key and value omitted) takes one matmul
   * with the whole [3E, E] matrix; shared key/value takes one for both.
   */
  private project(q: Tensor, k: Tensor | null, v: Tensor | null): [Tensor, Tensor, Tensor] {
    const e = this.embedDim;
    const linear = (x: Tensor, from: number, rows: number): Tensor => {
      const y = matmul(x, transpose(narrow(this.inProjWeight, 0, from, rows)));
      return this.inProjBias === null ? y : add(y, narrow(this.inProjBias, 0, from, rows));
    };
    if (k === null && v === null) return split(linear(q, 0, 3 * e), e, -1) as [Tensor, Tensor, Tensor];
    const qp = linear(q, 0, e);
    const kIn = k ?? q;
    if (v === null) {
      const [kp, vp] = split(linear(kIn, e, 2 * e), e, -1) as [Tensor, Tensor];
      return [qp, kp, vp];
    }
    return [qp, linear(kIn, e, e), linear(v, 2 * e, e)];
  }

  /** Adds float masks and sets blocked positions to −∞ (bool masks, causal). */
  private mask(scores: Tensor, options: AttentionCallOptions, batched: boolean, n: number, l: number, s: number): Tensor {
    let out = scores;
    const h = this.numHeads;
    const apply = (m: Tensor): void => {
      out = m.dtype === 'bool' ? where(m, -Infinity, out) : add(out, m);
    };
    const { keyPaddingMask, attnMask } = options;
    if (attnMask !== undefined) {
      checkMaskDType('attnMask', attnMask);
      const full = batched ? `[${n * h}, ${l}, ${s}]` : `[${h}, ${l}, ${s}]`;
      if (attnMask.rank === 2 && attnMask.shape[0] === l && attnMask.shape[1] === s) {
        apply(attnMask);
      } else if (attnMask.rank === 3 && attnMask.shape[0] === n * h && attnMask.shape[1] === l && attnMask.shape[2] === s) {
        apply(reshape(attnMask, [n, h, l, s]));
      } else {
        throw new ShapeError(`MultiHeadAttention: attnMask must be [${l}, ${s}] or ${full}, got ${formatShape(attnMask.shape)}`);
      }
    }
    if (keyPaddingMask !== undefined) {
      checkMaskDType('keyPaddingMask', keyPaddingMask);
      const expected = batched ? [n, s] : [s];
      if (keyPaddingMask.rank !== expected.length || keyPaddingMask.shape.some((d, i) => d !== expected[i])) {
        throw new ShapeError(`MultiHeadAttention: keyPaddingMask must be ${formatShape(expected)}, got ${formatShape(keyPaddingMask.shape)}`);
      }
      apply(reshape(keyPaddingMask, [batched ? n : 1, 1, 1, s]));
    }
    if (options.causal ?? this.causal) apply(causalMask(l, s));
    return out;
  }
}

/** [L, S] bool, true above the diagonal: query i may not see key j > i (torch.triu(…, 1)). */
function causalMask(l: number, s: number): Tensor {
  return gt(reshape(arange(s), [1, s]), reshape(arange(l), [l, 1]));
}

function checkMaskDType(name: string, mask: Tensor): void {
  if (mask.dtype !== 'bool' && !mask.isFloatingPoint()) {
    throw new DTypeError(`MultiHeadAttention: ${name} must be bool (true = blocked) or float (added to the scores), got ${mask.dtype}`);
  }
}

function maybe<K extends string>(name: K, t: Tensor | undefined): { [P in K]?: Tensor } {
  return (t === undefined ? {} : { [name]: t }) as { [P in K]?: Tensor };
}
