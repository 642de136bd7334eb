/**
 * `sprout train --pipeline speech`: a folder of labelled WAV recordings in (see readWavFolder), a
 * spoken-command recogniser out — log-mel features and a small CNN — with a report on the test
 * recordings (accuracy, macro F1, the confusion matrix). The test split is `--test DIR`, the files
 * whose name matches `--test-match REGEX` (FSDD's official split: `_[0-4]\.wav$`), or else a
 * stratified 15 % (seeded).
 */
import { basename } from 'node:path';
import { type LabelledRecordings, trainSpeechClassifier } from '../../apps/speech/index.js';
import { splitIndices } from '../../data/index.js';
import { saveModel } from '../../node/index.js';
import { CliError } from '../cli-error.js';
import { formatLabelReport } from '../format-label-report.js';
import { finiteOnly, jsonMetrics } from '../json-metrics.js';
import { modelFolder, type PipelineTrainOptions, requireFlag } from '../pipeline-train-options.js';
import { readWavFolder, type WavFolder } from '../read-wav-folder.js';

/**
 * Runs `sprout train --pipeline speech`.
 *
 * @throws CliError for a missing flag or folder, an unreadable WAV, a bad --test-match or an empty split.
 * @example
 * await trainSpeechCommand({ pipeline: 'speech', train: 'fsdd/recordings', testMatch: '_[0-4]\\.wav$', seed: 0, json: true });
 */
export async function trainSpeechCommand(options: PipelineTrainOptions): Promise<void> {
  const trainDir = requireFlag(options.train, '--train <folder>', 'speech');
  const all = await readWavFolder(trainDir);
  let train: LabelledRecordings;
  let test: LabelledRecordings;
  let testNote: string;
  const pick = (folder: WavFolder, keep: (i: number) => boolean): LabelledRecordings => {
    const idx = folder.files.map((_, i) => i).filter(keep);
    return { recordings: idx.map((i) => folder.recordings[i]!), labels: idx.map((i) => folder.labels[i]!) };
  };
  if (options.test !== undefined) {
    train = all;
    test = await readWavFolder(options.test);
    testNote = `test folder ${options.test}`;
  } else if (options.testMatch !== undefined) {
    let pattern: RegExp;
    try {
      pattern = new RegExp(options.testMatch);
    } catch (error) {
      throw new CliError(`--test-match '${options.testMatch}' is not a regular expression: ${error instanceof Error ? error.message : String(error)}`);
    }
    const isTest = (i: number): boolean => pattern.test(basename(all.files[i]!));
    test = pick(all, isTest);
    train = pick(all, (i) => !isTest(i));
    if (test.labels.length === 0 || train.labels.length === 0) throw new CliError(`--test-match '${options.testMatch}' puts ${test.labels.length} of ${all.files.length} files in the test split; both splits need files`);
    testNote = `files matching /${options.testMatch}/`;
  } else {
    const split = splitIndices(all.files.length, { validation: 0, test: 0.15, seed: options.seed, stratify: all.labels });
    const inTest = new Set(split.test);
    test = pick(all, (i) => inTest.has(i));
    train = pick(all, (i) => !inTest.has(i));
    testNote = `a stratified 15 % (seed ${options.seed})`;
  }
  const labels = new Set(train.labels);
  if (labels.size < 2) throw new CliError(`'${trainDir}' holds a single label ('${train.labels[0]}'); a classifier needs at least two`);
  const out = modelFolder(options.out, trainDir);
  process.stdout.write(`Data: ${trainDir}: ${all.files.length} recordings, ${labels.size} labels; training on ${train.labels.length}, testing on ${test.labels.length} (${testNote})\nModel: log-mel spectrogram (40 bands, 25 ms frames, 10 ms hop) → 1-d CNN\n`);
  const result = await trainSpeechClassifier({
    train,
    test,
    seed: options.seed,
    ...(options.epochs === undefined ? {} : { epochs: options.epochs }),
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    ...(options.learningRate === undefined ? {} : { learningRate: options.learningRate }),
    onEpoch: (epoch, logs) => process.stderr.write(`epoch ${epoch + 1}: loss ${logs['loss']?.toFixed(4)}, validation accuracy ${logs['val_accuracy']?.toFixed(4)}\n`),
  });
  const report = result.test!;
  const metrics = { accuracy: report.accuracy, f1Macro: report.f1Macro };
  const { classifier } = result;
  const metadata = classifier.metadata({
    pipeline: 'speech',
    metrics: finiteOnly(metrics),
    training: { train: trainDir, test: options.test ?? options.testMatch ?? null, recordings: train.labels.length, epochs: result.epochs, bestEpoch: result.bestEpoch + 1, seed: options.seed, seconds: result.seconds },
  });
  await saveModel(classifier.model, out, { labels: classifier.labels, metadata });
  const lines = [
    `Trained ${result.epochs} epochs in ${result.seconds.toFixed(1)} s; kept the weights of epoch ${result.bestEpoch + 1}.`,
    '',
    ...formatLabelReport(report, metrics, `test recordings (${report.samples})`),
    '',
    `Saved the model to ${out}`,
  ];
  process.stdout.write(`\n${lines.join('\n')}\n`);
  if (options.json) process.stdout.write(`${JSON.stringify({ pipeline: 'speech', metrics: jsonMetrics(metrics), model: out })}\n`);
}
