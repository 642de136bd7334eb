/**
 * `sprout evaluate`: scores a saved model on a labelled file — the same preprocessing as training
 * (rows without a target are dropped, as in training), the same metrics and report as
 * `sprout train`, and with `--json` one JSON line at the end.
 */
import { CliError } from '../cli-error.js';
import { loadCliModel } from '../cli-model.js';
import { evaluate } from '../evaluation.js';
import { formatEvaluation } from '../format-evaluation.js';
import { loadTable } from '../load-table.js';
import { modelOutputs } from '../model-outputs.js';
import { transformNotes } from '../transform-notes.js';

/** Options of {@link evaluateCommand}. */
export interface EvaluateCommandOptions {
  readonly dir: string;
  readonly data: string;
  readonly json: boolean;
}

/**
 * Runs `sprout evaluate`.
 *
 * @throws CliError for a bad model folder or file, or a file without the target column; DataError
 *   for a target label the model never saw.
 * @example
 * await evaluateCommand({ dir: 'models/digits', data: 'data/digits.csv', json: true });
 */
export async function evaluateCommand(options: EvaluateCommandOptions): Promise<void> {
  const { model, pipeline, metadata } = await loadCliModel(options.dir);
  const table = await loadTable(options.data, { types: metadata.columnTypes });
  if (!table.has(metadata.target)) throw new CliError(`no column '${metadata.target}' (the model's target) in '${options.data}', so there is nothing to compare with; the columns are: ${table.names.join(', ')}`);
  const { x, y, rowCount, report } = pipeline.transform(table, { clean: true });
  if (rowCount === 0) throw new CliError(`'${options.data}' has no row with a value in the target column '${metadata.target}'`);
  const outputs = modelOutputs(model, x, metadata.task, metadata.targetScaling);
  const evaluation = evaluate(metadata.task, outputs, y!, metadata.task === 'classification' ? pipeline.classes : []);
  for (const line of transformNotes(report)) process.stderr.write(`note: ${line}\n`);
  process.stdout.write(`${formatEvaluation(evaluation, `${options.data} (${rowCount} rows)`).join('\n')}\n`);
  if (options.json) {
    const metrics = Object.fromEntries(Object.entries(evaluation.metrics).map(([k, v]) => [k, Number.isFinite(v) ? v : null]));
    process.stdout.write(`${JSON.stringify({ task: metadata.task, metrics, model: options.dir, rows: rowCount })}\n`);
  }
}
