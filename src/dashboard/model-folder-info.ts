/**
 * What the dashboard shows about a run's saved model: the module summary and sizes, read from the
 * model folder with loadModel (which parses JSON and safetensors and executes nothing).
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { loadModel, MODEL_CONFIG_FILE, MODEL_WEIGHTS_FILE } from '../node/index.js';

/** A model folder, described. */
export interface ModelFolderInfo {
  readonly folder: string;
  /** `Module.summary()`: layers, parameter shapes and counts. */
  readonly summary: string;
  readonly parameters: number;
  readonly labels: readonly string[] | null;
  readonly sproutVersion: string;
  /** File name → bytes. */
  readonly files: Readonly<Record<string, number>>;
}

/** Folders read recently, keyed by folder and weight-file time: opening a run again reads nothing. */
const cache = new Map<string, ModelFolderInfo>();
const CACHE_SIZE = 16;

/**
 * Reads the model folder `dir` (loading its weights, so a large model takes a moment the first
 * time; the answer is kept while the weights file is unchanged).
 *
 * @throws ModelFormatError when the folder is missing or damaged (the message names the problem).
 * @example
 * const info = await modelFolderInfo('models/digits');
 * console.log(info.summary);
 */
export async function modelFolderInfo(dir: string): Promise<ModelFolderInfo> {
  const weights = await stat(join(dir, MODEL_WEIGHTS_FILE)).catch(() => null);
  const key = weights === null ? null : `${dir}\0${weights.mtimeMs}\0${weights.size}`;
  const cached = key === null ? undefined : cache.get(key);
  if (cached !== undefined) return cached;
  const { model, config, folder } = await loadModel(dir);
  const files: Record<string, number> = {};
  for (const name of [MODEL_CONFIG_FILE, MODEL_WEIGHTS_FILE]) files[name] = (await stat(join(folder, name))).size;
  const info = { folder, summary: model.summary(), parameters: model.module.parameterCount(), labels: config.labels, sproutVersion: config.sproutVersion, files };
  if (key !== null) {
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(key, info);
  }
  return info;
}
