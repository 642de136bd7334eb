/**
 * LogMelSpectrogram: audio samples → log mel-band energies per frame, the usual input of a
 * spoken-command network (Sainath & Parada 2015; Warden 2018, "Speech Commands"). Frames of
 * `frameLength` samples every `hop` samples, a Hann window, the power spectrum by {@link fft}
 * (zero-padded to `fftSize`), a {@link melFilterbank}, then ln(energy + 1e-6). With `normalize`
 * each band's mean over the utterance is subtracted (cepstral mean normalisation, which removes
 * the microphone's and the speaker's constant colouring).
 *
 * Shapes (`F` frames, `M` mel bands): samples [T] → features [F × M], frame-major.
 */
import { DataError, ValueError } from '../../core/index.js';
import { fft } from './fft.js';
import { melFilterbank } from './mel-filterbank.js';

/** Settings of {@link LogMelSpectrogram} (all in samples except the rates and frequencies). */
export interface LogMelSpectrogramOptions {
  /** Sample rate the features are made for (default 8000, FSDD's). */
  readonly sampleRate?: number;
  /** Samples per frame (default 25 ms). */
  readonly frameLength?: number;
  /** Samples between frame starts (default 10 ms). */
  readonly hop?: number;
  /** FFT length, a power of two ≥ frameLength (default: the next one). */
  readonly fftSize?: number;
  /** Mel bands (default 40). */
  readonly bands?: number;
  /** Lowest filter edge in Hz (default 20). */
  readonly minHz?: number;
  /** Subtract each band's mean over the utterance (default true). */
  readonly normalize?: boolean;
}

/** The log-mel features of one recording. */
export interface Spectrogram {
  /** [frames × bands], frame-major. */
  readonly data: Float32Array;
  readonly frames: number;
  readonly bands: number;
}

/**
 * @example
 * const features = new LogMelSpectrogram({ sampleRate: 8000 });
 * const { data, frames } = features.compute(samples, 8000); // frames ≈ 1 + (T − 200) / 80
 */
export class LogMelSpectrogram {
  readonly settings: Required<LogMelSpectrogramOptions>;
  private readonly filters: Float32Array;
  private readonly window: Float64Array;

  /** @throws ValueError for non-positive sizes or an FFT size below the frame length or not a power of two. */
  constructor(options: LogMelSpectrogramOptions = {}) {
    const sampleRate = options.sampleRate ?? 8000;
    const frameLength = options.frameLength ?? Math.round(sampleRate * 0.025);
    let fftSize = options.fftSize ?? 1;
    if (options.fftSize === undefined) while (fftSize < frameLength) fftSize *= 2;
    this.settings = {
      sampleRate,
      frameLength,
      hop: options.hop ?? Math.round(sampleRate * 0.01),
      fftSize,
      bands: options.bands ?? 40,
      minHz: options.minHz ?? 20,
      normalize: options.normalize ?? true,
    };
    const s = this.settings;
    for (const name of ['frameLength', 'hop', 'bands'] as const) {
      if (!Number.isInteger(s[name]) || s[name] < 1) throw new ValueError(`LogMelSpectrogram: ${name} must be a positive integer, got ${s[name]}`);
    }
    if ((fftSize & (fftSize - 1)) !== 0 || fftSize < frameLength) throw new ValueError(`LogMelSpectrogram: fftSize must be a power of two ≥ frameLength (${frameLength}), got ${fftSize}`);
    this.filters = melFilterbank(sampleRate, fftSize, s.bands, s.minHz);
    // Periodic Hann window (as torch.hann_window / scipy's 'hann' with sym=False).
    this.window = Float64Array.from({ length: frameLength }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / frameLength));
  }

  /**
   * The features of one mono recording.
   *
   * @param samples Mono samples in [−1, 1].
   * @param sampleRate Their rate; must equal the configured one.
   * @throws DataError for another sample rate or no samples.
   */
  compute(samples: Float32Array, sampleRate: number): Spectrogram {
    const s = this.settings;
    if (sampleRate !== s.sampleRate) throw new DataError(`LogMelSpectrogram: the audio is ${sampleRate} Hz, the features are made for ${s.sampleRate} Hz; resample it first`);
    if (samples.length === 0) throw new DataError('LogMelSpectrogram: the recording has no samples');
    const frames = Math.max(1, 1 + Math.floor((samples.length - s.frameLength) / s.hop));
    const bins = s.fftSize / 2 + 1;
    const data = new Float32Array(frames * s.bands);
    const re = new Float64Array(s.fftSize);
    const im = new Float64Array(s.fftSize);
    const power = new Float64Array(bins);
    for (let f = 0; f < frames; f++) {
      re.fill(0);
      im.fill(0);
      const start = f * s.hop;
      for (let i = 0; i < s.frameLength && start + i < samples.length; i++) re[i] = samples[start + i]! * this.window[i]!;
      fft(re, im);
      for (let k = 0; k < bins; k++) power[k] = re[k]! * re[k]! + im[k]! * im[k]!;
      for (let b = 0; b < s.bands; b++) {
        let energy = 0;
        for (let k = 0; k < bins; k++) energy += this.filters[b * bins + k]! * power[k]!;
        data[f * s.bands + b] = Math.log(energy + 1e-6);
      }
    }
    if (s.normalize) {
      for (let b = 0; b < s.bands; b++) {
        let mean = 0;
        for (let f = 0; f < frames; f++) mean += data[f * s.bands + b]!;
        mean /= frames;
        for (let f = 0; f < frames; f++) data[f * s.bands + b]! -= mean;
      }
    }
    return { data, frames, bands: s.bands };
  }
}
