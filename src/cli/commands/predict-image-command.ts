/**
 * `sprout predict DIR --data PATH` for an image model: one CSV row per image — the file, the
 * predicted class and its probability. PATH is an image, a folder of images, a folder of class
 * sub-folders or an IDX image file (`--labels` gives its IDX labels). Images are resized to the
 * model's input size. When the images carry labels (class folders, IDX with --labels), the report
 * (accuracy, macro F1, per class, confusion matrix) follows: on stdout when the CSV goes to --out,
 * on stderr when the CSV itself is on stdout; with --json the last stdout line is
 * `{"pipeline":"image","predictions":N,"metrics":{…}|null}`.
 */
import type { ImageClassifier } from '../../apps/image/index.js';
import { CliError } from '../cli-error.js';
import { formatLabelReport } from '../format-label-report.js';
import { jsonMetrics } from '../json-metrics.js';
import { readImageInputs } from '../read-image-inputs.js';
import { toCsv } from '../to-csv.js';
import { writeOutput } from '../write-output.js';

/** Options of {@link predictImageCommand}. */
export interface PredictImageOptions {
  readonly dir: string;
  readonly data?: string;
  /** The IDX label file of an IDX --data file. */
  readonly labels?: string;
  readonly out?: string;
  readonly json?: boolean;
}

/**
 * Classifies the images at `--data`.
 *
 * @throws CliError / DataError when --data is missing, empty or corrupt, a colour image meets a grey
 *   model, or the labels name a class the model does not know.
 * @example
 * await predictImageCommand(classifier, { dir: 'models/fashion', data: 'boots/' });
 */
export async function predictImageCommand(classifier: ImageClassifier, options: PredictImageOptions): Promise<void> {
  const data = options.data;
  if (data === undefined) throw new CliError(`'${options.dir}' is an image model: give an image, a folder of images or an IDX image file with --data`);
  const [channels, height, width] = classifier.inputShape;
  const inputs = await readImageInputs(data, { labelsFlag: '--labels', channels, size: [height, width], ...(options.labels === undefined ? {} : { labels: options.labels }), classNames: classifier.labels });
  const predictions = classifier.predict(inputs.images);
  const csv = toCsv(['file', 'label', 'confidence'], predictions.map((p, i) => [inputs.files[i]!, p.label, p.confidence.toFixed(6)]));
  await writeOutput(csv, options.out, `${predictions.length} predictions`);
  let metrics: Record<string, number> | null = null;
  if (inputs.labels !== null) {
    const truth = Array.from(inputs.labels, (k) => inputs.classes[k]!);
    const unknown = [...new Set(truth)].filter((name) => !classifier.labels.includes(name));
    if (unknown.length > 0) throw new CliError(`'${data}' holds classes the model does not know: ${unknown.join(', ')} (the model's classes: ${classifier.labels.join(', ')})`);
    const report = classifier.evaluate(inputs.images, truth);
    metrics = { accuracy: report.accuracy, f1Macro: report.f1Macro };
    const text = `\n${formatLabelReport(report, metrics, `labelled images (${report.samples})`).join('\n')}\n`;
    if (options.out === undefined) process.stderr.write(text);
    else process.stdout.write(text);
  }
  if (options.json) process.stdout.write(`${JSON.stringify({ pipeline: 'image', predictions: predictions.length, metrics: metrics === null ? null : jsonMetrics(metrics) })}\n`);
}
