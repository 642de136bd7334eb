/**
 * Reading a CSV or TSV file into a Table.
 */
import { parseCsv, type CsvOptions, type Table } from '../data/index.js';
import { readFileText } from './read-file-bytes.js';

/** Options of {@link readCsvFile}: {@link CsvOptions} plus the text encoding. */
export interface ReadCsvFileOptions extends CsvOptions {
  /** Text encoding label (default 'utf-8'; a byte-order mark is skipped). */
  readonly encoding?: string;
}

/**
 * Reads a CSV or TSV file into a Table (see {@link parseCsv} for the rules).
 *
 * @param path The file.
 * @param options Parsing options and the encoding.
 * @throws DataError for a missing or unreadable file, bytes invalid in the encoding, or anything
 *   {@link parseCsv} rejects (ragged rows with their line number, unclosed quotes, …).
 * @example
 * const table = await readCsvFile('online_shoppers_intention.csv', { types: { Region: 'categorical' } });
 */
export async function readCsvFile(path: string, options: ReadCsvFileOptions = {}): Promise<Table> {
  const { encoding, ...csv } = options;
  return parseCsv(await readFileText('readCsvFile', path, encoding), csv);
}
