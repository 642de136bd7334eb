/**
 * Attention maps: the attention weights softmax(QKᵀ/√d) of every MultiHeadAttention layer inside
 * a model, for one input — which tokens each position looked at. They show where information was
 * routed, not why the output is what it is (Jain & Wallace 2019, "Attention is not Explanation"),
 * so they complement, not replace, the attribution methods. Read through the layers'
 * `weightsObserver`, so any model built from MultiHeadAttention or TransformerEncoderLayer works
 * without changing its forward.
 */
import { noGrad, type Tensor, ValueError } from '../core/index.js';
import { type Module, MultiHeadAttention } from '../nn/index.js';
import { Model } from '../train/index.js';
import { inEvalMode } from './predictor.js';

/** One attention layer's weights for the explained input. */
export interface AttentionMap {
  /** The layer's dotted name in the model ('layers.0.self_attn'). */
  readonly layer: string;
  readonly heads: number;
  /** Query length L. */
  readonly queries: number;
  /** Key length S. */
  readonly keys: number;
  /** Per head, [h][L][S]: row i is how query i spreads its attention over the keys (sums to 1). */
  readonly weights: number[][][];
  /** The mean over heads, [L][S] (PyTorch's average_attn_weights). */
  readonly average: number[][];
}

/**
 * Runs the model on one example and returns the attention weights of each of its attention layers,
 * in the order they ran (a layer that runs twice appears twice).
 *
 * @param model A Model or Module containing MultiHeadAttention layers.
 * @param x One example without batch dimension (e.g. token ids [T] int32, or embeddings [T, E]).
 * @throws ValueError when the model has no MultiHeadAttention layer.
 * @example
 * const maps = attentionMaps(textModel, tensor([5, 9, 12, 0], { dtype: 'int32' }));
 * maps[0].average; // [T][T]
 */
export function attentionMaps(model: Model | Module, x: Tensor): AttentionMap[] {
  const module = model instanceof Model ? model.module : model;
  const layers = [...module.namedModules()].filter((entry): entry is [string, MultiHeadAttention] => entry[1] instanceof MultiHeadAttention);
  if (layers.length === 0) throw new ValueError(`attentionMaps: the model (${module.typeName}) has no MultiHeadAttention layer`);
  const maps: AttentionMap[] = [];
  try {
    for (const [name, layer] of layers) layer.weightsObserver = (w) => maps.push(toMap(name, w));
    inEvalMode(module, () => noGrad(() => model.forward(x.unsqueeze(0))));
  } finally {
    for (const [, layer] of layers) layer.weightsObserver = null;
  }
  return maps;
}

/** [N, h, L, S] (first example) or [h, L, S] weights as nested arrays. */
function toMap(layer: string, weights: Tensor): AttentionMap {
  const [h, l, s] = weights.shape.slice(-3) as [number, number, number];
  const data = weights.dataSync();
  const at = (head: number, i: number, j: number): number => data[(head * l + i) * s + j]!;
  const perHead = Array.from({ length: h }, (_, head) => Array.from({ length: l }, (_, i) => Array.from({ length: s }, (_, j) => at(head, i, j))));
  const average = Array.from({ length: l }, (_, i) => Array.from({ length: s }, (_, j) => perHead.reduce((acc, m) => acc + m[i]![j]!, 0) / h));
  return { layer, heads: h, queries: l, keys: s, weights: perHead, average };
}
