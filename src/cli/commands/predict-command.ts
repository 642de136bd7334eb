/**
 * `sprout predict`: runs a saved model on every row of a file and writes CSV — one row per input
 * row, in order, with the prediction and, for classification, one probability column per class.
 * Rows keep their place even when cells are missing or categories are new: the saved pipeline
 * imputes and encodes them as unknown, and stderr notes how many, so nothing is silently dropped.
 * The output file is written atomically (temp file + rename): a failure leaves no partial file.
 * Pipeline models answer in their own way: a text model (predict-text-command) answers a message
 * or a file of messages; a speech model (predict-speech-command) a WAV file or a folder of them; an
 * image model (predict-image-command) an image, a folder of images or an IDX file.
 */
import { stat } from 'node:fs/promises';
import { CliError } from '../cli-error.js';
import { loadCliModel } from '../cli-model.js';
import { loadTable } from '../load-table.js';
import { modelOutputs } from '../model-outputs.js';
import { loadPipelineModel, MODEL_KIND_NAMES } from '../pipeline-model.js';
import { IMAGE_EXTENSIONS } from '../read-image-inputs.js';
import { transformNotes } from '../transform-notes.js';
import { toCsv } from '../to-csv.js';
import { writeOutput } from '../write-output.js';
import { predictImageCommand } from './predict-image-command.js';
import { predictSpeechCommand } from './predict-speech-command.js';
import { predictTextCommand } from './predict-text-command.js';

/** Options of {@link predictCommand}. */
export interface PredictCommandOptions {
  readonly dir: string;
  /** Rows to predict (tabular and text models; a WAV file or folder for speech models). */
  readonly data?: string;
  /** One message (text models). */
  readonly text?: string;
  /** Text models: print the answer to --text as one JSON line; image models: end with a JSON line of metrics. */
  readonly json?: boolean;
  /** Image models: the IDX label file of an IDX --data file (adds the report). */
  readonly labels?: string;
  /** CSV file to write; standard output when absent. */
  readonly out?: string;
}

/**
 * Runs `sprout predict`.
 *
 * @throws CliError for a bad model folder or file; DataError for a column the model needs that the file lacks.
 * @example
 * await predictCommand({ dir: 'models/digits', data: 'data/digits.csv', out: 'predictions.csv' });
 */
export async function predictCommand(options: PredictCommandOptions): Promise<void> {
  const loaded = await loadPipelineModel(options.dir);
  if (loaded.kind === 'text') return predictTextCommand(loaded.classifier, String(loaded.metadata['textColumn'] ?? 'text'), { ...options, json: options.json ?? false });
  if (loaded.kind === 'speech') return predictSpeechCommand(loaded.classifier, options);
  if (loaded.kind === 'image') return predictImageCommand(loaded.classifier, options);
  if (loaded.kind === 'recommend') throw new CliError(`'${options.dir}' holds ${MODEL_KIND_NAMES[loaded.kind]}; use 'sprout recommend ${options.dir} --user ID'`);
  if (loaded.kind === 'lm') throw new CliError(`'${options.dir}' holds ${MODEL_KIND_NAMES[loaded.kind]}; use 'sprout generate ${options.dir} --prompt TEXT'`);
  if (options.data === undefined) throw new CliError(`'${options.dir}' is a tabular model: give the rows to predict with --data FILE`);
  if (await isImageData(options.data)) throw new CliError(`'${options.dir}' holds ${MODEL_KIND_NAMES[loaded.kind]}, which reads CSV rows; the images in '${options.data}' need ${MODEL_KIND_NAMES.image}`);
  const { model, pipeline, metadata } = await loadCliModel(options.dir);
  const table = await loadTable(options.data, { types: metadata.columnTypes });
  const rows = table.has(metadata.target) ? table.drop([metadata.target]) : table;
  const { x, report } = pipeline.transform(rows);
  const outputs = modelOutputs(model, x, metadata.task, metadata.targetScaling);
  const n = rows.rowCount;
  let csv: string;
  if (metadata.task === 'classification') {
    const classes = pipeline.classes;
    const c = classes.length;
    const probabilities = outputs.dataSync();
    const best = Array.from({ length: n }, (_, i) => {
      let k = 0;
      for (let j = 1; j < c; j++) if (probabilities[i * c + j]! > probabilities[i * c + k]!) k = j;
      return k;
    });
    const labels = pipeline.decodeLabels(best);
    const header = ['prediction', ...classes.map((label) => `probability_${label}`)];
    csv = toCsv(header, labels.map((label, i) => [label, ...Array.from({ length: c }, (_, j) => probabilities[i * c + j]!.toFixed(6))]));
  } else {
    const values = outputs.dataSync();
    csv = toCsv(['prediction'], Array.from(values, (v) => [round(v)]));
  }
  for (const line of transformNotes(report)) process.stderr.write(`note: ${line}\n`);
  await writeOutput(csv, options.out, `${n} predictions`);
}

/** True for a folder or an image file: input for an image model, never rows for a tabular one. */
async function isImageData(path: string): Promise<boolean> {
  if (IMAGE_EXTENSIONS.some((e) => path.toLowerCase().endsWith(e))) return true;
  return stat(path).then((s) => s.isDirectory(), () => false);
}

/** Six significant digits: float32 outputs carry about seven, and the CSV stays readable. */
function round(value: number): string {
  return String(Number(value.toPrecision(6)));
}
