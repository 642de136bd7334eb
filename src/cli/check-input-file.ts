/**
 * checkInputFile: the first check on any file the command line reads — it exists, it is a file
 * and it is not empty — so every pipeline says the same thing about the same mistake.
 */
import { stat } from 'node:fs/promises';
import { CliError } from './cli-error.js';

/**
 * Checks that `path` is a non-empty file.
 *
 * @returns The file's size in bytes.
 * @throws CliError `file not found: 'x'`, `'x' is not a file` or `'x' is empty`.
 * @example
 * await checkInputFile('ratings.tsv');
 */
export async function checkInputFile(path: string): Promise<number> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new CliError(`'${path}' is not a file`);
    size = info.size;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`file not found: '${path}'`);
  }
  if (size === 0) throw new CliError(`'${path}' is empty`);
  return size;
}
