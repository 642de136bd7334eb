/**
 * loadModelFolder: `loadModel` for the faces (CLI, HTTP service), whose users read
 * "cannot load the model folder 'x': <why>" rather than the library function's name.
 */
import { ModelFormatError } from '../core/index.js';
import { loadModel, type LoadedModel } from './load-model.js';

/**
 * Loads a saved model folder, every failure as one ModelFormatError that names the folder.
 *
 * @param dir The model folder.
 * @throws ModelFormatError "cannot load the model folder '<dir>': <reason>".
 * @example
 * const { model, config, folder } = await loadModelFolder('models/digits');
 */
export async function loadModelFolder(dir: string): Promise<LoadedModel> {
  try {
    return await loadModel(dir);
  } catch (error) {
    if (error instanceof Error) throw new ModelFormatError(`cannot load the model folder '${dir}': ${error.message.replace(/^loadModel: /, '')}`, { cause: error });
    throw error;
  }
}
