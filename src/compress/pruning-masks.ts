/**
 * Magnitude pruning (Han et al. 2015, "Learning both Weights and Connections"; Li et al. 2017,
 * "Pruning Filters for Efficient ConvNets" for whole channels): the weights of smallest magnitude
 * are set to zero and a mask keeps them at zero while the model is fine-tuned.
 *
 * - unstructured: individual weights of Linear, Conv1d and Conv2d layers, ranked by |w| either over
 *   all those layers together ('global', PyTorch's global_unstructured) or within each ('layer').
 *   Exactly round(sparsity · n) weights are zeroed (ties broken by position).
 * - structured: whole output channels (neurons of a Linear, filters of a conv), ranked by the L1
 *   (default) or L2 norm of their weights, round(sparsity · O) per layer; the channel's bias is
 *   zeroed with it. The last prunable layer is left whole, since its outputs are the model's.
 *
 * Unlike PyTorch's reparametrisation (weight = weight_orig · mask), the zeros are written into the
 * weights themselves and the masks are re-applied after every optimiser step (PruningCallback or
 * `apply()` in a custom loop), so the model stays an ordinary, saveable module throughout.
 */
import { noGrad, type Tensor, tensor, ValueError, where } from '../core/index.js';
import { Conv1d, Conv2d, Linear, type Module } from '../nn/index.js';

/** Options of {@link pruneMagnitude}. */
export interface PruneOptions {
  /** Fraction of the weights (unstructured) or output channels (structured) to remove, in [0, 1). */
  readonly sparsity: number;
  /** Remove whole output channels instead of single weights (default false). */
  readonly structured?: boolean;
  /** Unstructured ranking over all layers ('global', the default) or within each ('layer'). */
  readonly scope?: 'global' | 'layer';
  /** Channel norm for structured pruning: 1 (default) or 2. */
  readonly norm?: 1 | 2;
  /** Parameter names (dotted, e.g. '0.weight') to leave alone. */
  readonly exclude?: readonly string[];
}

/** One pruned layer: its weight (and bias) and the masks that hold their zeros. */
export interface PrunedLayer {
  /** The weight's dotted name. */
  readonly name: string;
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  /** true where a weight is kept, false where it is pruned (bool, the weight's shape). */
  mask: Tensor;
  /** For structured pruning: the bias mask (null otherwise). */
  biasMask: Tensor | null;
}

/** Sparsity of the pruned weights. */
export interface SparsityReport {
  /** Zero weights / weights, over every pruned layer. */
  readonly overall: number;
  /** Per layer, by weight name. */
  readonly layers: Readonly<Record<string, number>>;
}

/** The prunable layers of a module tree, in order, with their dotted weight names. */
export function prunableLayers(module: Module): { name: string; layer: Linear | Conv1d | Conv2d }[] {
  const found: { name: string; layer: Linear | Conv1d | Conv2d }[] = [];
  for (const [prefix, m] of module.namedModules()) {
    if (m instanceof Linear || m instanceof Conv1d || m instanceof Conv2d) found.push({ name: prefix === '' ? 'weight' : `${prefix}.weight`, layer: m });
  }
  return found;
}

/** Indices of the `k` smallest scores, ties broken by lower index first. */
function smallest(scores: Float64Array, k: number): Uint8Array {
  const pruned = new Uint8Array(scores.length);
  if (k <= 0) return pruned;
  const order = Array.from(scores.keys()).sort((a, b) => scores[a]! - scores[b]! || a - b);
  for (let i = 0; i < k; i++) pruned[order[i]!] = 1;
  return pruned;
}

/**
 * The masks of a pruned model. Created by {@link pruneMagnitude}; `apply()` after each optimiser
 * step keeps pruned weights at zero, `update()` moves to a new sparsity (gradual pruning),
 * `removePruning()` finalises.
 */
export class PruningMasks {
  private finalised = false;

  constructor(
    readonly layers: readonly PrunedLayer[],
    readonly options: PruneOptions,
  ) {}

  /** Writes zeros where the masks are 0 (inside noGrad). @throws ValueError after removePruning. */
  apply(): void {
    if (this.finalised) throw new ValueError('PruningMasks.apply: pruning was removed (finalised); prune again to get new masks');
    noGrad(() => {
      for (const l of this.layers) {
        // where, not multiply: a pruned negative weight becomes +0, not −0.
        l.weight.assign_(where(l.mask, l.weight, 0));
        if (l.bias !== null && l.biasMask !== null) l.bias.assign_(where(l.biasMask, l.bias, 0));
      }
    });
  }

  /**
   * Recomputes the masks by magnitude at a new sparsity (same structure, scope and norm) and applies
   * them. Weights already pruned are zero and so are pruned again first.
   *
   * @throws ValueError for a sparsity outside [0, 1), or after removePruning.
   */
  update(sparsity: number): void {
    if (this.finalised) throw new ValueError('PruningMasks.update: pruning was removed (finalised)');
    checkSparsity('PruningMasks.update', sparsity);
    const fresh = computeMasks(this.layers, { ...this.options, sparsity });
    this.layers.forEach((l, i) => {
      l.mask = fresh[i]!.mask;
      l.biasMask = fresh[i]!.biasMask;
    });
    this.apply();
  }

  /** The fraction of zero weights in the pruned layers, overall and per layer. */
  sparsity(): SparsityReport {
    let zeros = 0;
    let total = 0;
    const layers: Record<string, number> = {};
    for (const l of this.layers) {
      const values = l.weight.dataSync();
      let z = 0;
      for (let i = 0; i < values.length; i++) if (values[i] === 0) z++;
      layers[l.name] = z / values.length;
      zeros += z;
      total += values.length;
    }
    return { overall: total === 0 ? 0 : zeros / total, layers };
  }

  /**
   * Makes the pruning permanent (PyTorch's prune.remove): applies the masks one last time and drops
   * them, so later training may change every weight. The zeros stay in the weights.
   */
  removePruning(): void {
    this.apply();
    this.finalised = true;
    for (const l of this.layers) {
      l.mask = tensor(true);
      l.biasMask = null;
    }
  }

  /** True after {@link removePruning}. */
  get removed(): boolean {
    return this.finalised;
  }
}

function checkSparsity(op: string, sparsity: number): void {
  if (typeof sparsity !== 'number' || !(sparsity >= 0 && sparsity < 1)) throw new ValueError(`${op}: sparsity must be a number in [0, 1), got ${sparsity}`);
}

/** Masks for `layers` at `options.sparsity`, from the weights' current values. */
function computeMasks(layers: readonly PrunedLayer[], options: PruneOptions): { mask: Tensor; biasMask: Tensor | null }[] {
  const values = layers.map((l) => l.weight.dataSync());
  const maskOf = (l: PrunedLayer, keep: Uint8Array): Tensor => tensor(keep, { shape: l.weight.shape, dtype: 'bool' });
  if (options.structured === true) {
    const p = options.norm ?? 1;
    return layers.map((l, i) => {
      const w = values[i]!;
      const channels = l.weight.shape[0]!;
      const per = w.length / channels;
      const scores = new Float64Array(channels);
      for (let c = 0; c < channels; c++) {
        let s = 0;
        for (let j = c * per; j < (c + 1) * per; j++) s += p === 1 ? Math.abs(w[j]!) : w[j]! * w[j]!;
        scores[c] = s;
      }
      const pruned = smallest(scores, Math.round(options.sparsity * channels));
      const keep = new Uint8Array(w.length);
      for (let j = 0; j < w.length; j++) keep[j] = pruned[Math.floor(j / per)] === 1 ? 0 : 1;
      const biasKeep = Uint8Array.from(pruned, (v) => 1 - v);
      return { mask: maskOf(l, keep), biasMask: l.bias === null ? null : tensor(biasKeep, { dtype: 'bool' }) };
    });
  }
  const masksFrom = (pruned: Uint8Array, offset: number, l: PrunedLayer, n: number): Tensor => {
    const keep = new Uint8Array(n);
    for (let j = 0; j < n; j++) keep[j] = pruned[offset + j] === 1 ? 0 : 1;
    return maskOf(l, keep);
  };
  if ((options.scope ?? 'global') === 'layer') {
    return layers.map((l, i) => {
      const w = values[i]!;
      const pruned = smallest(Float64Array.from(w, Math.abs), Math.round(options.sparsity * w.length));
      return { mask: masksFrom(pruned, 0, l, w.length), biasMask: null };
    });
  }
  const total = values.reduce((n, w) => n + w.length, 0);
  const all = new Float64Array(total);
  let at = 0;
  for (const w of values) for (let j = 0; j < w.length; j++) all[at++] = Math.abs(w[j]!);
  const pruned = smallest(all, Math.round(options.sparsity * total));
  let offset = 0;
  return layers.map((l, i) => {
    const n = values[i]!.length;
    const mask = masksFrom(pruned, offset, l, n);
    offset += n;
    return { mask, biasMask: null };
  });
}

/**
 * Prunes `module` in place by weight magnitude and returns the masks that keep it pruned.
 *
 * @param module The model (its Linear, Conv1d and Conv2d weights are pruned).
 * @param options Target sparsity, structured or not, scope, norm, exclusions.
 * @throws ValueError for a sparsity outside [0, 1), an unknown scope or norm, or a model without
 *   prunable layers.
 * @example
 * const masks = pruneMagnitude(model.module, { sparsity: 0.8 });
 * await model.fit(x, y, { epochs: 2, callbacks: [new PruningCallback(masks)] });
 * masks.removePruning();
 */
export function pruneMagnitude(module: Module, options: PruneOptions): PruningMasks {
  checkSparsity('pruneMagnitude', options.sparsity);
  if (options.scope !== undefined && options.scope !== 'global' && options.scope !== 'layer') {
    throw new ValueError(`pruneMagnitude: scope must be 'global' or 'layer', got ${JSON.stringify(options.scope)}`);
  }
  if (options.norm !== undefined && options.norm !== 1 && options.norm !== 2) throw new ValueError(`pruneMagnitude: norm must be 1 or 2, got ${JSON.stringify(options.norm)}`);
  const exclude = new Set(options.exclude ?? []);
  let found = prunableLayers(module);
  // The last layer's output channels are the model's outputs (classes): never remove them.
  if (options.structured === true) found = found.slice(0, -1);
  found = found.filter((f) => !exclude.has(f.name));
  if (found.length === 0) {
    throw new ValueError(`pruneMagnitude: no ${options.structured === true ? 'Linear or conv layer before the last one' : 'Linear or conv layer'} to prune`);
  }
  const layers: PrunedLayer[] = found.map(({ name, layer }) => ({ name, weight: layer.weight, bias: layer.bias, mask: tensor(true), biasMask: null }));
  const masks = new PruningMasks(layers, { ...options });
  masks.update(options.sparsity);
  return masks;
}
