/**
 * The fast Fourier transform (Cooley & Tukey 1965), iterative radix-2 decimation in time: bit-
 * reversal permutation, then log2(n) passes of butterflies. n must be a power of two, which the
 * spectrogram guarantees by zero-padding frames to its FFT size. Tested against the O(n²) DFT.
 */
import { ValueError } from '../../core/index.js';

/**
 * Transforms (re, im) in place: X[k] = Σ_t x[t] · e^(−2πi·k·t/n).
 *
 * @throws ValueError when the arrays differ in length or the length is not a power of two.
 * @example
 * const re = Float64Array.from([1, 0, 0, 0]), im = new Float64Array(4);
 * fft(re, im); // re = [1, 1, 1, 1], im = [0, 0, 0, 0]
 */
export function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  if (im.length !== n) throw new ValueError(`fft: re has ${n} values but im has ${im.length}`);
  if (n === 0 || (n & (n - 1)) !== 0) throw new ValueError(`fft: length must be a power of two, got ${n}`);
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1;
    const angle = (-2 * Math.PI) / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < half; k++) {
        const wr = Math.cos(angle * k);
        const wi = Math.sin(angle * k);
        const a = start + k;
        const b = a + half;
        const tr = re[b]! * wr - im[b]! * wi;
        const ti = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - tr;
        im[b] = im[a]! - ti;
        re[a]! += tr;
        im[a]! += ti;
      }
    }
  }
}
