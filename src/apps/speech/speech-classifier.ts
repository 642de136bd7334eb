/**
 * SpeechClassifier: a trained spoken-command recogniser — the log-mel feature settings, the
 * fixed number of frames, the {@link SpeechCnn} and the labels — that predicts the command of a
 * recording, reports accuracy, macro F1 and the confusion matrix, and saves as one Sprout model
 * whose metadata holds everything besides the weights.
 */
import { DataError, ModelFormatError, noGrad, softmax, type Tensor, tensor, ValueError } from '../../core/index.js';
import { Accuracy, ConfusionMatrix, F1Score } from '../../metrics/index.js';
import type { JsonValue } from '../../nn/index.js';
import type { Model } from '../../train/index.js';
import { LogMelSpectrogram, type LogMelSpectrogramOptions } from './log-mel-spectrogram.js';
import './speech-cnn.js'; // registers the layer so saved models load

/** Mono audio. */
export interface Recording {
  /** Samples in [−1, 1]. */
  readonly samples: Float32Array;
  readonly sampleRate: number;
}

/** One prediction. */
export interface SpeechPrediction {
  readonly label: string;
  /** Probability of `label`. */
  readonly confidence: number;
}

/** What {@link SpeechClassifier.evaluate} returns. */
export interface SpeechReport {
  readonly samples: number;
  readonly accuracy: number;
  readonly f1Macro: number;
  readonly labels: readonly string[];
  /** confusionMatrix[true][predicted]. */
  readonly confusionMatrix: readonly (readonly number[])[];
  readonly perLabel: Readonly<Record<string, { readonly precision: number; readonly recall: number; readonly f1: number; readonly support: number }>>;
}

/** The version of `metadata.speech`. */
export const SPEECH_METADATA_VERSION = 1;

/**
 * @example
 * const { classifier } = await trainSpeechClassifier({ train, seed: 0 });
 * classifier.predict([{ samples, sampleRate: 8000 }])[0].label; // '7'
 */
export class SpeechClassifier {
  readonly features: LogMelSpectrogram;

  /**
   * @param model The network (a SpeechCnn inside).
   * @param featureOptions Log-mel settings.
   * @param frames Frames per input: longer recordings are centre-cropped, shorter ones padded.
   * @param labels Class labels by output index.
   * @throws ValueError for fewer than two labels or a non-positive frame count.
   */
  constructor(
    readonly model: Model,
    readonly featureOptions: LogMelSpectrogramOptions,
    readonly frames: number,
    readonly labels: readonly string[],
  ) {
    if (labels.length < 2) throw new ValueError(`SpeechClassifier: needs at least 2 labels, got ${labels.length}`);
    if (!Number.isInteger(frames) || frames < 1) throw new ValueError(`SpeechClassifier: frames must be a positive integer, got ${frames}`);
    this.features = new LogMelSpectrogram(featureOptions);
  }

  /**
   * The network input [N, bands, frames] of recordings: log-mel features, band-major, centred in
   * the window (cropped or padded with 0, the band mean after normalisation).
   *
   * @throws DataError for a recording at another sample rate or without samples.
   */
  toInput(recordings: readonly Recording[]): Tensor {
    const m = this.features.settings.bands;
    const t = this.frames;
    const out = new Float32Array(recordings.length * m * t);
    recordings.forEach((r, n) => {
      const spec = this.features.compute(r.samples, r.sampleRate);
      const skip = Math.max(0, Math.floor((spec.frames - t) / 2));
      const offset = Math.max(0, Math.floor((t - spec.frames) / 2));
      const count = Math.min(t, spec.frames);
      for (let f = 0; f < count; f++) {
        for (let b = 0; b < m; b++) out[n * m * t + b * t + offset + f] = spec.data[(skip + f) * m + b]!;
      }
    });
    return tensor(out, { shape: [recordings.length, m, t] });
  }

  /** Class probabilities [N, K] of recordings. */
  probabilities(recordings: readonly Recording[]): Tensor {
    this.model.module.eval();
    return noGrad(() => softmax(this.model.predict(this.toInput(recordings), { batchSize: 64 }), -1));
  }

  /**
   * The most likely label of each recording with its probability.
   *
   * @throws DataError for a recording at another sample rate or without samples.
   */
  predict(recordings: readonly Recording[]): SpeechPrediction[] {
    const k = this.labels.length;
    const p = this.probabilities(recordings).dataSync();
    return recordings.map((_, n) => {
      let best = 0;
      for (let c = 1; c < k; c++) if (p[n * k + c]! > p[n * k + best]!) best = c;
      return { label: this.labels[best]!, confidence: p[n * k + best]! };
    });
  }

  /**
   * Accuracy, macro F1, the confusion matrix and per-label scores on labelled recordings.
   *
   * @throws DataError for empty or mismatched inputs or a label the model does not know.
   */
  evaluate(recordings: readonly Recording[], labels: readonly string[]): SpeechReport {
    if (recordings.length === 0 || recordings.length !== labels.length) throw new DataError(`SpeechClassifier.evaluate: ${recordings.length} recordings and ${labels.length} labels; give one label per recording (at least one)`);
    const index = new Map(this.labels.map((l, i) => [l, i]));
    const y = tensor(Int32Array.from(labels, (l, i) => {
      const c = index.get(l);
      if (c === undefined) throw new DataError(`SpeechClassifier.evaluate: labels[${i}] '${l}' is not one of the model's labels (${this.labels.join(', ')})`);
      return c;
    }));
    const probabilities = this.probabilities(recordings);
    const numClasses = this.labels.length;
    const confusion = new ConfusionMatrix({ numClasses });
    const accuracy = new Accuracy();
    const f1 = new F1Score({ average: 'macro', numClasses });
    for (const metric of [confusion, accuracy, f1]) metric.update(probabilities, y);
    const matrix = confusion.matrix();
    const counts = confusion.classCounts();
    const perLabel: Record<string, { precision: number; recall: number; f1: number; support: number }> = {};
    this.labels.forEach((label, c) => {
      const tp = counts.truePositives[c]!;
      const precision = counts.predicted[c]! === 0 ? 0 : tp / counts.predicted[c]!;
      const recall = counts.actual[c]! === 0 ? 0 : tp / counts.actual[c]!;
      perLabel[label] = { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall), support: counts.actual[c]! };
    });
    return { samples: recordings.length, accuracy: accuracy.result(), f1Macro: f1.result(), labels: this.labels, confusionMatrix: matrix, perLabel };
  }

  /**
   * The JSON kept in the saved model's `metadata`: `extra` plus `speech` (feature settings, frames).
   * `saveModel(c.model, dir, { labels: c.labels, metadata: c.metadata() })` writes a folder that
   * {@link fromModel} reads back.
   */
  metadata(extra: { readonly [key: string]: JsonValue } = {}): { [key: string]: JsonValue } {
    return { ...extra, speech: { version: SPEECH_METADATA_VERSION, features: { ...this.features.settings }, frames: this.frames } };
  }

  /**
   * A classifier from a loaded network and its config (`loadModel` from `sprout/node`).
   *
   * @throws ModelFormatError when the config lacks `metadata.speech` or labels, or they are malformed.
   * @example
   * const { model, config } = await loadModel('models/digits');
   * const classifier = SpeechClassifier.fromModel(model, config);
   */
  static fromModel(model: Model, config: { readonly labels?: readonly string[] | null; readonly metadata: unknown }): SpeechClassifier {
    const op = 'SpeechClassifier.fromModel';
    const speech = typeof config.metadata === 'object' && config.metadata !== null ? (config.metadata as { speech?: unknown }).speech : undefined;
    if (typeof speech !== 'object' || speech === null) throw new ModelFormatError(`${op}: config.metadata has no 'speech' entry; this is not a speech model`);
    const { version, features, frames } = speech as { version?: unknown; features?: unknown; frames?: unknown };
    if (version !== SPEECH_METADATA_VERSION) throw new ModelFormatError(`${op}: metadata.speech.version is ${JSON.stringify(version)}; this Sprout reads ${SPEECH_METADATA_VERSION}`);
    if (typeof features !== 'object' || features === null) throw new ModelFormatError(`${op}: metadata.speech.features must be an object`);
    const labels = config.labels;
    if (!Array.isArray(labels)) throw new ModelFormatError(`${op}: config.labels is missing`);
    try {
      return new SpeechClassifier(model, features as LogMelSpectrogramOptions, frames as number, labels);
    } catch (error) {
      if (error instanceof ValueError) throw new ModelFormatError(`${op}: ${error.message}`);
      throw error;
    }
  }
}

/**
 * One channel from decoded audio samples [C, T]: the mean of the channels.
 *
 * @example
 * const { samples, sampleRate } = await readWavFile('0_george_0.wav');
 * classifier.predict([{ samples: monoSamples(samples), sampleRate }]);
 */
export function monoSamples(samples: Tensor): Float32Array {
  const [c, t] = samples.shape as [number, number];
  const data = samples.dataSync();
  if (c === 1) return Float32Array.from(data);
  const out = new Float32Array(t);
  for (let ch = 0; ch < c; ch++) for (let i = 0; i < t; i++) out[i]! += data[ch * t + i]! / c;
  return out;
}
