/**
 * `sprout train --pipeline text`: intent classification from CSV/TSV files — the text pipeline's
 * trainTextClassifier (TF-IDF MLP or small Transformer, out-of-scope threshold chosen on
 * validation data), a report on the test file (accuracy, macro F1, in-scope accuracy and
 * out-of-scope recall, the confusion matrix) and a saved model folder that `sprout predict`
 * answers messages with (the reply table inside).
 */
import { readFile } from 'node:fs/promises';
import { type TextModelFamily, trainTextClassifier } from '../../apps/text/index.js';
import { saveModel } from '../../node/index.js';
import { checkInputFile } from '../check-input-file.js';
import { CliError } from '../cli-error.js';
import { formatLabelReport } from '../format-label-report.js';
import { finiteOnly, jsonMetrics } from '../json-metrics.js';
import { modelFolder, type PipelineTrainOptions, requireFlag } from '../pipeline-train-options.js';
import { readLabelledTexts } from '../read-labelled-texts.js';

/**
 * Runs `sprout train --pipeline text`.
 *
 * @throws CliError for a missing flag, file or column, an unknown model family or a bad reply table;
 *   DataError from training (a single class).
 * @example
 * await trainTextCommand({ pipeline: 'text', train: 'train.tsv', test: 'test.tsv', textColumn: 'text', labelColumn: 'intent', seed: 0, json: true });
 */
export async function trainTextCommand(options: PipelineTrainOptions): Promise<void> {
  const need = <T>(value: T | undefined, flag: string): T => requireFlag(value, flag, 'text');
  const trainPath = need(options.train, '--train <file>');
  const testPath = need(options.test, '--test <file>');
  const textColumn = need(options.textColumn, '--text-column <column>');
  const labelColumn = need(options.labelColumn, '--label-column <column>');
  const family = options.model ?? 'tfidf-mlp';
  if (family !== 'tfidf-mlp' && family !== 'transformer') throw new CliError(`--model must be 'tfidf-mlp' or 'transformer' for --pipeline text, got '${family}'`);
  const replies = options.replies === undefined ? {} : await readReplies(options.replies);
  const train = await readLabelledTexts(trainPath, textColumn, labelColumn);
  const validation = options.validation === undefined ? undefined : await readLabelledTexts(options.validation, textColumn, labelColumn);
  const test = await readLabelledTexts(testPath, textColumn, labelColumn);
  const out = modelFolder(options.out, trainPath);
  const labels = new Set(train.labels);
  if (labels.size < 2) throw new CliError(`label column '${labelColumn}' of '${trainPath}' has only one label ('${train.labels[0]}'); a classifier needs at least two`);
  const outOfScope = labels.has('oos') ? 'oos' : null;
  process.stdout.write(
    [
      `Data: ${trainPath}: ${train.texts.length} texts, ${labels.size} labels${outOfScope === null ? '' : " (out-of-scope label 'oos')"}; test ${testPath}: ${test.texts.length} texts`,
      validation === undefined ? 'Validation: a stratified 10 % of the training texts' : `Validation: ${options.validation}: ${validation.texts.length} texts`,
      `Model: ${family}`,
    ].join('\n') + '\n',
  );
  for (const [path, set] of [[trainPath, train], [options.validation, validation], [testPath, test]] as const) {
    if (set !== undefined && set.skipped > 0) process.stderr.write(`note: ${path}: ${set.skipped} rows without a text or label left out\n`);
  }
  const result = await trainTextClassifier({
    train,
    ...(validation === undefined ? {} : { validation }),
    test,
    model: family as TextModelFamily,
    seed: options.seed,
    outOfScopeLabel: outOfScope,
    replies,
    ...(options.fallback === undefined ? {} : { fallback: options.fallback }),
    ...(options.epochs === undefined ? {} : { epochs: options.epochs }),
    onEpoch: (epoch, logs) => process.stderr.write(`epoch ${epoch + 1}: loss ${logs['loss']?.toFixed(4)}, validation accuracy ${logs['val_accuracy']?.toFixed(4)}\n`),
  });
  const report = result.test!;
  const metrics = {
    accuracy: report.accuracy,
    f1Macro: report.f1Macro,
    ...(report.inScopeAccuracy === null ? {} : { inScopeAccuracy: report.inScopeAccuracy }),
    ...(report.outOfScopeRecall === null ? {} : { outOfScopeRecall: report.outOfScopeRecall }),
  };
  const { classifier } = result;
  const metadata = classifier.metadata({
    pipeline: 'text',
    textColumn,
    labelColumn,
    metrics: finiteOnly(metrics),
    training: { train: trainPath, test: testPath, validation: options.validation ?? null, texts: train.texts.length, epochs: result.epochs, bestEpoch: result.bestEpoch + 1, seed: options.seed, seconds: result.seconds },
  });
  await saveModel(classifier.model, out, { labels: classifier.labels, metadata });
  const lines = [
    `Trained ${result.epochs} epochs in ${result.seconds.toFixed(1)} s; kept the weights of epoch ${result.bestEpoch + 1}.`,
    outOfScope === null ? 'Out-of-scope threshold: none (no \'oos\' label)' : `Out-of-scope threshold: ${classifier.threshold.toFixed(3)} (chosen on validation)`,
    '',
    ...formatLabelReport(report, metrics, `test file (${report.samples} texts)`),
    '',
    `Saved the model to ${out}`,
  ];
  process.stdout.write(`\n${lines.join('\n')}\n`);
  if (options.json) process.stdout.write(`${JSON.stringify({ pipeline: 'text', metrics: jsonMetrics(metrics), model: out })}\n`);
}

/**
 * The reply table: a JSON object `{ "intent": "reply", … }`.
 *
 * @throws CliError for a missing file, bad JSON or a value that is not a string.
 */
async function readReplies(path: string): Promise<Record<string, string>> {
  await checkInputFile(path);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new CliError(`--replies '${path}' is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new CliError(`--replies '${path}' must hold a JSON object { "intent": "reply", … }`);
  const replies: Record<string, string> = {};
  for (const [intent, reply] of Object.entries(parsed)) {
    if (typeof reply !== 'string') throw new CliError(`--replies '${path}': the reply of '${intent}' must be a string, got ${typeof reply}`);
    replies[intent] = reply;
  }
  return replies;
}
