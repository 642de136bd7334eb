/**
 * Loading a model folder written by `saveModel`. Nothing in the folder is executed: the config is
 * parsed as JSON and checked field by field, the weights as safetensors (see `modelFromArtifacts`).
 */
import { basename, dirname, join, resolve } from 'node:path';
import { registerCompressedLayers } from '../compress/index.js';
import { ModelFormatError, ValueError } from '../core/index.js';
import type { Model } from '../train/model.js';
import { type ModelConfig, modelFromArtifacts } from '../train/model-artifacts.js';
import { decryptBytes, isEncrypted } from './encrypted-file.js';
import type { EncryptionOptions } from './encryption-key.js';
import { type FileSystemOps, NODE_FILE_SYSTEM, type PathKind } from './file-system-ops.js';
import { MODEL_CONFIG_FILE, MODEL_WEIGHTS_FILE } from './model-files.js';
import { recoveryCandidates } from './model-folder-names.js';

/** Options of {@link loadModel}. */
export interface LoadModelOptions {
  /** The file system to use (default: Node's). */
  readonly fileSystem?: FileSystemOps;
  /** The key of a model saved with `encryption` (`{ key | keyFile | passphrase | env }`). */
  readonly encryption?: EncryptionOptions;
}

/** What {@link loadModel} returns. */
export interface LoadedModel {
  /** The model, compiled when the config records compile settings. */
  readonly model: Model;
  /** The model's config: labels, metadata, versions, architecture, tensor list. */
  readonly config: ModelConfig;
  /** The folder read: `dir`, or the complete copy an interrupted save left beside it. */
  readonly folder: string;
}

function describeError(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? `${String((error as { code: unknown }).code)}: ` : '';
  return `${code}${error instanceof Error ? error.message : String(error)}`;
}

/**
 * Loads the model folder `dir` written by `saveModel`: reads `config.json` and `model.safetensors`,
 * rebuilds the architecture from the layer registry, copies the weights in and compiles the model
 * again when the config says how (with a fresh optimiser: optimiser state is not saved).
 *
 * When `dir` is missing because a save was interrupted between its two renames, the complete copy
 * that save left beside it (`.<name>.sprout-new-<id>`, else `.<name>.sprout-old-<id>`) is read,
 * without changing anything on disk; the next `saveModel` to `dir` tidies up.
 *
 * @param dir The model folder.
 * @param options The file system to use, and `encryption` for a model saved encrypted.
 * @returns The model, its config (labels in `config.labels`) and the folder that was read.
 * @throws ValueError for an empty path or a bad key source; DecryptionError when an encrypted
 *   model does not open (wrong key, altered or truncated file) — nothing is loaded. ModelFormatError naming the folder and the problem: no
 *   folder, a missing or unreadable file, a config that is not JSON or not a Sprout model config,
 *   an unknown format version or layer type, truncated or malformed weights, a tensor missing,
 *   extra or of the wrong shape or dtype.
 * @example
 * const { model, config } = await loadModel('models/intent');
 * const best = argmax(model.predict(x), 1).toArray() as number[];
 * console.log(best.map((i) => config.labels?.[i]));
 */
export async function loadModel(dir: string, options: LoadModelOptions = {}): Promise<LoadedModel> {
  if (typeof dir !== 'string' || dir === '') throw new ValueError(`loadModel: dir must be a non-empty path, got ${JSON.stringify(dir)}`);
  const fs = options.fileSystem ?? NODE_FILE_SYSTEM;
  const fail = (message: string, cause?: unknown): never => {
    throw new ModelFormatError(`loadModel: ${message}`, cause === undefined ? undefined : { cause });
  };
  const target = resolve(dir);
  let kind: PathKind;
  try {
    kind = await fs.kind(target);
  } catch (error) {
    return fail(`cannot read '${dir}' (${describeError(error)})`, error);
  }
  let folder = target;
  if (kind === null) {
    const entries = await fs.readdir(dirname(target)).catch(() => [] as string[]);
    const [candidate] = recoveryCandidates(basename(target), entries);
    if (candidate === undefined) return fail(`no model folder at '${dir}'`);
    folder = join(dirname(target), candidate);
  } else if (kind !== 'directory') {
    return fail(`'${dir}' is not a folder; a saved model is a folder holding ${MODEL_CONFIG_FILE} and ${MODEL_WEIGHTS_FILE}`);
  }

  const read = async (file: string): Promise<Uint8Array> => {
    const path = join(folder, file);
    try {
      return await fs.readFile(path);
    } catch (error) {
      const missing = (error as { code?: unknown }).code === 'ENOENT';
      return fail(missing ? `'${path}' is missing; a saved model folder holds ${MODEL_CONFIG_FILE} and ${MODEL_WEIGHTS_FILE}` : `cannot read '${path}' (${describeError(error)})`, error);
    }
  };
  const configPath = join(folder, MODEL_CONFIG_FILE);
  let configBytes = await read(MODEL_CONFIG_FILE);
  let weights = await read(MODEL_WEIGHTS_FILE);
  if (options.encryption !== undefined) {
    configBytes = await decryptBytes(configBytes, options.encryption, `'${configPath}'`);
    weights = await decryptBytes(weights, options.encryption, `'${join(folder, MODEL_WEIGHTS_FILE)}'`);
  } else if (isEncrypted(configBytes) || isEncrypted(weights)) {
    return fail(`'${folder}' holds an encrypted model; pass { encryption: { key | keyFile | passphrase | env } } to load it`);
  }
  let config: unknown;
  try {
    config = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(configBytes));
  } catch (error) {
    return fail(`'${configPath}' is not valid UTF-8 JSON (${describeError(error)})`, error);
  }
  try {
    // Quantised layers live above the layer registry's own table; make them loadable.
    registerCompressedLayers();
    const model = modelFromArtifacts({ config, weights });
    // modelFromArtifacts has checked every field the type names.
    return { model, config: config as ModelConfig, folder };
  } catch (error) {
    if (!(error instanceof ModelFormatError)) throw error;
    return fail(`'${folder}': ${error.message.replace(/^modelFromArtifacts: /, '')}`, error);
  }
}
