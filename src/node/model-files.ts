/** The two files of a model folder (DESIGN.md, "Models"), named as Hugging Face names them. */

/**
 * The JSON config: architecture, compile settings, labels, metadata, versions, tensor list.
 *
 * @example
 * const config = JSON.parse(await readFile(join(dir, MODEL_CONFIG_FILE), 'utf8'));
 */
export const MODEL_CONFIG_FILE = 'config.json';

/**
 * The weights, in the safetensors format.
 *
 * @example
 * const { tensors } = decodeSafetensors(await readFile(join(dir, MODEL_WEIGHTS_FILE)));
 */
export const MODEL_WEIGHTS_FILE = 'model.safetensors';
