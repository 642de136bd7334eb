/**
 * Per-example gradients of each layer's own parameters from the layer's input (activation) and
 * the gradient of the loss with respect to its output — the Opacus method ("grad samplers").
 *
 * Design note (DESIGN.md asks for the choice to be recorded): Sprout computes per-example
 * gradients from activations and output gradients, as Opacus does, not by a vectorised map of
 * the gradient over single examples. One ordinary backward pass gives every layer's output
 * gradient; each layer then needs a few batched matmuls. The costs that matter:
 *   - Linear: gradient norms by the "ghost norm" identity ‖Σ_t g_t x_tᵀ‖² = Σ_{t,t'} (x_t·x_t')(g_t·g_t')
 *     (Goodfellow 2015; Li et al. 2022), so an MLP never materialises [B, out, in]; the clipped
 *     sum is one matmul with the output gradient scaled per example.
 *   - Conv1d/Conv2d: the windows are unfolded (im2col, the same sliding windows as the
 *     forward) and per-example gradients materialised, [B, O, C/G, k…].
 *   - Embedding: one-hot rows; its norm by the same ghost identity over token pairs.
 *   - LayerNorm/GroupNorm: the normalised input is recomputed; weight gradient Σ gy·x̂, bias Σ gy.
 *   - MultiHeadAttention: its input projection is three Linear maps (query, key, value rows of
 *     in_proj_weight); out_proj is a Linear module and gets the Linear rule.
 * These rules assume dimension 0 of every layer's input and output is the example; a layer that
 * mixes examples (batch norm) has no per-example gradient and is refused.
 *
 * Shape legend: B examples, T positions per example (sequence or spatial), I/O input/output features.
 */
import {
  add,
  type DType,
  formatShape,
  matmul,
  mean,
  mul,
  oneHot,
  pad,
  reshape,
  rsqrt,
  ShapeError,
  square,
  sub,
  sum,
  type Tensor,
  tensor,
  transpose,
} from '../core/index.js';
import { Conv1d, Conv2d, Embedding, GroupNorm, LayerNorm, Linear, MultiHeadAttention } from '../nn/index.js';
import { convPadding } from '../nn/conv-arguments.js';
import { slidingWindows } from '../nn/sliding-windows.js';

/** A gradient for one parameter: per example ([B, …shape]), a per-example squared norm ([B]) or summed over examples. */
export interface Contribution {
  readonly param: Tensor;
  readonly value: Tensor;
}

/** What a layer call can say about its parameters' gradients, given the gradient of its output. */
export interface LayerGradientRule {
  /** Per-example gradients, [B, …param.shape] each. */
  perExample(gradOutput: Tensor): Contribution[];
  /** Per-example squared norms [B] without materialising the gradients, where that is cheaper. */
  squaredNorms?: ((gradOutput: Tensor) => Contribution[]) | undefined;
  /** Σ_b of the per-example gradients (the ordinary batch gradient), where cheaper than summing perExample. */
  summed?(gradOutput: Tensor): Contribution[];
}

/** Sum over every axis but 0 that is not in the trailing `keep` axes: [B, …, *tail] → [B, *tail]. */
function sumMiddle(x: Tensor, keep: number): Tensor {
  const axes = Array.from({ length: x.rank - 1 - keep }, (_, i) => i + 1);
  return axes.length === 0 ? x : sum(x, axes);
}

/** Σ_{t,t'} a_{b,t,t'} · (g_{b,t}·g_{b,t'}) for each b: the ghost-norm contraction. */
function ghostContract(pairs: Tensor, g3: Tensor): Tensor {
  return sum(mul(pairs, matmul(g3, transpose(g3, 1, 2))), [1, 2]);
}

/** y = x Wᵀ + b over [B, …, I] → [B, …, O], with `rows` of a taller weight when `offset` is given (attention's in_proj). */
export function linearRule(
  weight: Tensor,
  bias: Tensor | null,
  input: Tensor,
  block: { readonly offset: number; readonly rows: number } | null = null,
): LayerGradientRule {
  const b = input.shape[0]!;
  const i = input.shape[input.rank - 1]!;
  const x3 = reshape(input, [b, -1, i]);
  const t = x3.shape[1]!;
  // Place a block's gradient into the full parameter's rows.
  const place = (g: Tensor, axis: number): Tensor => {
    if (block === null) return g;
    const pads = g.shape.map((): [number, number] => [0, 0]);
    pads[axis] = [block.offset, weight.shape[0]! - block.offset - block.rows];
    return pad(g, pads);
  };
  return {
    perExample(gy) {
      const g3 = reshape(gy, [b, t, -1]);
      const out: Contribution[] = [{ param: weight, value: place(matmul(transpose(g3, 1, 2), x3), 1) }];
      if (bias !== null) out.push({ param: bias, value: place(sum(g3, 1), 1) });
      return out;
    },
    squaredNorms: block !== null ? undefined : (gy) => {
      const g3 = reshape(gy, [b, t, -1]);
      const o = g3.shape[2]!;
      const out: Contribution[] = [];
      if (t === 1) {
        out.push({ param: weight, value: mul(sum(square(g3), [1, 2]), sum(square(x3), [1, 2])) });
      } else if (t * t <= i * o) {
        out.push({ param: weight, value: ghostContract(matmul(x3, transpose(x3, 1, 2)), g3) });
      } else {
        out.push({ param: weight, value: sum(square(matmul(transpose(g3, 1, 2), x3)), [1, 2]) });
      }
      if (bias !== null) out.push({ param: bias, value: sum(square(sum(g3, 1)), 1) });
      return out;
    },
    summed(gy) {
      const g2 = reshape(gy, [b * t, -1]);
      const out: Contribution[] = [{ param: weight, value: place(matmul(transpose(g2), reshape(x3, [b * t, i])), 0) }];
      if (bias !== null) out.push({ param: bias, value: place(sum(g2, 0), 0) });
      return out;
    },
  };
}

/** Conv1d / Conv2d through unfolded windows: gW[b] = gy[b] · windows[b]ᵀ per group. */
function convRule(layer: Conv1d | Conv2d, input: Tensor): LayerGradientRule {
  const weight = layer.weight;
  const spatial = weight.rank - 2;
  if (input.rank !== spatial + 2) {
    throw new ShapeError(`DP-SGD: ${layer.typeName} needs batched input [B, C, …] for per-example gradients, got ${formatShape(input.shape)}`);
  }
  const kernel = weight.shape.slice(2);
  const wrap = (v: number | readonly number[]): number[] => (typeof v === 'number' ? [v] : [...v]);
  const stride = wrap(layer.stride);
  const dilation = wrap(layer.dilation);
  const padding = convPadding(layer.typeName, layer.padding as Parameters<typeof convPadding>[1], kernel, stride, dilation);
  const { windows } = slidingWindows(layer.typeName, input, { kernel, stride, dilation, padding });
  const [n, g] = [input.shape[0]!, layer.groups];
  const [k, q] = [windows.shape[2]!, windows.shape[3]!];
  const o = weight.shape[0]!;
  const columns = reshape(windows, [n, g, (input.shape[1]! / g) * k, q]);
  return {
    perExample(gy) {
      const gw = matmul(reshape(gy, [n, g, o / g, q]), transpose(columns, 2, 3));
      const out: Contribution[] = [{ param: weight, value: reshape(gw, [n, ...weight.shape]) }];
      if (layer.bias !== null) out.push({ param: layer.bias, value: sum(reshape(gy, [n, o, q]), 2) });
      return out;
    },
  };
}

/** Embedding: gW[b] = one-hot(indices[b])ᵀ · gy[b], padding positions left out. */
function embeddingRule(layer: Embedding, indices: Tensor): LayerGradientRule {
  const b = indices.shape[0]!;
  const v = layer.numEmbeddings;
  const dtype: DType = layer.weight.dtype;
  let rows = oneHot(reshape(indices, [b, -1]), v, { dtype }); // [B, T, V]
  if (layer.paddingIdx !== null) {
    const keep = new Array<number>(v).fill(1);
    keep[layer.paddingIdx] = 0;
    rows = mul(rows, tensor(keep, { dtype }));
  }
  const t = rows.shape[1]!;
  return {
    perExample(gy) {
      return [{ param: layer.weight, value: matmul(transpose(rows, 1, 2), reshape(gy, [b, t, -1])) }];
    },
    squaredNorms(gy) {
      // Σ_{t,t'} [index_t = index_t'] (g_t·g_t'): the rows are one-hot, so their products say which tokens are equal.
      return [{ param: layer.weight, value: ghostContract(matmul(rows, transpose(rows, 1, 2)), reshape(gy, [b, t, -1])) }];
    },
    summed(gy) {
      return [{ param: layer.weight, value: matmul(transpose(reshape(rows, [b * t, v])), reshape(gy, [b * t, -1])) }];
    },
  };
}

/** x̂ = (x − E x)/√(Var x + eps) over `axes`, as the norm layers compute it. */
function normalise(x: Tensor, axes: number[], eps: number): Tensor {
  const centred = sub(x, mean(x, axes, true));
  return mul(centred, rsqrt(add(mean(square(centred), axes, true), eps)));
}

/** LayerNorm: gγ[b] = Σ_positions gy·x̂, gβ[b] = Σ_positions gy. */
function layerNormRule(layer: LayerNorm, input: Tensor): LayerGradientRule | null {
  if (layer.weight === null || layer.bias === null) return null;
  const k = layer.normalizedShape.length;
  if (input.rank <= k) {
    throw new ShapeError(`DP-SGD: LayerNorm needs a batch dimension before normalizedShape for per-example gradients, got ${formatShape(input.shape)}`);
  }
  const axes = Array.from({ length: k }, (_, i) => input.rank - k + i);
  const xHat = normalise(input, axes, layer.eps);
  const [weight, bias] = [layer.weight, layer.bias];
  return {
    perExample: (gy) => [
      { param: weight, value: sumMiddle(mul(gy, xHat), k) },
      { param: bias, value: sumMiddle(gy, k) },
    ],
  };
}

/** GroupNorm: x̂ per (example, group); gγ[b, c] = Σ_spatial gy·x̂, gβ[b, c] = Σ_spatial gy. */
function groupNormRule(layer: GroupNorm, input: Tensor): LayerGradientRule | null {
  if (layer.weight === null || layer.bias === null) return null;
  const [n, c] = [input.shape[0]!, input.shape[1]!];
  const xHat = reshape(normalise(reshape(input, [n, layer.numGroups, -1]), [2], layer.eps), [n, c, -1]);
  const [weight, bias] = [layer.weight, layer.bias];
  return {
    perExample: (gy) => [
      { param: weight, value: sum(mul(reshape(gy, [n, c, -1]), xHat), 2) },
      { param: bias, value: sum(reshape(gy, [n, c, -1]), 2) },
    ],
  };
}

/** Layer types with a per-example rule (MultiHeadAttention's own parameters go through {@link linearRule}). */
export const LAYERS_WITH_RULES = ['Linear', 'Conv1d', 'Conv2d', 'Embedding', 'LayerNorm', 'GroupNorm', 'MultiHeadAttention'] as const;

/** Whether `layer` is one of {@link LAYERS_WITH_RULES} (or a subclass). */
export function hasPerExampleRule(layer: object): boolean {
  return [Linear, Conv1d, Conv2d, Embedding, LayerNorm, GroupNorm, MultiHeadAttention].some((type) => layer instanceof type);
}

/**
 * The rule for a call of `layer` on `input`, or undefined when Sprout has no rule for the layer's
 * type (MultiHeadAttention is handled by the recorder, through its projections).
 */
export function ruleForCall(layer: object, input: Tensor): LayerGradientRule | null | undefined {
  if (layer instanceof Linear) return linearRule(layer.weight, layer.bias, input);
  if (layer instanceof Conv1d || layer instanceof Conv2d) return convRule(layer, input);
  if (layer instanceof Embedding) return embeddingRule(layer, input);
  if (layer instanceof LayerNorm) return layerNormRule(layer, input);
  if (layer instanceof GroupNorm) return groupNormRule(layer, input);
  return undefined;
}
