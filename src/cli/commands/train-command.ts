/**
 * `sprout train`: a labelled CSV/TSV in, a saved model folder and an honest report out. The steps
 * are those of prepareTrainingData (clean, split, preprocess), then an MLP trained with Adam and
 * early stopping on the validation split (best weights restored), scored once on the test split,
 * and saved with its preprocessing, labels and metrics so `predict` repeats the same steps.
 */
import { basename, extname, join, resolve } from 'node:path';
import { Generator } from '../../core/index.js';
import type { PipelineTask } from '../../data/index.js';
import type { JsonValue } from '../../nn/index.js';
import { type ConfusionMatrixArtifact, resolveRunsDir, saveModel } from '../../node/index.js';
import { privateTraining } from '../../privacy/index.js';
import { EarlyStopping, ProgressBar } from '../../train/index.js';
import { buildMlp, DEFAULT_HIDDEN_UNITS } from '../build-mlp.js';
import { checkTrainingTable } from '../check-training-table.js';
import { CLI_MODEL_PRODUCER, type CliModelMetadata } from '../cli-model.js';
import { evaluate } from '../evaluation.js';
import { formatEvaluation } from '../format-evaluation.js';
import { finiteOnly, jsonMetrics } from '../json-metrics.js';
import { loadTable } from '../load-table.js';
import { modelOutputs } from '../model-outputs.js';
import { transformNotes } from '../transform-notes.js';
import { prepareTrainingData } from '../prepare-training-data.js';
import { trackRun } from '../track-run.js';

/** Options of {@link trainCommand} (the command-line flags). */
export interface TrainCommandOptions {
  readonly data: string;
  readonly target: string;
  readonly task: PipelineTask | 'auto';
  readonly test?: string;
  /** Default: models/<data file name without extension>. */
  readonly out?: string;
  readonly epochs: number;
  readonly seed: number;
  readonly json: boolean;
  /** Record the run in the run store (default true; `--no-track` turns it off). */
  readonly track?: boolean;
  /** The runs folder (default: resolveRunsDir — $SPROUT_RUNS_DIR or .sprout). */
  readonly runsDir?: string;
  /** The run's name (default: the data file's name without extension). */
  readonly name?: string;
  /** Train with DP-SGD to this (ε, δ) budget, clipping each example's gradient to maxGradNorm. */
  readonly privacy?: { readonly targetEpsilon: number; readonly delta: number; readonly maxGradNorm: number };
}

/** Early stopping waits this many epochs without a lower validation loss. */
const PATIENCE = 5;
const BATCH_SIZE = 32;
const LEARNING_RATE = 1e-3;

/**
 * Runs `sprout train`.
 *
 * @throws CliError for bad input (see checkTrainingTable and loadTable); DataError from preprocessing.
 * @example
 * await trainCommand({ data: 'data/digits.csv', target: 'target', task: 'auto', epochs: 50, seed: 0, json: false });
 */
export async function trainCommand(options: TrainCommandOptions): Promise<void> {
  const { target, seed } = options;
  const table = await loadTable(options.data);
  const task = checkTrainingTable(table, options.data, target, options.task);
  let testTable;
  if (options.test !== undefined) {
    testTable = await loadTable(options.test, { types: table.types });
    checkTrainingTable(testTable, options.test, target, task === 'classification' ? 'auto' : task);
  }
  const data = prepareTrainingData(table, { target, task, seed, ...(testTable === undefined ? {} : { testTable }) });
  const { pipeline, train, validation, test } = data;
  const classes = task === 'classification' ? pipeline.classes : [];
  const features = train.x.shape[1]!;
  const model = buildMlp(features, task === 'classification' ? classes.length : 1, seed);
  const loss = task === 'classification' ? 'crossEntropy' : 'mse';
  const privacy = options.privacy === undefined ? undefined : privateTraining({ ...options.privacy, generator: new Generator(seed + 1) });
  model.compile({ optimizer: 'adam', learningRate: LEARNING_RATE, loss, metrics: task === 'classification' ? ['accuracy'] : [], ...(privacy === undefined ? {} : { privacy }) });

  const out = options.out ?? join('models', basename(options.data, extname(options.data)));
  const lines: string[] = [
    `Data: ${options.data}: ${table.rowCount} rows, ${table.columnCount} columns; target '${target}' (${task}${task === 'classification' ? `, ${classes.length} classes` : ''})`,
    `Cleaning: ${data.duplicatesDropped} duplicate rows and ${data.missingTargetsDropped} rows without a target dropped`,
    `Split: ${train.rows} training, ${validation.rows} validation, ${test.rows} test rows${options.test === undefined ? ` (70/15/15${task === 'classification' ? ', stratified' : ''}, seed ${seed})` : ` (test rows from ${options.test})`}`,
    `Features: ${features} from ${Object.values(pipeline.columnsByBranch).reduce((s, c) => s + c.length, 0)} columns (${pipeline.branches.map((b) => `${b.name}: ${b.steps.map((s) => s.kind).join(' → ')}`).join('; ')})`,
  ];
  for (const { column, reason } of data.ignored) lines.push(`Ignored column '${column}': ${reason}`);
  for (const note of transformNotes(data.report)) process.stderr.write(`note: ${note}\n`);
  process.stdout.write(`${lines.join('\n')}\n`);

  // The run is recorded from here on: bad input above fails before any record is made.
  const run = trackRun(options.track === false ? null : resolveRunsDir(options.runsDir), {
    name: options.name ?? basename(options.data, extname(options.data)),
    seed,
    modelDir: resolve(out),
    config: {
      data: resolve(options.data),
      test: options.test === undefined ? null : resolve(options.test),
      target,
      task,
      model: { kind: 'mlp', hidden: [...DEFAULT_HIDDEN_UNITS], features, outputs: task === 'classification' ? classes.length : 1 },
      optimizer: 'adam',
      learningRate: LEARNING_RATE,
      loss,
      batchSize: BATCH_SIZE,
      maxEpochs: options.epochs,
      earlyStopping: { monitor: 'val_loss', patience: PATIENCE },
      rows: { train: train.rows, validation: validation.rows, test: test.rows },
    },
  });
  try {
    const stopping = new EarlyStopping({ monitor: 'val_loss', patience: PATIENCE, restoreBestWeights: true });
    const history = await model.fit(train.x, train.y, {
      epochs: options.epochs,
      batchSize: BATCH_SIZE,
      validationData: [validation.x, validation.y],
      generator: new Generator(seed),
      callbacks: [stopping, new ProgressBar(process.stderr), ...run.callbacks],
      verbose: 0,
    });
    const epochsRun = history.epochs.length;
    // The budget spent by every epoch run (early stopping may keep earlier weights; their ε is lower).
    const epsilon = privacy === undefined ? null : (history.history['epsilon']?.at(-1) ?? null);

    const outputs = modelOutputs(model, test.x, task, data.targetScaling);
    const evaluation = evaluate(task, outputs, test.yRaw, classes);
    const metadata: CliModelMetadata = {
      producer: CLI_MODEL_PRODUCER,
      task,
      target,
      columnTypes: table.types,
      preprocessing: JSON.parse(JSON.stringify(pipeline)) as JsonValue,
      targetScaling: data.targetScaling,
      metrics: finiteOnly(evaluation.metrics),
      training: {
        data: options.data,
        test: options.test ?? null,
        rows: table.rowCount,
        trainRows: train.rows,
        validationRows: validation.rows,
        testRows: test.rows,
        features,
        epochs: epochsRun,
        bestEpoch: stopping.bestEpoch + 1,
        seed,
        ignoredColumns: data.ignored.map((i) => i.column),
        ...(options.privacy === undefined ? {} : { privacy: { ...options.privacy, epsilonSpent: epsilon, noiseMultiplier: privacy!.noiseMultiplier } }),
      },
    };
    await saveModel(model, out, { metadata, ...(task === 'classification' ? { labels: classes } : {}) });
    const split = `test split (${test.rows} rows)`;
    run.complete(jsonMetrics(evaluation.metrics), {
      training: { epochs: epochsRun, bestEpoch: stopping.bestEpoch + 1 },
      modelSummary: model.summary(),
      ...(evaluation.confusion === undefined ? {} : { confusionMatrix: { labels: [...classes], matrix: evaluation.confusion.map((row) => [...row]), split } satisfies ConfusionMatrixArtifact }),
    });

    const report = [
      `Trained ${epochsRun} epochs; kept the weights of epoch ${stopping.bestEpoch + 1} (lowest validation loss).`,
      ...(options.privacy === undefined
        ? []
        : [`Differential privacy (DP-SGD): ε = ${epsilon?.toFixed(3)} spent of ${options.privacy.targetEpsilon} at δ = ${options.privacy.delta} (noise multiplier ${privacy!.noiseMultiplier.toFixed(3)}, clipping ${options.privacy.maxGradNorm}).`]),
      '',
      ...formatEvaluation(evaluation, split),
      '',
      `Saved the model to ${out}`,
    ];
    process.stdout.write(`\n${report.join('\n')}\n`);
    if (options.json) process.stdout.write(`${JSON.stringify({ task, metrics: jsonMetrics(evaluation.metrics), model: out, run: run.id, ...(epsilon === null ? {} : { epsilon }) })}\n`);
  } catch (error) {
    run.fail(error);
    throw error;
  }
}
