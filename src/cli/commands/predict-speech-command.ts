/**
 * `sprout predict DIR --data FILE.wav|FOLDER` for a speech model: one CSV row per recording — the
 * file, the recognised command and its probability.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { SpeechClassifier } from '../../apps/speech/index.js';
import { CliError } from '../cli-error.js';
import { readWavFiles } from '../read-wav-folder.js';
import { toCsv } from '../to-csv.js';
import { writeOutput } from '../write-output.js';

/**
 * Recognises the command in a WAV file or in every WAV file of a folder.
 *
 * @throws CliError when --data is missing, holds no WAV, or a file is not a WAV Sprout reads.
 * @example
 * await predictSpeechCommand(classifier, { dir: 'models/digits', data: 'hello.wav' });
 */
export async function predictSpeechCommand(classifier: SpeechClassifier, options: { readonly dir: string; readonly data?: string; readonly out?: string }): Promise<void> {
  const data = options.data;
  if (data === undefined) throw new CliError(`'${options.dir}' is a speech model: give a WAV file or a folder of them with --data`);
  let paths: string[];
  try {
    paths = (await stat(data)).isDirectory() ? (await readdir(data)).filter((f) => f.toLowerCase().endsWith('.wav')).sort().map((f) => join(data, f)) : [data];
  } catch {
    throw new CliError(`file not found: '${data}'`);
  }
  if (paths.length === 0) throw new CliError(`'${data}' holds no .wav file`);
  const { recordings, files } = await readWavFiles(paths);
  const predictions = classifier.predict(recordings);
  await writeOutput(toCsv(['file', 'label', 'confidence'], predictions.map((p, i) => [files[i]!, p.label, p.confidence.toFixed(6)])), options.out, `${files.length} predictions`);
}
