/**
 * loadTable: reads a CSV or TSV file for the command line, turning every way a file can be wrong
 * (absent, empty, a header without rows, ragged rows, a cell that does not fit its column) into one
 * CliError line that names the file — the parsers' DataErrors already carry the line number.
 */
import { DataError } from '../core/index.js';
import type { ColumnType, Table } from '../data/index.js';
import { readCsvFile } from '../node/index.js';
import { checkInputFile } from './check-input-file.js';
import { CliError } from './cli-error.js';

/** Options of {@link loadTable}. */
export interface LoadTableOptions {
  /**
   * Column types to re-read columns as, by name (those absent from the file are skipped). Saved
   * models pass their training types, so a prediction file whose `zip` column happens to look
   * numeric is still read as categories.
   */
  readonly types?: Readonly<Record<string, ColumnType>>;
}

/**
 * Reads a delimited text file (delimiter detected) into a Table.
 *
 * @param path The file.
 * @param options Column types to enforce.
 * @throws CliError for a missing, unreadable, empty or malformed file.
 * @example
 * const table = await loadTable('data/digits.csv');
 */
export async function loadTable(path: string, options: LoadTableOptions = {}): Promise<Table> {
  await checkInputFile(path);
  let table: Table;
  try {
    table = await readCsvFile(path);
    if (options.types !== undefined) {
      const present = Object.fromEntries(Object.entries(options.types).filter(([name]) => table.has(name)));
      table = table.cast(present);
    }
  } catch (error) {
    if (error instanceof DataError) {
      // A file of blank lines reaches the parser, which calls its text empty.
      if (/text is empty/.test(error.message)) throw new CliError(`'${path}' is empty`);
      throw new CliError(`${path}: ${withoutPrefix(error.message)}`);
    }
    throw error;
  }
  if (table.columnCount === 0) throw new CliError(`'${path}' is empty`);
  if (table.rowCount === 0) throw new CliError(`'${path}' has a header but no data rows`);
  return table;
}

/** Drops the parser's own name (`parseCsv: `) from a message the CLI re-labels with the file. */
function withoutPrefix(message: string): string {
  return message.replace(/^(parseCsv|readCsvFile|cast|Table\.cast): /, '');
}
