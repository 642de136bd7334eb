/**
 * What the dashboard shows about a run's saved model: the module summary and sizes, read from the
 * model folder with loadModel (which parses JSON and safetensors and executes nothing).
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { loadModel, MODEL_CONFIG_FILE, MODEL_WEIGHTS_FILE } from '../node/index.js';
import { FileKeyedCache } from './file-keyed-cache.js';

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

/** Folders read recently, keyed by its files' times and sizes: opening a run again reads nothing. */
const cache = new FileKeyedCache<ModelFolderInfo>(16);

/**
 * Reads the model folder `dir` (loading its weights, so a large model takes a moment the first
 * time; the answer is kept while its files are unchanged).
 *
 * @throws ModelFormatError when the folder is missing or damaged (the message names the problem).
 * @example
 * const info = await modelFolderInfo('models/digits');
 * console.log(info.summary);
 */
export async function modelFolderInfo(dir: string): Promise<ModelFolderInfo> {
  return cache.get([join(dir, MODEL_CONFIG_FILE), join(dir, MODEL_WEIGHTS_FILE)], async () => {
    const { model, config, folder } = await loadModel(dir);
    const files: Record<string, number> = {};
    for (const name of [MODEL_CONFIG_FILE, MODEL_WEIGHTS_FILE]) files[name] = (await stat(join(folder, name))).size;
    return { folder, summary: model.summary(), parameters: model.module.parameterCount(), labels: config.labels, sproutVersion: config.sproutVersion, files };
  });
}
