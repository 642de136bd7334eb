/**
 * prepareTrainingData: the data half of `sprout train` and `sprout tune` — clean the labelled
 * table, split it, fit the preprocessing on the training split only and turn every split into
 * tensors:
 *
 * 1. drop duplicate rows and rows without a target (before splitting, so a repeated row cannot be
 *    both trained on and tested on);
 * 2. split 70/15/15 (stratified by class for classification, seeded), or, with a separate test
 *    file, split the rest 85/15 into train and validation;
 * 3. fit {@link tabularPipeline} on the training split, transform the three splits;
 * 4. regression: standardise the target with the training mean and std, so the network learns
 *    numbers near 1 whatever the target's units (the diabetes score runs to 346).
 */
import { div, sub, type Tensor } from '../core/index.js';
import { DropDuplicates, DropMissingRows, splitTable, TransformReport, type Pipeline, type PipelineTask, type Table } from '../data/index.js';
import { CliError } from './cli-error.js';
import { tabularPipeline } from './tabular-pipeline.js';

/** Features and (model-ready) targets of one split. */
export interface SplitTensors {
  readonly x: Tensor;
  /** int32 [N] class indices, or float32 [N, 1] standardised regression targets. */
  readonly y: Tensor;
  /** Targets in the user's units: class indices [N] or regression values [N]. */
  readonly yRaw: Tensor;
  readonly rows: number;
}

/** The prepared data. */
export interface TrainingData {
  readonly task: PipelineTask;
  readonly pipeline: Pipeline;
  readonly train: SplitTensors;
  readonly validation: SplitTensors;
  readonly test: SplitTensors;
  readonly targetScaling: { readonly mean: number; readonly std: number } | null;
  readonly duplicatesDropped: number;
  readonly missingTargetsDropped: number;
  readonly ignored: readonly { readonly column: string; readonly reason: string }[];
  /** Counts of what preprocessing met in the validation and test splits (unseen categories, …). */
  readonly report: TransformReport;
}

/** Options of {@link prepareTrainingData}. */
export interface PrepareOptions {
  readonly target: string;
  readonly task: PipelineTask;
  readonly seed: number;
  /** Rows of a separate test file (already checked to have the target). */
  readonly testTable?: Table;
}

/**
 * Cleans, splits, fits the preprocessing and encodes.
 *
 * @throws CliError when a split ends up empty; DataError from the steps (a test label unseen in training, …).
 * @example
 * const data = prepareTrainingData(table, { target: 'target', task: 'classification', seed: 0 });
 */
export function prepareTrainingData(table: Table, options: PrepareOptions): TrainingData {
  const { target, task, seed } = options;
  const before = table.rowCount;
  const unique = new DropDuplicates().fitTransform(table);
  const duplicatesDropped = before - unique.rowCount;
  const labelled = new DropMissingRows({ columns: [target] }).fitTransform(unique);
  const missingTargetsDropped = unique.rowCount - labelled.rowCount;
  const stratify = task === 'classification' ? { stratify: target } : {};
  const parts =
    options.testTable === undefined
      ? splitTable(labelled, { validation: 0.15, test: 0.15, seed, ...stratify })
      : { ...splitTable(labelled, { validation: 0.15, test: 0, seed, ...stratify }), test: new DropMissingRows({ columns: [target] }).fitTransform(options.testTable) };
  for (const [name, part] of [['training', parts.train], ['validation', parts.validation], ['test', parts.test]] as const) {
    if (part.rowCount === 0) throw new CliError(`the ${name} split is empty: ${labelled.rowCount} labelled rows are too few to split 70/15/15`);
  }
  const { pipeline, ignored } = tabularPipeline(parts.train, target, task);
  const report = new TransformReport();
  const trainOut = pipeline.fitTransform(parts.train);
  const validationOut = pipeline.transform(parts.validation, { clean: true });
  const testOut = pipeline.transform(parts.test, { clean: true });
  for (const out of [validationOut, testOut]) mergeReport(report, out.report);
  let targetScaling: { mean: number; std: number } | null = null;
  if (task === 'regression') {
    const values = Array.from(trainOut.y!.dataSync());
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
    // A constant target would divide by zero; std 1 leaves it as is.
    targetScaling = { mean, std: variance > 0 ? Math.sqrt(variance) : 1 };
  }
  const tensors = (out: { x: Tensor; y?: Tensor; rowCount: number }): SplitTensors => {
    const yRaw = out.y!;
    const y = targetScaling === null ? yRaw : div(sub(yRaw, targetScaling.mean), targetScaling.std).reshape([-1, 1]);
    return { x: out.x, y, yRaw, rows: out.rowCount };
  };
  return {
    task,
    pipeline,
    train: tensors(trainOut),
    validation: tensors(validationOut),
    test: tensors(testOut),
    targetScaling,
    duplicatesDropped,
    missingTargetsDropped,
    ignored,
    report,
  };
}

function mergeReport(into: TransformReport, from: TransformReport): void {
  for (const [event, byColumn] of Object.entries(from.toJSON())) {
    for (const [column, n] of Object.entries(byColumn)) into.add(event as Parameters<TransformReport['add']>[0], column, n);
  }
}
