/**
 * `sprout predict DIR` for a text model: one message (`--text`) gets its intent, confidence and
 * the reply from the model's reply table (the fallback when out of scope); a file (`--data`) gets
 * one CSV row per message — label, intent, confidence, out-of-scope flag and reply.
 */
import type { TextClassifier } from '../../apps/text/index.js';
import { CliError } from '../cli-error.js';
import { readLabelledTexts } from '../read-labelled-texts.js';
import { toCsv } from '../to-csv.js';
import { writeOutput } from '../write-output.js';

/** Options of {@link predictTextCommand}. */
export interface PredictTextOptions {
  readonly dir: string;
  readonly text?: string;
  readonly data?: string;
  readonly out?: string;
  readonly json: boolean;
}

/**
 * Answers messages with a loaded text classifier.
 *
 * @param classifier The model.
 * @param textColumn The column the model was trained on (read from `--data`).
 * @throws CliError when neither --text nor --data is given, or the file lacks the column.
 * @example
 * await predictTextCommand(classifier, 'text', { dir: 'models/intents', text: 'where is my card', json: false });
 */
export async function predictTextCommand(classifier: TextClassifier, textColumn: string, options: PredictTextOptions): Promise<void> {
  if (options.text !== undefined) {
    const { reply, prediction } = classifier.answer(options.text);
    const answer = { label: prediction.label, intent: prediction.intent, confidence: prediction.confidence, outOfScope: prediction.outOfScope, reply };
    if (options.json) process.stdout.write(`${JSON.stringify(answer)}\n`);
    else {
      const scope = prediction.outOfScope ? `out of scope (best intent '${prediction.intent}', confidence ${prediction.confidence.toFixed(3)} < threshold ${classifier.threshold.toFixed(3)} or the 'oos' label)` : `confidence ${prediction.confidence.toFixed(3)}`;
      process.stdout.write(`intent: ${prediction.label} (${scope})\nreply: ${reply}\n`);
    }
    return;
  }
  if (options.data === undefined) throw new CliError(`'${options.dir}' is a text model: give a message with --text "…" or a file with --data FILE (column '${textColumn}')`);
  const { texts } = await readLabelledTexts(options.data, textColumn, null);
  const predictions = classifier.predict(texts);
  const rows = predictions.map((p) => [p.label, p.intent, p.confidence.toFixed(6), String(p.outOfScope), p.outOfScope ? classifier.fallback : (classifier.replies[p.label] ?? classifier.fallback)]);
  await writeOutput(toCsv(['label', 'intent', 'confidence', 'out_of_scope', 'reply'], rows), options.out, `${rows.length} predictions`);
}
