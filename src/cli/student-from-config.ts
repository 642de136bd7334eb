/**
 * The student network of `sprout compress --distill FILE`, from a small JSON file:
 *
 * - `{"hidden": [64]}`: an MLP with those hidden widths (ReLU), the teacher's input width and
 *   number of classes — the usual case for models from `sprout train`;
 * - `{"type": "Sequential", "config": {...}}`: any architecture in the layer registry's format (as
 *   `architecture` in a model's config.json).
 */
import { readFile } from 'node:fs/promises';
import { layerFromConfig, type Module } from '../nn/index.js';
import { buildMlp } from './build-mlp.js';
import { CliError } from './cli-error.js';

/**
 * Reads `path` and builds the student.
 *
 * @param path The JSON file.
 * @param inputs Features per row (the data's width).
 * @param outputs Classes (the teacher's output width).
 * @param seed Seed of the initial weights.
 * @throws CliError for a missing or malformed file.
 */
export async function studentFromConfig(path: string, inputs: number, outputs: number, seed: number): Promise<Module> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new CliError(`cannot read the student config '${path}': ${(error as Error).message}`);
  }
  if (typeof parsed === 'object' && parsed !== null && 'hidden' in parsed) {
    const hidden = (parsed as { hidden: unknown }).hidden;
    if (!Array.isArray(hidden) || !hidden.every((h) => Number.isInteger(h) && (h as number) > 0)) {
      throw new CliError(`'${path}': 'hidden' must be an array of positive integers (layer widths), got ${JSON.stringify(hidden)}`);
    }
    return buildMlp(inputs, outputs, seed, hidden as number[]).module;
  }
  try {
    return layerFromConfig(parsed);
  } catch (error) {
    throw new CliError(`'${path}' is neither {"hidden": [widths]} nor a layer config {type, config}: ${(error as Error).message}`);
  }
}
