/**
 * KeyValueCache: the keys and values each attention layer has already computed during generation,
 * so the next token costs one position's work instead of the whole prefix's (the "KV cache" of
 * every Transformer decoder, e.g. Pope et al. 2022, "Efficiently Scaling Transformer Inference").
 *
 * Shapes (`N` batch, `h` heads, `S` cached positions, `d` head width): keys and values [N, h, S, d]
 * per layer.
 */
import { concat, type Tensor } from '../../core/index.js';

/**
 * @example
 * const cache = new KeyValueCache(4);
 * model.forwardCached(ids, cache); // fills it; cache.length === ids.shape[1]
 */
export class KeyValueCache {
  private readonly keys: (Tensor | null)[];
  private readonly values: (Tensor | null)[];

  /** @param layers Attention layers of the model. */
  constructor(readonly layers: number) {
    this.keys = new Array<Tensor | null>(layers).fill(null);
    this.values = new Array<Tensor | null>(layers).fill(null);
  }

  /** Positions cached so far. */
  get length(): number {
    return this.keys[0]?.shape[2] ?? 0;
  }

  /**
   * Appends the keys and values of new positions to layer `layer` and returns everything cached there.
   *
   * @param key [N, h, t, d] of the new positions; value likewise.
   */
  append(layer: number, key: Tensor, value: Tensor): { key: Tensor; value: Tensor } {
    const k = this.keys[layer];
    const v = this.values[layer];
    const keys = k === null || k === undefined ? key : concat([k, key], 2);
    const values = v === null || v === undefined ? value : concat([v, value], 2);
    this.keys[layer] = keys;
    this.values[layer] = values;
    return { key: keys, value: values };
  }

  /** Forgets every position (a new sequence, or a window that slid). */
  clear(): void {
    this.keys.fill(null);
    this.values.fill(null);
  }
}
