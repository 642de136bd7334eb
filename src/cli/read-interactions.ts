/**
 * readInteractions: a ratings / events file (`user item [rating [timestamp]]`, tab, `::`, comma or
 * spaces) → interactions for the recommend pipeline, with the command line's file errors.
 */
import { readFile } from 'node:fs/promises';
import { type Interaction, parseInteractions } from '../apps/recommend/index.js';
import { DataError } from '../core/index.js';
import { checkInputFile } from './check-input-file.js';
import { CliError } from './cli-error.js';

/**
 * Reads and parses an interactions file. A first line whose third field is not a number is taken
 * as a header (`user,item,rating`).
 *
 * @throws CliError for a missing or empty file or a malformed line (the message names the line).
 * @example
 * const ratings = await readInteractions('u1.base');
 */
export async function readInteractions(path: string): Promise<Interaction[]> {
  await checkInputFile(path);
  const text = await readFile(path, 'utf8');
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  const fields = first.split(/\t|::|,|\s+/);
  const header = fields.length >= 3 && !Number.isFinite(Number(fields[2]));
  try {
    return parseInteractions(text, { header });
  } catch (error) {
    if (error instanceof DataError) throw new CliError(`${path}: ${error.message.replace(/^parseInteractions: /, '')}`);
    throw error;
  }
}
