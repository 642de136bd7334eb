/**
 * Spoken-digit recognition on the Free Spoken Digit Dataset (Jackson et al., FSDD v1.0.10): WAV →
 * log-mel spectrogram → a small 1-d CNN, on the official split (recordings 0–4 of every speaker
 * and digit are the test set, 5–49 train). Prints the test accuracy, the confusion matrix and the
 * answer for one recording.
 *
 *   node --expose-gc --import tsx examples/spoken-digits.ts [FSDD_DIR] [--epochs N] [--json]
 *
 * FSDD_DIR defaults to ../shared/datasets/fsdd (or $SPROUT_DATASETS/fsdd).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { monoSamples, type Recording, trainSpeechClassifier } from '../src/index.js';
import { readWavFile } from '../src/node/index.js';

const { values, positionals } = parseArgs({ options: { epochs: { type: 'string' }, json: { type: 'boolean', default: false } }, allowPositionals: true });
const dir = resolve(positionals[0] ?? join(process.env['SPROUT_DATASETS'] ?? join(import.meta.dirname, '../../shared/datasets'), 'fsdd'), 'recordings');
if (!existsSync(dir)) {
  console.error(`spoken-digits: ${dir} not found; pass the FSDD folder as the first argument`);
  process.exit(2);
}
const log = (line: string): void => {
  if (!values.json) console.log(line);
};

// File names are {digit}_{speaker}_{index}.wav; index 0–4 is the official test set.
const train = { recordings: [] as Recording[], labels: [] as string[] };
const test = { recordings: [] as Recording[], labels: [] as string[] };
for (const name of readdirSync(dir).filter((f) => f.endsWith('.wav')).sort()) {
  const [digit, , index] = name.replace('.wav', '').split('_');
  const { samples, sampleRate } = await readWavFile(join(dir, name));
  const set = Number(index) <= 4 ? test : train;
  set.recordings.push({ samples: monoSamples(samples), sampleRate });
  set.labels.push(digit!);
}
log(`FSDD: ${train.recordings.length} training and ${test.recordings.length} test recordings`);
const result = await trainSpeechClassifier({
  train,
  test,
  seed: 0,
  ...(values.epochs === undefined ? {} : { epochs: Number(values.epochs) }),
  onEpoch: (epoch, logs) => log(`epoch ${epoch + 1}: loss ${logs['loss']?.toFixed(4)}, validation accuracy ${logs['val_accuracy']?.toFixed(4)}`),
});
const report = result.test!;
log(`\ntrained in ${result.seconds.toFixed(1)} s (${result.epochs} epochs, best ${result.bestEpoch + 1})`);
log(`test accuracy ${report.accuracy.toFixed(4)}, macro F1 ${report.f1Macro.toFixed(4)}`);
log(`confusion matrix (rows: spoken digit, columns: predicted):\n${report.confusionMatrix.map((row, i) => `  ${report.labels[i]}: ${row.map((n) => String(n).padStart(3)).join(' ')}`).join('\n')}`);
const [first] = result.classifier.predict([test.recordings[0]!]);
log(`the first test recording (a spoken '${test.labels[0]}') is heard as '${first!.label}' (${first!.confidence.toFixed(3)})`);
if (values.json) console.log(JSON.stringify({ accuracy: report.accuracy, f1Macro: report.f1Macro, epochs: result.epochs, bestEpoch: result.bestEpoch + 1, seconds: result.seconds }));
