/**
 * loadServedModel: reads a model folder and picks its adapter from the config's metadata — a
 * folder written by `sprout train` (metadata.producer 'sprout-cli/1') is a tabular model; one whose
 * metadata holds `text`, `image`, `speech` or `lm` was written by that pipeline (see
 * docs/pipelines/) and is served as a text, image, speech or language model. Anything else is
 * refused with the reason: the service would not know what JSON to accept. As with every loader,
 * nothing in the folder is executed.
 */
import { join } from 'node:path';
import { ImageClassifier } from '../apps/image/index.js';
import { CharLanguageModel } from '../apps/lm/index.js';
import { SpeechClassifier } from '../apps/speech/index.js';
import { TextClassifier } from '../apps/text/index.js';
import { ModelFormatError } from '../core/index.js';
import { loadModelFolder, MODEL_WEIGHTS_FILE, NODE_FILE_SYSTEM, TABULAR_MODEL_PRODUCER, tabularModelFromLoaded } from '../node/index.js';
import { imageServedModel } from './image-served-model.js';
import { lmServedModel } from './lm-served-model.js';
import type { ServedModel } from './served-model.js';
import { speechServedModel } from './speech-served-model.js';
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
  // The text and image classifiers rebuild their network from the same artifacts, with what they need beside it.
  const artifacts = async (): Promise<{ config: unknown; weights: Uint8Array }> => ({ config: loaded.config, weights: await NODE_FILE_SYSTEM.readFile(join(loaded.folder, MODEL_WEIGHTS_FILE)) });
  if (metadata['text'] !== undefined) return textServedModel(TextClassifier.fromArtifacts(await artifacts()));
  if (metadata['image'] !== undefined) return imageServedModel(ImageClassifier.fromArtifacts(await artifacts()));
  if (metadata['speech'] !== undefined) return speechServedModel(SpeechClassifier.fromModel(loaded.model, loaded.config));
  if (metadata['lm'] !== undefined) return lmServedModel(CharLanguageModel.fromModel(loaded.model, metadata));
  throw new ModelFormatError(
    `'${dir}' holds a model the service cannot run: its config has neither metadata.producer '${TABULAR_MODEL_PRODUCER}' (a 'sprout train' model) nor metadata.text, .image, .speech or .lm (a pipeline model); without them it does not say what input it reads`,
  );
}
