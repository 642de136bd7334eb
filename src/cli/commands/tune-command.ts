/**
 * `sprout tune`: random search over the MLP's settings on the training split, each trial scored on
 * the validation split (the test split stays untouched, for `train` to report honestly). The
 * space is the neighbourhood of `sprout train`'s default network: learning rate (log-uniform
 * 1e-4 … 1e-2), hidden layers 1–3, units 32–256, dropout 0–0.3, batch size 32 or 64. Classification
 * is scored by accuracy, regression by R².
 */
import { formatResults, hp, mlpObjective, randomSearch } from '../../tune/index.js';
import type { PipelineTask } from '../../data/index.js';
import { checkTrainingTable } from '../check-training-table.js';
import { loadTable } from '../load-table.js';
import { prepareTrainingData } from '../prepare-training-data.js';

/** Options of {@link tuneCommand}. */
export interface TuneCommandOptions {
  readonly data: string;
  readonly target: string;
  readonly task: PipelineTask | 'auto';
  readonly trials: number;
  /** Most epochs per trial (early stopping with patience 3 may end sooner). */
  readonly epochs: number;
  readonly seed: number;
  readonly json: boolean;
}

/**
 * Runs `sprout tune`.
 *
 * @throws CliError for bad input, as `sprout train`.
 * @example
 * await tuneCommand({ data: 'data/digits.csv', target: 'target', task: 'auto', trials: 10, epochs: 20, seed: 0, json: false });
 */
export async function tuneCommand(options: TuneCommandOptions): Promise<void> {
  const table = await loadTable(options.data);
  const task = checkTrainingTable(table, options.data, options.target, options.task);
  const data = prepareTrainingData(table, { target: options.target, task, seed: options.seed });
  const metric = task === 'classification' ? 'accuracy' : 'r2';
  process.stdout.write(`Tuning on ${options.data}: ${data.train.rows} training and ${data.validation.rows} validation rows, ${data.train.x.shape[1]} features; ${options.trials} trials, scored by validation ${metric}\n`);
  const results = await randomSearch({
    space: {
      learningRate: hp.logUniform(1e-4, 1e-2),
      hiddenLayers: hp.int(1, 3),
      units: hp.choice([32, 64, 128, 256]),
      dropout: hp.uniform(0, 0.3),
      batchSize: hp.choice([32, 64]),
    },
    objective: mlpObjective({ task, metric, patience: 3, ...(task === 'classification' ? { classes: data.pipeline.classes.length } : {}) }),
    x: data.train.x,
    y: data.train.y,
    validation: { data: [data.validation.x, data.validation.y] },
    trials: options.trials,
    budget: options.epochs,
    seed: options.seed,
    onTrial: (row) => process.stderr.write(`trial ${row.trial + 1}/${options.trials}: ${metric} ${row.score.toFixed(4)} (${row.epochs} epochs, ${row.seconds.toFixed(1)} s)\n`),
  });
  process.stdout.write(`\n${formatResults(results, { top: 10 })}\n`);
  const best = results.best;
  process.stdout.write(`\nBest: ${JSON.stringify(best.config)} with validation ${metric} ${best.score.toFixed(4)}\n`);
  if (options.json) {
    const trials = results.rows.map((r) => ({ trial: r.trial, config: r.config, score: r.score, epochs: r.epochs }));
    process.stdout.write(`${JSON.stringify({ task, metric, best: { config: best.config, score: best.score }, trials })}\n`);
  }
}
