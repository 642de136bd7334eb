/**
 * CliModel: a model folder written by `sprout train`, read back for `evaluate`, `predict` and
 * `info`. The reading and checking live in `src/node/load-tabular-model.ts` (the HTTP service reads
 * the same folders); this file turns its ModelFormatError into the CLI's CliError and keeps the
 * CLI's names for the types.
 */
import { ModelFormatError } from '../core/index.js';
import { loadTabularModel, TABULAR_MODEL_PRODUCER, type TabularModel, type TabularModelMetadata } from '../node/index.js';
import { CliError } from './cli-error.js';

/** The metadata `sprout train` stores in the model's config.json. */
export type CliModelMetadata = TabularModelMetadata;

/** Tag of the metadata format. */
export const CLI_MODEL_PRODUCER = TABULAR_MODEL_PRODUCER;

/** A loaded CLI model. */
export type CliModel = TabularModel;

/**
 * Loads a folder written by `sprout train`.
 *
 * @param dir The model folder.
 * @throws CliError when the folder is missing, damaged, or was not written by `sprout train`.
 * @example
 * const { model, pipeline, metadata } = await loadCliModel('models/digits');
 */
export async function loadCliModel(dir: string): Promise<CliModel> {
  try {
    return await loadTabularModel(dir);
  } catch (error) {
    if (error instanceof ModelFormatError) throw new CliError(error.message);
    throw error;
  }
}
