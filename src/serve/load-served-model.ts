/**
 * loadServedModel: reads a model folder and picks its adapter from the config's metadata — a
 * folder written by `sprout train` (metadata.producer 'sprout-cli/1') is a tabular model, a
 * folder holding a text classifier's artifacts (metadata.text, see docs/pipelines/text.md) is a
 * text model. Anything else is refused with the reason: the service would not know what JSON to
 * accept. As with every loader, nothing in the folder is executed.
 */
import { join } from 'node:path';
import { TextClassifier } from '../apps/text/index.js';
import { ModelFormatError } from '../core/index.js';
import { loadModelFolder, MODEL_WEIGHTS_FILE, NODE_FILE_SYSTEM, TABULAR_MODEL_PRODUCER, tabularModelFromLoaded } from '../node/index.js';
import type { ServedModel } from './served-model.js';
import { tabularServedModel } from './tabular-served-model.js';
import { textServedModel } from './text-served-model.js';

/**
 * Loads a model folder for the service.
 *
 * @param dir The model folder.
 * @throws ModelFormatError when the folder cannot be loaded or holds a model the service cannot run.
 * @example
 * const served = await loadServedModel('models/digits');
 */
export async function loadServedModel(dir: string): Promise<ServedModel> {
  const loaded = await loadModelFolder(dir);
  const metadata = loaded.config.metadata;
  if (metadata['producer'] === TABULAR_MODEL_PRODUCER) {
    return tabularServedModel({ ...tabularModelFromLoaded(dir, loaded.config), model: loaded.model, config: loaded.config });
  }
  if (metadata['text'] !== undefined) {
    // The text classifier rebuilds its network from the same artifacts, with its encoder beside it.
    const weights = await NODE_FILE_SYSTEM.readFile(join(loaded.folder, MODEL_WEIGHTS_FILE));
    return textServedModel(TextClassifier.fromArtifacts({ config: loaded.config, weights }));
  }
  throw new ModelFormatError(
    `'${dir}' holds a model the service cannot run: its config has neither metadata.producer '${TABULAR_MODEL_PRODUCER}' (a 'sprout train' model) nor metadata.text (a text classifier); without them it does not say what input it reads`,
  );
}
