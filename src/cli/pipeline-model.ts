/**
 * loadPipelineModel: opens a model folder written by `sprout train --pipeline …` and says which
 * pipeline made it, from the config's metadata (`text`, `recommender`, …), so `predict`,
 * `recommend` and `generate` can each take the kind they answer for and name the kind they got.
 * Tabular models (`sprout train` without --pipeline) come back as `{ kind: 'tabular' }`: their
 * loader is loadCliModel.
 */
import { join } from 'node:path';
import { ImageClassifier } from '../apps/image/index.js';
import { CharLanguageModel } from '../apps/lm/index.js';
import { Recommender, registerMatrixFactorization } from '../apps/recommend/index.js';
import { SpeechClassifier } from '../apps/speech/index.js';
import { TextClassifier } from '../apps/text/index.js';
import { ModelFormatError } from '../core/index.js';
import { loadModel, MODEL_WEIGHTS_FILE, NODE_FILE_SYSTEM } from '../node/index.js';
import { CliError } from './cli-error.js';

/** A loaded pipeline model. */
export type PipelineModel =
  | { readonly kind: 'text'; readonly classifier: TextClassifier; readonly metadata: Readonly<Record<string, unknown>> }
  | { readonly kind: 'recommend'; readonly recommender: Recommender }
  | { readonly kind: 'lm'; readonly model: CharLanguageModel }
  | { readonly kind: 'speech'; readonly classifier: SpeechClassifier }
  | { readonly kind: 'image'; readonly classifier: ImageClassifier }
  | { readonly kind: 'tabular' };

/** The kind of model a folder holds, in words, for error messages. */
export const MODEL_KIND_NAMES: Readonly<Record<PipelineModel['kind'], string>> = {
  text: "a text model ('sprout train --pipeline text')",
  recommend: "a recommender ('sprout train --pipeline recommend')",
  speech: "a speech model ('sprout train --pipeline speech')",
  lm: "a language model ('sprout train --pipeline lm')",
  image: "an image classifier ('sprout train --pipeline image')",
  tabular: "a tabular model ('sprout train --data')",
};

/**
 * Loads a model folder and recognises its pipeline.
 *
 * @throws CliError for a missing or damaged folder, or metadata its pipeline cannot read.
 * @example
 * const model = await loadPipelineModel('models/intents');
 * if (model.kind === 'text') model.classifier.answer('where is my parcel');
 */
export async function loadPipelineModel(dir: string): Promise<PipelineModel> {
  registerMatrixFactorization();
  let loaded: Awaited<ReturnType<typeof loadModel>>;
  try {
    loaded = await loadModel(dir);
  } catch (error) {
    if (error instanceof Error) throw new CliError(`cannot load the model folder '${dir}': ${error.message.replace(/^loadModel: /, '')}`);
    throw error;
  }
  const metadata = loaded.config.metadata as Readonly<Record<string, unknown>>;
  try {
    if ('text' in metadata) return { kind: 'text', classifier: TextClassifier.fromModel(loaded.model, loaded.config), metadata };
    if ('speech' in metadata) return { kind: 'speech', classifier: SpeechClassifier.fromModel(loaded.model, loaded.config) };
    if ('image' in metadata) {
      // The classifier rebuilds its network from the artifacts, checking metadata.image beside it.
      const weights = await NODE_FILE_SYSTEM.readFile(join(loaded.folder, MODEL_WEIGHTS_FILE));
      return { kind: 'image', classifier: ImageClassifier.fromArtifacts({ config: loaded.config, weights }) };
    }
    if ('lm' in metadata) return { kind: 'lm', model: CharLanguageModel.fromModel(loaded.model, metadata) };
    if ('recommender' in metadata) return { kind: 'recommend', recommender: Recommender.fromModel(loaded.model, metadata) };
  } catch (error) {
    if (error instanceof ModelFormatError) throw new CliError(`cannot load the model folder '${dir}': ${error.message}`);
    throw error;
  }
  return { kind: 'tabular' };
}

/**
 * The model as the kind a command needs, or a CliError naming what the folder holds.
 *
 * @example
 * const { recommender } = expectKind(await loadPipelineModel(dir), 'recommend', dir, 'sprout recommend');
 */
export function expectKind<K extends PipelineModel['kind']>(model: PipelineModel, kind: K, dir: string, command: string): Extract<PipelineModel, { kind: K }> {
  if (model.kind !== kind) throw new CliError(`'${dir}' holds ${MODEL_KIND_NAMES[model.kind]}; ${command} needs ${MODEL_KIND_NAMES[kind]}`);
  return model as Extract<PipelineModel, { kind: K }>;
}
