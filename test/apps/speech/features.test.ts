/**
 * The speech pipeline's signal processing: the FFT against the O(n²) DFT, the mel filterbank's
 * shape, and the log-mel spectrogram of a pure tone (its energy lands in the band around the
 * tone's frequency), plus the typed errors for another sample rate and an empty recording.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fft, hertzToMel, LogMelSpectrogram, melFilterbank, melToHertz } from '../../../src/apps/speech/index.js';
import { DataError, ValueError } from '../../../src/core/index.js';

describe('fft', () => {
  test('matches the direct DFT for lengths 1 to 256', () => {
    let seed = 12345;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
    for (const n of [1, 2, 4, 8, 64, 256]) {
      const xr = Float64Array.from({ length: n }, random);
      const xi = Float64Array.from({ length: n }, random);
      const re = xr.slice();
      const im = xi.slice();
      fft(re, im);
      for (let k = 0; k < n; k++) {
        let sr = 0;
        let si = 0;
        for (let t = 0; t < n; t++) {
          const a = (-2 * Math.PI * k * t) / n;
          sr += xr[t]! * Math.cos(a) - xi[t]! * Math.sin(a);
          si += xr[t]! * Math.sin(a) + xi[t]! * Math.cos(a);
        }
        assert.ok(Math.abs(re[k]! - sr) < 1e-9 * n && Math.abs(im[k]! - si) < 1e-9 * n, `n=${n}, k=${k}: (${re[k]}, ${im[k]}) vs (${sr}, ${si})`);
      }
    }
  });

  test('refuses a length that is not a power of two', () => {
    assert.throws(() => fft(new Float64Array(6), new Float64Array(6)), (e: Error) => e instanceof ValueError && /power of two, got 6/.test(e.message));
  });
});

describe('mel filterbank', () => {
  test('HTK mel scale round trip; triangles peak at 1 at their centres and cover the range', () => {
    assert.ok(Math.abs(hertzToMel(1000) - 1000) < 0.1); // the scale is anchored at 1 kHz ≈ 1000 mel
    assert.ok(Math.abs(melToHertz(hertzToMel(3210)) - 3210) < 1e-6);
    const w = melFilterbank(8000, 256, 20);
    assert.equal(w.length, 20 * 129);
    for (let b = 0; b < 20; b++) {
      const row = w.subarray(b * 129, (b + 1) * 129);
      const max = Math.max(...row);
      assert.ok(max > 0.5 && max <= 1, `band ${b} peaks at ${max}`);
    }
  });
});

describe('LogMelSpectrogram', () => {
  test('a 1 kHz tone puts its energy in the band whose centre is nearest 1 kHz', () => {
    const rate = 8000;
    const samples = Float32Array.from({ length: 4000 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 1000 * i) / rate));
    const features = new LogMelSpectrogram({ sampleRate: rate, normalize: false });
    const { data, frames, bands } = features.compute(samples, rate);
    assert.equal(bands, 40);
    assert.equal(frames, 1 + Math.floor((4000 - 200) / 80));
    const mid = Math.floor(frames / 2) * bands;
    let best = 0;
    for (let b = 1; b < bands; b++) if (data[mid + b]! > data[mid + best]!) best = b;
    const low = hertzToMel(20);
    const step = (hertzToMel(4000) - low) / (bands + 1);
    const centre = melToHertz(low + step * (best + 1));
    assert.ok(Math.abs(centre - 1000) < 100, `loudest band ${best} is centred at ${centre.toFixed(0)} Hz`);
  });

  test('normalised bands have mean 0 over the recording', () => {
    const samples = Float32Array.from({ length: 3000 }, (_, i) => Math.sin(i / 7) * Math.exp(-i / 2000));
    const { data, frames, bands } = new LogMelSpectrogram().compute(samples, 8000);
    for (let b = 0; b < bands; b++) {
      let sum = 0;
      for (let f = 0; f < frames; f++) sum += data[f * bands + b]!;
      assert.ok(Math.abs(sum / frames) < 1e-4);
    }
  });

  test('another sample rate or no samples is a DataError that says what to do', () => {
    const features = new LogMelSpectrogram({ sampleRate: 8000 });
    assert.throws(() => features.compute(new Float32Array(1000), 16000), (e: Error) => e instanceof DataError && /16000 Hz.*8000 Hz; resample it first/.test(e.message));
    assert.throws(() => features.compute(new Float32Array(0), 8000), DataError);
  });
});
