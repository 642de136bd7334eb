/**
 * A mel filterbank: triangular filters spaced evenly on the mel scale (Stevens, Volkmann & Newman
 * 1937; the HTK formula mel = 2595·log10(1 + f/700)), each rising from the centre of the previous
 * filter to its own centre and falling to the next, with peak 1 — librosa's `mel(htk=True,
 * norm=None)`. Applied to a power spectrum it gives the energy per band, as the ear groups them.
 */
import { ValueError } from '../../core/index.js';

/** Hertz → mel (HTK). */
export function hertzToMel(hz: number): number {
  return 2595 * Math.log10(1 + hz / 700);
}

/** Mel → hertz (HTK). */
export function melToHertz(mel: number): number {
  return 700 * (10 ** (mel / 2595) - 1);
}

/**
 * Filter weights [bands × (fftSize/2 + 1)], row-major.
 *
 * @param sampleRate Samples per second.
 * @param fftSize FFT length (the spectrum has fftSize/2 + 1 bins).
 * @param bands Number of filters.
 * @param minHz Lowest edge (default 0).
 * @param maxHz Highest edge (default sampleRate / 2).
 * @throws ValueError for non-positive sizes or edges outside [0, sampleRate / 2].
 * @example
 * const weights = melFilterbank(8000, 256, 40); // 40 × 129
 */
export function melFilterbank(sampleRate: number, fftSize: number, bands: number, minHz = 0, maxHz = sampleRate / 2): Float32Array {
  if (!(sampleRate > 0) || !Number.isInteger(fftSize) || fftSize < 2 || !Number.isInteger(bands) || bands < 1) {
    throw new ValueError(`melFilterbank: need sampleRate > 0, fftSize ≥ 2 and bands ≥ 1, got ${sampleRate}, ${fftSize}, ${bands}`);
  }
  if (!(minHz >= 0 && minHz < maxHz && maxHz <= sampleRate / 2)) throw new ValueError(`melFilterbank: need 0 ≤ minHz < maxHz ≤ ${sampleRate / 2}, got ${minHz}, ${maxHz}`);
  const bins = fftSize / 2 + 1;
  const low = hertzToMel(minHz);
  const high = hertzToMel(maxHz);
  const edges = Array.from({ length: bands + 2 }, (_, i) => melToHertz(low + ((high - low) * i) / (bands + 1)));
  const weights = new Float32Array(bands * bins);
  for (let b = 0; b < bands; b++) {
    const [left, centre, right] = [edges[b]!, edges[b + 1]!, edges[b + 2]!];
    for (let k = 0; k < bins; k++) {
      const hz = (k * sampleRate) / fftSize;
      const up = (hz - left) / (centre - left);
      const down = (right - hz) / (right - centre);
      weights[b * bins + k] = Math.max(0, Math.min(up, down));
    }
  }
  return weights;
}
