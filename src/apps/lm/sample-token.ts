/**
 * sampleToken: picks the next token from a model's logits — temperature scaling (Ackley, Hinton &
 * Sejnowski 1985's Boltzmann temperature, as every LM sampler uses it), then optionally only the
 * k most likely tokens (top-k sampling, Fan, Lewis & Dauphin 2018), then one draw.
 */
import { ValueError } from '../../core/index.js';

/** How to sample. */
export interface SamplingOptions {
  /** > 0 divides the logits (below 1: safer text, above 1: more varied); 0 takes the most likely token. Default 1. */
  readonly temperature?: number;
  /** Sample among the k most likely tokens only (default: all). */
  readonly topK?: number;
}

/**
 * Checks sampling options.
 *
 * @throws ValueError for a negative or non-finite temperature or a top-k that is not a positive integer.
 */
export function checkSamplingOptions(op: string, options: SamplingOptions): void {
  const t = options.temperature ?? 1;
  if (!(Number.isFinite(t) && t >= 0)) throw new ValueError(`${op}: temperature must be a finite number >= 0, got ${t}`);
  if (options.topK !== undefined && !(Number.isInteger(options.topK) && options.topK >= 1)) throw new ValueError(`${op}: topK must be a positive integer, got ${options.topK}`);
}

/**
 * The index of the sampled token.
 *
 * @param logits Unnormalised log-probabilities of the V tokens.
 * @param uniform A uniform number in [0, 1) (from a seeded generator, so runs repeat).
 * @param options Temperature and top-k.
 * @example
 * sampleToken([2, 1, 0.5], 0.3, { temperature: 0.8, topK: 2 }); // 0 or 1
 */
export function sampleToken(logits: ArrayLike<number>, uniform: number, options: SamplingOptions = {}): number {
  const v = logits.length;
  const temperature = options.temperature ?? 1;
  let order = Array.from({ length: v }, (_, i) => i);
  if (temperature === 0) return order.reduce((best, i) => (logits[i]! > logits[best]! ? i : best), 0);
  if (options.topK !== undefined && options.topK < v) order = order.sort((a, b) => logits[b]! - logits[a]! || a - b).slice(0, options.topK);
  let max = -Infinity;
  for (const i of order) max = Math.max(max, logits[i]!);
  const weights = order.map((i) => Math.exp((logits[i]! - max) / temperature));
  const total = weights.reduce((s, w) => s + w, 0);
  let target = uniform * total;
  for (let j = 0; j < order.length; j++) {
    target -= weights[j]!;
    if (target < 0) return order[j]!;
  }
  return order[order.length - 1]!;
}
