/**
 * Turns structured pruning into a smaller network: the neurons that structured pruning zeroed
 * (weight row and bias all zero) are removed from their Linear layer, together with the matching
 * input columns of the next Linear, so the saved file and the compute shrink with the sparsity.
 *
 * A removed neuron's output is act(0) for whatever elementwise layers follow it (0 for ReLU, 0.5
 * for Sigmoid), a constant; its contribution act(0)·W_next[:, j] is folded into the next layer's
 * bias, so the smaller network computes exactly what the pruned one did.
 *
 * Scope: a Sequential whose Linear layers are separated only by elementwise layers (activations,
 * Dropout). Convolutions, normalisation layers and other containers are not handled: the model is
 * returned unchanged when it does not have that form.
 */
import { noGrad, tensor, zeros } from '../core/index.js';
import { Linear, type Module, Sequential } from '../nn/index.js';
import { cloneModule } from './clone-module.js';

/** Layers that act on each element alone, by registered name. */
const ELEMENTWISE = new Set(['ReLU', 'LeakyReLU', 'Sigmoid', 'Tanh', 'GELU', 'Dropout']);

/** What {@link removePrunedNeurons} returns. */
export interface ShrunkModule {
  /** The smaller model (a new module), or a copy of the input when nothing could be removed. */
  readonly module: Module;
  /** Neurons removed, over all layers. */
  readonly removedNeurons: number;
}

/**
 * Removes all-zero neurons (zero weight row and zero bias) of the hidden Linear layers of a
 * Sequential MLP, folding their constant output into the next layer's bias.
 *
 * @param module The pruned model (typically after `pruneMagnitude(…, { structured: true })` and
 *   `removePruning()`); it is not changed.
 * @returns The smaller copy and how many neurons went.
 * @example
 * pruneMagnitude(model.module, { sparsity: 0.5, structured: true }).removePruning();
 * const { module } = removePrunedNeurons(model.module); // hidden layers half as wide
 */
export function removePrunedNeurons(module: Module): ShrunkModule {
  const copy = cloneModule(module);
  if (!(copy instanceof Sequential)) return { module: copy, removedNeurons: 0 };
  const layers = Array.from({ length: copy.length }, (_, i) => copy.at(i));
  const linearAt = layers.map((l, i) => (l instanceof Linear ? i : -1)).filter((i) => i >= 0);
  const chainable = layers.every((l) => l instanceof Linear || ELEMENTWISE.has(l.typeName));
  if (!chainable || linearAt.length < 2) return { module: copy, removedNeurons: 0 };
  copy.eval();
  let removed = 0;
  return noGrad(() => {
    for (let n = 0; n + 1 < linearAt.length; n++) {
      const current = layers[linearAt[n]!] as Linear;
      const next = layers[linearAt[n + 1]!] as Linear;
      const weights = current.weight.toArray() as number[][];
      const bias = current.bias === null ? null : current.bias.dataSync();
      const keep = weights.map((row, j) => row.some((v) => v !== 0) || (bias !== null && bias[j] !== 0));
      const kept = keep.map((k, j) => (k ? j : -1)).filter((j) => j >= 0);
      if (kept.length === keep.length || kept.length === 0) continue;
      // act(0) through the elementwise layers between the two Linears.
      let zero = zeros([1, 1]);
      for (let i = linearAt[n]! + 1; i < linearAt[n + 1]!; i++) zero = layers[i]!.forward(zero);
      const constant = zero.item();
      const index = tensor(kept, { dtype: 'int32' });
      const dropped = tensor(keep.map((k, j) => (k ? -1 : j)).filter((j) => j >= 0), { dtype: 'int32' });
      const smaller = new Linear(current.inFeatures, kept.length, { bias: current.bias !== null });
      smaller.weight.assign_(current.weight.indexSelect(0, index));
      if (current.bias !== null) smaller.bias!.assign_(current.bias.indexSelect(0, index));
      const narrower = new Linear(kept.length, next.outFeatures, { bias: next.bias !== null || constant !== 0 });
      narrower.weight.assign_(next.weight.indexSelect(1, index));
      const folded = next.weight.indexSelect(1, dropped).sum(1).mul(constant);
      if (narrower.bias !== null) narrower.bias.assign_(next.bias === null ? folded : next.bias.add(folded));
      layers[linearAt[n]!] = smaller;
      layers[linearAt[n + 1]!] = narrower;
      removed += keep.length - kept.length;
    }
    const shrunk = new Sequential(...layers);
    shrunk.train(module.training);
    return { module: shrunk, removedNeurons: removed };
  });
}
