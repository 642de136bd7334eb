/**
 * A small seeded random stream for index-level randomness: shuffling, negative sampling (recommend),
 * augmentation draws (image).
 */

/**
 * Uniform numbers in [0, 1) from mulberry32 (Tommy Ettinger's 32-bit generator): index-level
 * randomness (which rating goes in which batch, which item is a negative) needs no tensors, and a
 * plain function keeps these loops fast. The same seed gives the same stream everywhere.
 *
 * @example
 * const random = seededRandom(0);
 * random(); // 0.26642920868471265
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
