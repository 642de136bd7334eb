/** Deterministic test data for the wasm backend's tests (an LCG; no generator state shared). */

/** `n` float32 values in [-2, 2) from `seed`. */
export function randomFloat32(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32) * 4 - 2;
  }
  return out;
}
