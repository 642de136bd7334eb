/**
 * The data `sprout compress` calibrates, fine-tunes and distils on, read according to the model:
 *
 * - a model written by `sprout train`: a CSV/TSV file with the target column, put through the
 *   model's own preprocessing (as `sprout evaluate` does);
 * - any other saved model: a safetensors file holding `x` (float features [N, ...]) and `y` (int32
 *   class indices [N], or float targets [N] / [N, 1] for regression).
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { div, sub, type Tensor } from '../core/index.js';
import { decodeSafetensors } from '../io/index.js';
import { CliError } from './cli-error.js';
import type { CliModel } from './cli-model.js';
import { loadTable } from './load-table.js';

/** Tensors ready for the model, and how to score its outputs. */
export interface CompressionData {
  readonly x: Tensor;
  /** What the model trains on: int32 classes [N], or float [N, 1] (standardised for CLI regression). */
  readonly y: Tensor;
  readonly task: 'classification' | 'regression';
  readonly rows: number;
}

/**
 * Reads `path` for `cli` (a `sprout train` model) or, when `cli` is null, as a safetensors file.
 *
 * @throws CliError for a missing or malformed file, a missing target column or tensor, or no rows.
 */
export async function loadCompressionData(path: string, cli: CliModel | null): Promise<CompressionData> {
  if (cli !== null) {
    const { metadata, pipeline } = cli;
    const table = await loadTable(path, { types: metadata.columnTypes });
    if (!table.has(metadata.target)) throw new CliError(`no column '${metadata.target}' (the model's target) in '${path}'; the columns are: ${table.names.join(', ')}`);
    const { x, y, rowCount } = pipeline.transform(table, { clean: true });
    if (rowCount === 0 || y === undefined) throw new CliError(`'${path}' has no row with a value in the target column '${metadata.target}'`);
    if (metadata.task === 'classification') return { x, y, task: 'classification', rows: rowCount };
    const { mean, std } = metadata.targetScaling ?? { mean: 0, std: 1 };
    return { x, y: div(sub(y, mean), std).reshape([-1, 1]), task: 'regression', rows: rowCount };
  }
  if (extname(path).toLowerCase() !== '.safetensors') {
    throw new CliError(`--data for a model not written by 'sprout train' must be a .safetensors file with tensors 'x' and 'y', got '${path}'`);
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new CliError(`cannot read '${path}': ${(error as Error).message}`);
  }
  let tensors: Map<string, Tensor>;
  try {
    tensors = decodeSafetensors(bytes).tensors;
  } catch (error) {
    throw new CliError(`'${path}' is not a valid safetensors file: ${(error as Error).message}`);
  }
  const x = tensors.get('x');
  const y = tensors.get('y');
  if (x === undefined || y === undefined) throw new CliError(`'${path}' must hold tensors named 'x' and 'y'; it holds: ${[...tensors.keys()].join(', ') || 'none'}`);
  if (!x.isFloatingPoint() || x.rank < 2) throw new CliError(`'${path}': x must be float [N, ...], got ${x.dtype} [${x.shape.join(', ')}]`);
  if (y.shape[0] !== x.shape[0] || x.shape[0] === 0) throw new CliError(`'${path}': x and y must hold the same number (> 0) of rows, got ${x.shape[0]} and ${y.shape[0] ?? 'a scalar'}`);
  if (y.dtype === 'int32' && y.rank === 1) return { x, y, task: 'classification', rows: x.shape[0]! };
  if (y.isFloatingPoint()) return { x, y: y.reshape([-1, 1]), task: 'regression', rows: x.shape[0]! };
  throw new CliError(`'${path}': y must be int32 class indices [N] or float targets, got ${y.dtype} [${y.shape.join(', ')}]`);
}
