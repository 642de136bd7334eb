/**
 * Test helper: tiny image, speech and language models for the service tests, each written as the
 * folder its pipeline saves — an image classifier trained in a second on synthetic 8×8 grey images
 * (bright vs dark), a speech classifier trained on synthetic tones (low vs high), and an untrained
 * character GPT (generation only has to match the library's, not read well) — plus the encoders
 * the tests send files with: PNG (fast-png), JPEG (jpeg-js) and a PCM WAV writer.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encode as encodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { trainImageClassifier } from '../../src/apps/image/index.js';
import { CharLanguageModel, CharVocabulary, GptModel } from '../../src/apps/lm/index.js';
import { trainSpeechClassifier, type Recording } from '../../src/apps/speech/index.js';
import { Generator, tensor } from '../../src/core/index.js';
import { seededRandom } from '../../src/data/seeded-random.js';
import { MODEL_CONFIG_FILE, MODEL_WEIGHTS_FILE, saveModel } from '../../src/node/index.js';
import { Model } from '../../src/train/index.js';

/** Image side of the tiny image model (the pipeline's CNN needs multiples of 4). */
export const IMAGE_SIDE = 8;
/** Sample rate of the tiny speech model. */
export const SAMPLE_RATE = 8000;
/** The tiny language model's training alphabet. */
export const LM_TEXT = 'abcdefghij ROMEO:\n';

/** A grey image of `level` (0–1) with a little seeded noise, as [H·W] values in [0, 1]. */
export function greyPixels(level: number, seed: number, side = IMAGE_SIDE): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: side * side }, () => Math.min(1, Math.max(0, level + (random() - 0.5) * 0.2)));
}

/** Trains the bright-vs-dark image classifier and writes it as a model folder. */
export async function writeTinyImageModel(dir: string): Promise<string> {
  const n = 48;
  const pixels = new Float32Array(n * IMAGE_SIDE * IMAGE_SIDE);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const bright = i % 2;
    pixels.set(greyPixels(bright === 1 ? 0.8 : 0.2, i), i * IMAGE_SIDE * IMAGE_SIDE);
    labels.push(bright);
  }
  const images = tensor(pixels, { shape: [n, 1, IMAGE_SIDE, IMAGE_SIDE] });
  const { classifier } = await trainImageClassifier({ train: { images, labels: tensor(labels, { dtype: 'int32' }) }, classes: ['dark', 'bright'], seed: 0, epochs: 12, batchSize: 8, learningRate: 0.01, channels: [4, 4], denseUnits: 8, dropout: 0 });
  const artifacts = classifier.toArtifacts();
  const folder = join(dir, 'image');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, MODEL_CONFIG_FILE), JSON.stringify(artifacts.config));
  writeFileSync(join(folder, MODEL_WEIGHTS_FILE), artifacts.weights);
  return folder;
}

/** A PNG file of grey values [H·W] in [0, 1], as grey, RGB or RGBA (8-bit). */
export function pngBytes(grey: Float32Array, side: number, channels: 1 | 3 | 4 = 1): Uint8Array {
  const data = new Uint8Array(side * side * channels);
  for (let i = 0; i < side * side; i++) for (let c = 0; c < channels; c++) data[i * channels + c] = c === 3 ? 255 : Math.round(grey[i]! * 255);
  return encodePng({ width: side, height: side, data, channels, depth: 8 });
}

/** A JPEG file (quality 95) of grey values [H·W] in [0, 1]. */
export function jpegBytes(grey: Float32Array, side: number): Uint8Array {
  const data = Buffer.alloc(side * side * 4);
  for (let i = 0; i < side * side; i++) for (let c = 0; c < 4; c++) data[i * 4 + c] = c === 3 ? 255 : Math.round(grey[i]! * 255);
  return new Uint8Array(jpeg.encode({ data, width: side, height: side }, 95).data);
}

/**
 * A recording of `seconds` at {@link SAMPLE_RATE}: silence, a sine burst of `hz` (amplitude 0.5)
 * over the middle half, silence. (A steady tone would vanish: the features remove each band's mean.)
 */
export function tone(hz: number, seconds: number, phase = 0): Float32Array {
  const n = Math.round(seconds * SAMPLE_RATE);
  return Float32Array.from({ length: n }, (_, t) => (t >= n / 4 && t < (3 * n) / 4 ? 0.5 * Math.sin(phase + (2 * Math.PI * hz * t) / SAMPLE_RATE) : 0));
}

/**
 * A WAV file: 16-bit PCM by default, or `format` 3 (float) with 32 bits, any other format code to
 * test refusals; `channels` interleaved copies of the samples.
 */
export function wavBytes(samples: Float32Array, options: { sampleRate?: number; channels?: number; format?: number; bits?: number } = {}): Uint8Array {
  const { sampleRate = SAMPLE_RATE, channels = 1, format = 1, bits = format === 3 ? 32 : 16 } = options;
  const width = bits / 8;
  const dataSize = samples.length * channels * width;
  const bytes = new Uint8Array(44 + dataSize);
  const view = new DataView(bytes.buffer);
  const ascii = (at: number, text: string): void => [...text].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataSize, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, format, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * channels * width, true);
  view.setUint16(32, channels * width, true);
  view.setUint16(34, bits, true);
  ascii(36, 'data');
  view.setUint32(40, dataSize, true);
  samples.forEach((v, t) => {
    for (let c = 0; c < channels; c++) {
      const at = 44 + (t * channels + c) * width;
      if (format === 3) view.setFloat32(at, v, true);
      else if (bits === 16) view.setInt16(at, Math.round(Math.max(-1, Math.min(1, v)) * 32767), true);
      else view.setUint8(at, Math.round(v * 127 + 128));
    }
  });
  return bytes;
}

/** Trains the low-vs-high tone classifier (0.25 s recordings) and saves it as a model folder. */
export async function writeTinySpeechModel(dir: string): Promise<string> {
  const recordings: Recording[] = [];
  const labels: string[] = [];
  for (let i = 0; i < 24; i++) {
    const high = i % 2 === 1;
    recordings.push({ samples: tone(high ? 1800 : 300, 0.2 + 0.01 * (i % 5), i), sampleRate: SAMPLE_RATE });
    labels.push(high ? 'high' : 'low');
  }
  const { classifier } = await trainSpeechClassifier({ train: { recordings, labels }, validation: { recordings, labels }, seed: 0, epochs: 10, patience: 10, learningRate: 0.01, frames: 24, channels: 8, batchSize: 8 });
  const folder = join(dir, 'speech');
  await saveModel(classifier.model, folder, { labels: classifier.labels, metadata: classifier.metadata() });
  return folder;
}

/** The tiny (untrained, seeded) character language model, as the library holds it. */
export function tinyLanguageModel(): CharLanguageModel {
  const vocabulary = CharVocabulary.fromText(LM_TEXT);
  return new CharLanguageModel(new Model(new GptModel({ vocabSize: vocabulary.size, contextLength: 16, dModel: 16, nHead: 2, numLayers: 1 }, new Generator(1))), vocabulary);
}

/** Saves {@link tinyLanguageModel} as a model folder. */
export async function writeTinyLanguageModel(dir: string): Promise<string> {
  const lm = tinyLanguageModel();
  const folder = join(dir, 'lm');
  await saveModel(lm.model, folder, { metadata: lm.metadata() });
  return folder;
}
