/**
 * `sprout train --pipeline image`: labelled images in — a folder with one sub-folder per class, or
 * an IDX image file with its IDX label file (MNIST, Fashion-MNIST) — a CNN image classifier out
 * (trainImageClassifier), with a report on the test images (accuracy, macro F1, per-class scores,
 * the confusion matrix). The test split is `--test PATH`, else a stratified 15 % (seeded). The run
 * is recorded in the run store like a tabular `sprout train` (`--no-track` turns it off).
 */
import { basename, extname, resolve } from 'node:path';
import { type ImageClassificationReport, type LabelledImages, trainImageClassifier } from '../../apps/image/index.js';
import { tensor } from '../../core/index.js';
import { splitIndices } from '../../data/index.js';
import type { JsonValue } from '../../nn/index.js';
import { resolveRunsDir, saveModel } from '../../node/index.js';
import { CliError } from '../cli-error.js';
import { formatLabelReport } from '../format-label-report.js';
import { finiteOnly, jsonMetrics } from '../json-metrics.js';
import { modelFolder, type PipelineTrainOptions, requireFlag } from '../pipeline-train-options.js';
import { type ImageInputs, readImageInputs } from '../read-image-inputs.js';
import { trackRun } from '../track-run.js';

/** Labelled images as trainImageClassifier takes them, keeping only the rows in `keep` (all when null). */
function labelled(inputs: ImageInputs, keep: Int32Array | null): LabelledImages {
  const [, c, h, w] = inputs.images.shape as [number, number, number, number];
  const labels = inputs.labels!;
  if (keep === null) return { images: inputs.images, labels: tensor(labels, { dtype: 'int32' }) };
  const size = c * h * w;
  const pixels = inputs.images.dataSync() as Float32Array;
  const picked = new Float32Array(keep.length * size);
  keep.forEach((row, k) => picked.set(pixels.subarray(row * size, (row + 1) * size), k * size));
  return { images: tensor(picked, { shape: [keep.length, c, h, w] }), labels: tensor(Int32Array.from(keep, (row) => labels[row]!), { dtype: 'int32' }) };
}

/**
 * Reads a labelled split (`--test`, `--validation`) against the training classes and image shape.
 *
 * @throws CliError for an unlabelled source, a class the training data lacks, or another image size.
 */
async function readSplit(path: string, labelsPath: string | undefined, flag: string, train: ImageInputs, options: PipelineTrainOptions): Promise<LabelledImages> {
  const [, c, h, w] = train.images.shape as [number, number, number, number];
  const inputs = await readImageInputs(path, { labelsFlag: `${flag}-labels`, channels: c, size: [h, w], ...(labelsPath === undefined ? {} : { labels: labelsPath }), ...(options.classNames === undefined ? {} : { classNames: options.classNames }) });
  if (inputs.labels === null) throw new CliError(inputs.kind === 'IDX' ? `${flag} '${path}' is an IDX image file: give its labels with ${flag}-labels FILE` : `${flag} '${path}' holds no class sub-folders; labelled images are one sub-folder per class`);
  const unknown = inputs.classes.filter((name, k) => !train.classes.includes(name) && inputs.labels!.includes(k));
  if (unknown.length > 0) throw new CliError(`${flag} '${path}' holds classes the training data lacks: ${unknown.join(', ')} (training classes: ${train.classes.join(', ')})`);
  const index = inputs.classes.map((name) => train.classes.indexOf(name));
  return { images: inputs.images, labels: tensor(Int32Array.from(inputs.labels, (k) => index[k]!), { dtype: 'int32' }) };
}

/**
 * Runs `sprout train --pipeline image`.
 *
 * @throws CliError / DataError for a missing flag, folder or file, an empty or unlabelled folder, a
 *   corrupt image, a missing or mismatched IDX label file, or images whose size is not a multiple of 4.
 * @example
 * await trainImageCommand({ pipeline: 'image', train: 'train-images-idx3-ubyte.gz', trainLabels: 'train-labels-idx1-ubyte.gz', seed: 0, json: true });
 */
export async function trainImageCommand(options: PipelineTrainOptions): Promise<void> {
  const trainPath = requireFlag(options.train, '--train <folder or IDX file>', 'image');
  const names = options.classNames === undefined ? {} : { classNames: options.classNames };
  const all = await readImageInputs(trainPath, { labelsFlag: '--train-labels', ...(options.trainLabels === undefined ? {} : { labels: options.trainLabels }), ...(options.size === undefined ? {} : { size: options.size }), ...names });
  if (all.labels === null) {
    throw new CliError(all.kind === 'IDX' ? `--train '${trainPath}' is an IDX image file: give its labels with --train-labels FILE` : `--train '${trainPath}' has no class sub-folders; training needs one sub-folder per class (${trainPath}/cat/…, ${trainPath}/dog/…)`);
  }
  if (options.classNames !== undefined && all.kind !== 'IDX') throw new CliError(`--class-names names the classes of IDX labels; the classes of '${trainPath}' are its sub-folder names`);
  const [n, c, h, w] = all.images.shape as [number, number, number, number];
  if (h % 4 !== 0 || w % 4 !== 0) throw new CliError(`the images are ${h}x${w} (height x width); the network pools twice by 2, so both must be multiples of 4: pass --size ${Math.ceil(h / 4) * 4}x${Math.ceil(w / 4) * 4}`);
  const present = new Set(all.labels);
  if (present.size < 2) throw new CliError(`--train '${trainPath}' holds a single class ('${all.classes[all.labels[0]!]}'); a classifier needs at least two`);

  let train: LabelledImages;
  let test: LabelledImages;
  let testNote: string;
  if (options.test !== undefined) {
    train = labelled(all, null);
    test = await readSplit(options.test, options.testLabels, '--test', all, options);
    testNote = `--test ${options.test}`;
  } else {
    if (options.testLabels !== undefined) throw new CliError('--test-labels goes with --test FILE');
    const split = splitIndices(n, { validation: 0, test: 0.15, seed: options.seed, stratify: Array.from(all.labels) });
    train = labelled(all, split.train);
    test = labelled(all, split.test);
    testNote = `a stratified 15 % (seed ${options.seed})`;
  }
  const validation = options.validation === undefined ? undefined : await readSplit(options.validation, options.validationLabels, '--validation', all, options);
  const out = modelFolder(options.out, trainPath.replace(/\.gz$/, ''));
  const channels = options.channels ?? [32, 64];
  const settings = {
    epochs: options.epochs ?? 10,
    batchSize: options.batchSize ?? 64,
    learningRate: options.learningRate ?? 1e-3,
    channels,
    denseUnits: 128,
    dropout: options.dropout ?? 0.25,
    augment: { flip: options.flip === true, shift: options.shift ?? 0 },
  };
  const augmentNote = settings.augment.flip || settings.augment.shift > 0 ? `augmentation:${settings.augment.flip ? ' left-right flips' : ''}${settings.augment.shift > 0 ? ` shifts up to ${settings.augment.shift} px` : ''}` : 'no augmentation';
  process.stdout.write(
    `Data: ${trainPath} (${all.kind}): ${n} images ${c}x${h}x${w}, ${all.classes.length} classes; training on ${train.labels.shape[0]}, testing on ${test.labels.shape[0]} (${testNote})${validation === undefined ? '' : `, validating on ${validation.labels.shape[0]} after each epoch`}\n` +
      `Model: conv 3x3 ${channels[0]} → max-pool 2 → conv 3x3 ${channels[1]} → max-pool 2 → dense ${settings.denseUnits} (dropout ${settings.dropout}) → ${all.classes.length}; Adam lr ${settings.learningRate}, batch ${settings.batchSize}, ${settings.epochs} epochs, ${augmentNote}\n`,
  );

  const run = trackRun(options.track === false ? null : resolveRunsDir(options.runsDir), {
    name: options.name ?? basename(trainPath.replace(/\.gz$/, ''), extname(trainPath.replace(/\.gz$/, ''))),
    seed: options.seed,
    modelDir: resolve(out),
    config: {
      pipeline: 'image',
      train: resolve(trainPath),
      test: options.test === undefined ? null : resolve(options.test),
      inputShape: [c, h, w],
      classes: all.classes.length,
      ...settings,
      channels: [...channels],
      augment: { ...settings.augment },
      images: { train: train.labels.shape[0]!, test: test.labels.shape[0]!, validation: validation?.labels.shape[0] ?? 0 },
    },
  });
  let report: ImageClassificationReport;
  try {
    const result = await trainImageClassifier({
      train,
      test,
      ...(validation === undefined ? {} : { validation }),
      classes: all.classes,
      seed: options.seed,
      ...settings,
      onEpoch: (epoch, logs) => {
        const val = logs['val_accuracy'] === undefined ? '' : `, validation loss ${logs['val_loss']?.toFixed(4)}, validation accuracy ${logs['val_accuracy'].toFixed(4)}`;
        process.stderr.write(`epoch ${epoch + 1}/${settings.epochs}: loss ${logs['loss']?.toFixed(4)}, accuracy ${logs['accuracy']?.toFixed(4)}${val}\n`);
      },
      callbacks: run.callbacks,
    });
    report = result.test!;
    const metrics = { accuracy: report.accuracy, f1Macro: report.f1Macro };
    const training: { [key: string]: JsonValue } = { train: trainPath, test: options.test ?? null, images: train.labels.shape[0]!, epochs: settings.epochs, seed: options.seed, seconds: result.seconds };
    const { config } = result.classifier.toArtifacts({ pipeline: 'image', metrics: finiteOnly(metrics), training });
    await saveModel(result.classifier.model, out, { labels: result.classifier.labels, metadata: config.metadata });
    run.complete(jsonMetrics(metrics), { testReport: { accuracy: metrics.accuracy, f1Macro: finiteOnly(metrics)['f1Macro'] ?? null, confusionMatrix: report.confusionMatrix.map((row) => [...row]) } });
    const lines = [`Trained ${settings.epochs} epochs in ${result.seconds.toFixed(1)} s.`, '', ...formatLabelReport(report, metrics, `test images (${report.samples})`), '', `Saved the model to ${out}`];
    process.stdout.write(`\n${lines.join('\n')}\n`);
    if (options.json) process.stdout.write(`${JSON.stringify({ pipeline: 'image', metrics: jsonMetrics(metrics), model: out })}\n`);
  } catch (error) {
    run.fail(error);
    throw error;
  }
}
