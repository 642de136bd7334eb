/**
 * `sprout compress`: makes a saved model smaller — int8 quantisation, magnitude pruning (with
 * fine-tuning) or knowledge distillation into a smaller student — and saves the result as a new
 * model folder that `predict`, `evaluate` and `info` read like any other. The report compares size
 * and accuracy (RMSE for regression) before and after, measured on the --data rows.
 */
import { resolve } from 'node:path';
import { argmax, Generator, narrow } from '../../core/index.js';
import {
  distill,
  modelSize,
  PruningCallback,
  pruneMagnitude,
  quantizeInt8,
  removePrunedNeurons,
  type CalibrationMethod,
} from '../../compress/index.js';
import type { JsonValue } from '../../nn/index.js';
import { loadModel, saveModel } from '../../node/index.js';
import { Model } from '../../train/index.js';
import { CliError } from '../cli-error.js';
import { CLI_MODEL_PRODUCER, type CliModel, loadCliModel } from '../cli-model.js';
import { type CompressionData, loadCompressionData } from '../compression-data.js';
import { studentFromConfig } from '../student-from-config.js';

/** Options of {@link compressCommand} (the command-line flags). */
export interface CompressCommandOptions {
  readonly dir: string;
  readonly out: string;
  readonly data: string;
  readonly quantize?: string;
  readonly prune?: number;
  readonly structured: boolean;
  readonly scope: 'global' | 'layer';
  readonly distill?: string;
  /** Fine-tuning (pruning, default 2) or training (distillation, default 20) epochs. */
  readonly epochs?: number;
  readonly learningRate: number;
  readonly temperature: number;
  readonly alpha: number;
  readonly calibration: CalibrationMethod;
  readonly calibrationRows: number;
  readonly seed: number;
  readonly json: boolean;
}

/** Accuracy (classification) or RMSE in the model's target units (regression) of outputs. */
function score(model: Model, data: CompressionData, cli: CliModel | null): number {
  const out = model.predict(data.x, { batchSize: 256 });
  if (data.task === 'classification') {
    const predicted = argmax(out, 1).dataSync();
    const truth = data.y.dataSync();
    let right = 0;
    for (let i = 0; i < truth.length; i++) if (predicted[i] === truth[i]) right++;
    return right / truth.length;
  }
  const std = cli?.metadata.targetScaling?.std ?? 1;
  return out.reshape([-1]).sub(data.y.reshape([-1])).square().mean().sqrt().item() * std;
}

/**
 * Runs `sprout compress`.
 *
 * @throws CliError for a bad model folder, data file or option (not exactly one of --quantize,
 *   --prune, --distill; a sparsity outside [0, 1); --out equal to the model folder; distillation of
 *   a regression model).
 * @example
 * await compressCommand({ dir: 'models/digits', out: 'models/digits-int8', data: 'data/digits.csv', quantize: 'int8', … });
 */
export async function compressCommand(options: CompressCommandOptions): Promise<void> {
  const chosen = [options.quantize !== undefined, options.prune !== undefined, options.distill !== undefined].filter(Boolean).length;
  if (chosen !== 1) throw new CliError('choose exactly one of --quantize int8, --prune SPARSITY and --distill STUDENT_CONFIG');
  if (options.quantize !== undefined && options.quantize !== 'int8') throw new CliError(`--quantize supports 'int8', got '${options.quantize}'`);
  if (options.prune !== undefined && !(options.prune >= 0 && options.prune < 1)) throw new CliError(`--prune must be a sparsity in [0, 1), got ${options.prune}`);
  if (options.structured && options.prune === undefined) throw new CliError('--structured applies to --prune only');
  if (resolve(options.out) === resolve(options.dir)) throw new CliError('--out must name a new folder, not the model folder being compressed');

  let loaded: Awaited<ReturnType<typeof loadModel>>;
  try {
    loaded = await loadModel(options.dir);
  } catch (error) {
    throw new CliError(`cannot load the model folder '${options.dir}': ${(error as Error).message.replace(/^loadModel: /, '')}`);
  }
  const cli = loaded.config.metadata['producer'] === CLI_MODEL_PRODUCER ? await loadCliModel(options.dir) : null;
  const source = cli?.model ?? loaded.model;
  const data = await loadCompressionData(options.data, cli);
  const before = { bytes: modelSize(source.module).bytes, score: score(source, data, cli) };
  const loss = data.task === 'classification' ? 'crossEntropy' : 'mse';

  let result: Model;
  let record: { [key: string]: JsonValue };
  if (options.quantize !== undefined) {
    const calibration = narrow(data.x, 0, 0, Math.min(options.calibrationRows, data.rows));
    const { module, quantizedLayerCount } = quantizeInt8(source.module, calibration, { method: options.calibration });
    result = new Model(module);
    record = { method: 'int8', calibration: options.calibration, calibrationRows: calibration.shape[0]!, quantizedLayers: quantizedLayerCount };
  } else if (options.prune !== undefined) {
    const masks = pruneMagnitude(source.module, { sparsity: options.prune, structured: options.structured, scope: options.scope });
    const epochs = options.epochs ?? 2;
    if (epochs > 0) {
      source.compile({ optimizer: 'adam', learningRate: options.learningRate, loss, metrics: [] });
      await source.fit(data.x, data.y, { epochs, batchSize: 32, generator: new Generator(options.seed), callbacks: [new PruningCallback(masks)], verbose: 0 });
    }
    masks.removePruning();
    const sparsity = masks.sparsity().overall;
    // Structured pruning: drop the zeroed neurons for real (MLPs; other models keep their zeros).
    const { module, removedNeurons } = options.structured ? removePrunedNeurons(source.module) : { module: source.module, removedNeurons: 0 };
    result = module === source.module ? source : new Model(module);
    record = { method: 'prune', sparsity, target: options.prune, structured: options.structured, scope: options.scope, fineTuneEpochs: epochs, removedNeurons };
  } else {
    if (data.task !== 'classification') throw new CliError('--distill needs a classification model (the student learns the teacher\'s class probabilities)');
    const classes = source.predict(narrow(data.x, 0, 0, 1)).shape[1]!;
    const student = new Model(await studentFromConfig(options.distill!, data.x.shape[1]!, classes, options.seed));
    const epochs = options.epochs ?? 20;
    await distill(source, student, data.x, data.y, {
      epochs,
      batchSize: 32,
      temperature: options.temperature,
      alpha: options.alpha,
      learningRate: options.learningRate,
      generator: new Generator(options.seed),
      verbose: 0,
    });
    result = student;
    record = { method: 'distill', student: options.distill!, temperature: options.temperature, alpha: options.alpha, epochs, parameters: student.module.parameterCount() };
  }
  const after = { bytes: modelSize(result.module).bytes, score: score(result, data, cli) };
  const metric = data.task === 'classification' ? 'accuracy' : 'rmse';
  const compression = { ...record, source: options.dir, data: options.data, rows: data.rows, metric, before, after };
  await saveModel(result, options.out, {
    metadata: { ...loaded.config.metadata, compression },
    ...(loaded.config.labels === null ? {} : { labels: loaded.config.labels }),
  });
  const kb = (b: number): string => `${(b / 1024).toFixed(1)} KiB`;
  const lines = [
    `Compressed ${options.dir} (${String(record['method'])}) → ${options.out}`,
    `  size        ${kb(before.bytes)} → ${kb(after.bytes)} (${((100 * after.bytes) / before.bytes).toFixed(1)} %)`,
    `  ${metric.padEnd(10)}  ${before.score.toFixed(4)} → ${after.score.toFixed(4)} (on the ${data.rows} rows of ${options.data})`,
  ];
  if (options.prune !== undefined) {
    const removed = record['removedNeurons'] as number;
    lines.push(`  sparsity    ${(100 * (record['sparsity'] as number)).toFixed(1)} % of the pruned layers' weights${removed > 0 ? `; ${removed} zeroed neurons removed from the network` : ''}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  if (options.json) process.stdout.write(`${JSON.stringify({ out: options.out, ...compression })}\n`);
}
