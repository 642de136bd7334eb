/**
 * Reading a JSON Lines file into a Table.
 */
import { parseJsonLines, type JsonLinesOptions, type Table } from '../data/index.js';
import { readFileText } from './read-file-bytes.js';

/**
 * Reads a JSON Lines file (one object per line) into a Table (see {@link parseJsonLines}).
 *
 * @param path The file.
 * @param options Type overrides and missing spellings.
 * @throws DataError for a missing or unreadable file or a bad line (with its number).
 * @example
 * const table = await readJsonLinesFile('tickets.jsonl', { types: { priority: 'categorical' } });
 */
export async function readJsonLinesFile(path: string, options: JsonLinesOptions = {}): Promise<Table> {
  return parseJsonLines(await readFileText('readJsonLinesFile', path), options);
}
