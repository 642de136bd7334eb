/**
 * CliModel: a model folder written by `sprout train`, read back for `evaluate`, `predict` and
 * `info`. The folder is a plain `saveModel` folder; what makes it a CLI model is its metadata, which
 * holds everything prediction needs besides the weights — the fitted preprocessing pipeline (its
 * JSON), the training column types, the task, the target and, for regression, how the target was
 * standardised — plus the test metrics and data sizes that `info` shows. Every field is validated
 * on load and nothing in it is executed (DESIGN.md, principle 9).
 */
import { ModelFormatError } from '../core/index.js';
import { Pipeline, type ColumnType, type PipelineTask } from '../data/index.js';
import type { JsonValue } from '../nn/index.js';
import { loadModel } from '../node/index.js';
import type { Model, ModelConfig } from '../train/index.js';
import { CliError } from './cli-error.js';

/** The metadata `sprout train` stores in the model's config.json. */
export interface CliModelMetadata {
  readonly [key: string]: JsonValue;
  /** Always 'sprout-cli/1'. */
  readonly producer: string;
  readonly task: PipelineTask;
  readonly target: string;
  /** Types of the training file's columns, enforced when reading new files. */
  readonly columnTypes: { readonly [name: string]: ColumnType };
  /** The fitted Pipeline's JSON. */
  readonly preprocessing: JsonValue;
  /** Regression: the model predicts (y − mean) / std. */
  readonly targetScaling: { readonly mean: number; readonly std: number } | null;
  /** Metrics on the test split. */
  readonly metrics: { readonly [name: string]: number };
  /** Where the model came from: file, rows and split sizes, features, epochs, seed. */
  readonly training: { readonly [key: string]: JsonValue };
}

/** Tag of the metadata format. */
export const CLI_MODEL_PRODUCER = 'sprout-cli/1';

/** A loaded CLI model. */
export interface CliModel {
  readonly model: Model;
  readonly config: ModelConfig;
  readonly pipeline: Pipeline;
  readonly metadata: CliModelMetadata;
}

const TYPES: readonly ColumnType[] = ['numeric', 'categorical', 'boolean', 'text'];

/**
 * Loads a folder written by `sprout train`.
 *
 * @param dir The model folder.
 * @throws CliError when the folder is missing, damaged, or was not written by `sprout train`.
 * @example
 * const { model, pipeline, metadata } = await loadCliModel('models/digits');
 */
export async function loadCliModel(dir: string): Promise<CliModel> {
  let loaded: Awaited<ReturnType<typeof loadModel>>;
  try {
    loaded = await loadModel(dir);
  } catch (error) {
    if (error instanceof Error) throw new CliError(`cannot load the model folder '${dir}': ${error.message.replace(/^loadModel: /, '')}`);
    throw error;
  }
  const bad = (what: string): never => {
    throw new CliError(`'${dir}' is not a model written by 'sprout train': ${what}`);
  };
  const meta = loaded.config.metadata;
  if (meta['producer'] !== CLI_MODEL_PRODUCER) bad(`metadata.producer is ${JSON.stringify(meta['producer'] ?? null)}, expected '${CLI_MODEL_PRODUCER}'`);
  const task = meta['task'];
  if (task !== 'classification' && task !== 'regression') return bad(`metadata.task is ${JSON.stringify(task ?? null)}`);
  const target = meta['target'];
  if (typeof target !== 'string') return bad('metadata.target is not a string');
  const columnTypes = meta['columnTypes'];
  if (!isObject(columnTypes) || Object.values(columnTypes).some((t) => !TYPES.includes(t as ColumnType))) return bad('metadata.columnTypes is not a map of column types');
  const scaling = meta['targetScaling'];
  if (scaling !== null && !(isObject(scaling) && isFiniteNumber(scaling['mean']) && isFiniteNumber(scaling['std']) && scaling['std'] > 0)) return bad('metadata.targetScaling is malformed');
  if (task === 'regression' && scaling === null) bad('metadata.targetScaling is missing');
  const metrics = meta['metrics'];
  if (!isObject(metrics)) return bad('metadata.metrics is not an object');
  const training = meta['training'];
  if (!isObject(training)) return bad('metadata.training is not an object');
  let pipeline: Pipeline;
  try {
    pipeline = Pipeline.fromJSON(meta['preprocessing']);
  } catch (error) {
    if (error instanceof ModelFormatError) return bad(`metadata.preprocessing: ${error.message}`);
    throw error;
  }
  if (!pipeline.fitted || pipeline.target !== target || pipeline.task !== task) bad('metadata.preprocessing does not match the task and target');
  return { model: loaded.model, config: loaded.config, pipeline, metadata: meta as CliModelMetadata };
}

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: JsonValue | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
