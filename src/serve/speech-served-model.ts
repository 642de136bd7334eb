/**
 * speechServedModel: a speech-pipeline classifier (src/apps/speech) run on base64 WAV files. Each
 * file is decoded as `sprout predict` and `sprout train --pipeline speech` read recordings — the
 * library's `decodeWav` (PCM 8/16/24/32-bit or 32-bit float), channels averaged to mono — before the
 * request joins a micro-batch. A file the decoder refuses, an empty one or one at another sample
 * rate than the model's features is a 400 naming the item. Each prediction carries the label, its
 * probability and every label's probability.
 */
import { monoSamples, type Recording, type SpeechClassifier } from '../apps/speech/index.js';
import { DataError } from '../core/index.js';
import { decodeWav, type DecodedWav } from '../data/index.js';
import { decodeBase64Item } from './decode-base64-item.js';
import { InvalidRequestError } from './invalid-request-error.js';
import type { BatchServedModel, Prediction } from './served-model.js';

/**
 * Wraps a speech classifier for the service.
 *
 * @param classifier The classifier, e.g. `SpeechClassifier.fromModel(model, config)`.
 * @example
 * const served = speechServedModel(classifier);
 * served.predict(served.decode!([wavBase64])); // [{ label: '7', confidence: 0.98, scores: { … } }]
 */
export function speechServedModel(classifier: SpeechClassifier): BatchServedModel {
  const sampleRate = classifier.features.settings.sampleRate;
  const labels = classifier.labels;
  return {
    kind: 'speech-classification',
    input: { kind: 'audio', sampleRate, formats: ['wav'] },
    labels,
    decode(items: readonly unknown[]): Recording[] {
      return items.map((item, i) => {
        const field = `/audio/${i}`;
        const bytes = decodeBase64Item(item as string, field); // a string, by the request schema
        let wav: DecodedWav;
        try {
          wav = decodeWav(bytes);
        } catch (error) {
          if (!(error instanceof DataError)) throw error;
          throw new InvalidRequestError(field, `is not a WAV file Sprout reads: ${error.message.replace(/^decodeWav: /, '')}`);
        }
        if (wav.sampleRate !== sampleRate) throw new InvalidRequestError(field, `is ${wav.sampleRate} Hz audio; the model reads ${sampleRate} Hz: resample it first`);
        if (wav.samples.shape[1] === 0) throw new InvalidRequestError(field, 'holds no samples');
        const samples = monoSamples(wav.samples);
        const bad = samples.findIndex((v) => !Number.isFinite(v)); // only float WAVs can hold NaN or ±Infinity
        if (bad >= 0) throw new InvalidRequestError(field, `sample ${bad} is ${samples[bad]}; samples must be finite`);
        return { samples, sampleRate };
      });
    },
    predict(items: readonly unknown[]): Prediction[] {
      const k = labels.length;
      const p = classifier.probabilities(items as Recording[]).dataSync(); // recordings, from decode
      return items.map((_, n) => {
        const scores: Record<string, number> = {};
        let best = 0;
        for (let c = 0; c < k; c++) {
          scores[labels[c]!] = p[n * k + c]!;
          if (p[n * k + c]! > p[n * k + best]!) best = c;
        }
        return { label: labels[best]!, confidence: p[n * k + best]!, scores };
      });
    },
  };
}
