/**
 * Philox4x32-10 counter-based random numbers (Salmon, Moraes, Dror & Shaw, "Parallel random
 * numbers: as easy as 1, 2, 3", SC 2011) and the uniform / normal recipes of the kernel contract.
 *
 * Shape legend: a block is 4 words of 32 bits; the stream's block `counter + j` gives words
 * 4j … 4j+3; `size` is the number of draws.
 *
 * Everything is 32-bit integer arithmetic on JS numbers (kept unsigned with `>>> 0`), so the words
 * are the same on every backend and every engine; see `KernelBackend.random` in contract.ts.
 */

import type { DType, RandomStream } from '../contract.js';

// Multipliers and Weyl key increments from the paper (Random123's PHILOX_M4x32_* / PHILOX_W32_*).
const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;
const ROUNDS = 10;

/**
 * High 32 bits of the 64-bit product of two unsigned 32-bit words.
 * JS has no 64-bit integer multiply on numbers, so split each factor into 16-bit halves: every
 * partial product is below 2⁵³ and exact in a double (the low half comes from `Math.imul`).
 */
export function mulHi32(a: number, b: number): number {
  const aHi = a >>> 16;
  const aLo = a & 0xffff;
  const bHi = b >>> 16;
  const bLo = b & 0xffff;
  // a·b = aHi·bHi·2³² + (aHi·bLo + aLo·bHi)·2¹⁶ + aLo·bLo; `middle` collects bits 16 and up.
  const middle = aHi * bLo + aLo * bHi + ((aLo * bLo) >>> 16);
  return (aHi * bHi + Math.floor(middle / 0x10000)) >>> 0;
}

/**
 * One Philox4x32-10 block: 10 rounds of the Philox S-box on a 4-word counter under a 2-word key.
 * Writes the 4 output words (unsigned) to `out[at…at+3]`.
 *
 * @param counter - 4 unsigned 32-bit words.
 * @param key - 2 unsigned 32-bit words.
 * @example
 * const out = new Uint32Array(4);
 * philox4x32(0, 0, 0, 0, 0, 0, out, 0); // out = 6627e8d5 e169c58d bc57ac4c 9b00dbd8 (Random123 KAT)
 */
export function philox4x32(
  c0: number,
  c1: number,
  c2: number,
  c3: number,
  k0: number,
  k1: number,
  out: Uint32Array,
  at: number,
): void {
  let x0 = c0 >>> 0;
  let x1 = c1 >>> 0;
  let x2 = c2 >>> 0;
  let x3 = c3 >>> 0;
  let key0 = k0 >>> 0;
  let key1 = k1 >>> 0;
  for (let round = 0; round < ROUNDS; round++) {
    // The key schedule bumps the key before every round but the first.
    if (round > 0) {
      key0 = (key0 + W0) >>> 0;
      key1 = (key1 + W1) >>> 0;
    }
    const hi0 = mulHi32(M0, x0);
    const lo0 = Math.imul(M0, x0) >>> 0;
    const hi1 = mulHi32(M1, x2);
    const lo1 = Math.imul(M1, x2) >>> 0;
    x0 = (hi1 ^ x1 ^ key0) >>> 0;
    x1 = lo1;
    x2 = (hi0 ^ x3 ^ key1) >>> 0;
    x3 = lo0;
  }
  out[at] = x0;
  out[at + 1] = x1;
  out[at + 2] = x2;
  out[at + 3] = x3;
}

/**
 * The first `count` 32-bit words of a stream: block `counter + j` (counter words
 * [lo32, hi32, 0, 0], key `stream.key`) gives words 4j … 4j+3.
 */
export function philoxWords(stream: RandomStream, count: number): Uint32Array {
  const blocks = Math.ceil(count / 4);
  const words = new Uint32Array(blocks * 4);
  const [k0, k1] = stream.key;
  for (let j = 0; j < blocks; j++) {
    const c = stream.counter + j;
    philox4x32(c % 0x100000000, Math.floor(c / 0x100000000), 0, 0, k0, k1, words, 4 * j);
  }
  return count === words.length ? words : words.subarray(0, count);
}

const TWO_POW_M24 = 2 ** -24;
const TWO_POW_M53 = 2 ** -53;
const TWO_POW_26 = 2 ** 26;

/**
 * `size` uniform draws in [0, 1), exactly representable in `dtype`:
 * float32 draw i = (wᵢ >>> 8)·2⁻²⁴; float64 draw i = ((w₂ᵢ >>> 5)·2²⁶ + (w₂ᵢ₊₁ >>> 6))·2⁻⁵³.
 */
export function uniformDraws(dtype: DType, size: number, stream: RandomStream): Float64Array {
  const out = new Float64Array(size);
  if (dtype === 'float64') {
    const w = philoxWords(stream, 2 * size);
    for (let i = 0; i < size; i++) out[i] = ((w[2 * i]! >>> 5) * TWO_POW_26 + (w[2 * i + 1]! >>> 6)) * TWO_POW_M53;
  } else {
    const w = philoxWords(stream, size);
    for (let i = 0; i < size; i++) out[i] = (w[i]! >>> 8) * TWO_POW_M24;
  }
  return out;
}

/**
 * `size` standard normal draws by Box–Muller (Box & Muller 1958): draws 2k and 2k+1 come from
 * uniforms u₁ = 2k, u₂ = 2k+1 as r·cos 2πu₂ and r·sin 2πu₂ with r = √(−2 ln(1 − u₁)).
 * `1 − u₁` lies in (0, 1], so the log is finite. An odd `size` drops the last sine.
 * The arithmetic is done in doubles; the caller rounds to `dtype` on store.
 */
export function normalDraws(dtype: DType, size: number, stream: RandomStream): Float64Array {
  const u = uniformDraws(dtype, size + (size % 2), stream);
  const out = new Float64Array(size);
  for (let k = 0; 2 * k < size; k++) {
    const r = Math.sqrt(-2 * Math.log(1 - u[2 * k]!));
    const theta = 2 * Math.PI * u[2 * k + 1]!;
    out[2 * k] = r * Math.cos(theta);
    if (2 * k + 1 < size) out[2 * k + 1] = r * Math.sin(theta);
  }
  return out;
}
