/**
 * CSV and TSV text → {@link Table}. Portable (no file system): `readCsvFile` in src/node reads the
 * file and calls this.
 */
import { DataError, ValueError } from '../core/index.js';
import type { Column, ColumnType } from './column.js';
import { columnFromStrings, DEFAULT_MISSING_VALUES } from './column-from-strings.js';
import { splitCsvRecords } from './csv-records.js';
import { detectDelimiter } from './detect-delimiter.js';
import { Table } from './table.js';

/** Options of {@link parseCsv}. */
export interface CsvOptions {
  /** Field delimiter, one character (default: detected among `,` tab `;` `|`). */
  readonly delimiter?: string;
  /** Whether the first record names the columns (default true). */
  readonly header?: boolean;
  /** Column names: replace the header's, or name a file without one (default `column_1`, `column_2`, …). */
  readonly columns?: readonly string[];
  /** Type overrides by column name, e.g. `{ zip: 'categorical' }`; other columns are inferred. */
  readonly types?: Readonly<Record<string, ColumnType>>;
  /** Missing-value spellings besides the empty cell, case-insensitive (default `NA`, `N/A`, `NaN`, `null`, `?`). */
  readonly missing?: readonly string[];
  /**
   * Quote character, or null to read quotes as ordinary characters. Default `"`, except for
   * tab-separated text, where quotes are ordinary by default (TSV has no quoting).
   */
  readonly quote?: string | null;
}

const BOM = '\ufeff';

function checkOptions(options: CsvOptions): void {
  for (const [name, value] of [
    ['delimiter', options.delimiter],
    ['quote', options.quote],
  ] as const) {
    if (value !== undefined && value !== null && (typeof value !== 'string' || value.length !== 1 || value === '\n' || value === '\r')) {
      throw new ValueError(`parseCsv: ${name} must be one character other than a line break, got ${JSON.stringify(value)}`);
    }
  }
  if (options.delimiter !== undefined && options.delimiter === (options.quote === undefined ? '"' : options.quote)) {
    throw new ValueError(`parseCsv: delimiter and quote must differ, both are ${JSON.stringify(options.delimiter)}`);
  }
}

/**
 * Parses CSV or TSV text into a Table: detects the delimiter, strips a UTF-8 byte-order mark,
 * accepts LF and CRLF line ends and quoted fields with delimiters, quotes (`""`) and line breaks,
 * skips blank lines, reads missing cells as null, then infers each column's type (numeric,
 * categorical, boolean, text; see column-from-strings.ts) unless `types` overrides it.
 *
 * @param text The file's text.
 * @param options Delimiter, header, names, type overrides, missing spellings, quote character.
 * @throws DataError for a record with a different number of fields than the header (naming the
 *   line, the expected and the actual count), an unclosed quote, duplicate column names, an
 *   override naming an unknown column, or a cell that does not fit an overridden type.
 * @throws ValueError for a bad option.
 * @example
 * const t = parseCsv('name,age,member\n"Lee, Ann", 34 ,yes\nBo,NA,no\n');
 * t.types; // { name: 'categorical', age: 'numeric', member: 'boolean' }
 * t.cell(1, 'age'); // null
 */
export function parseCsv(text: string, options: CsvOptions = {}): Table {
  checkOptions(options);
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  const delimiter = options.delimiter ?? detectDelimiter(body, options.quote === undefined ? '"' : options.quote);
  // Tab-separated values (IANA text/tab-separated-values) have no quoting: a quote is text there,
  // as in the SMS Spam and CLINC150 files, where a leading quote would otherwise swallow lines.
  const quote = options.quote !== undefined ? options.quote : delimiter === '\t' ? null : '"';
  const records = splitCsvRecords(body, { delimiter, quote, op: 'parseCsv' });
  const header = options.header ?? true;
  if (header && records.length === 0) throw new DataError('parseCsv: the text is empty; expected a header line');
  const headerFields = header ? records[0]!.fields.map((f) => f.trim()) : null;
  const rows = header ? records.slice(1) : records;
  const width = headerFields?.length ?? options.columns?.length ?? rows[0]?.fields.length ?? 0;
  const names = options.columns !== undefined ? [...options.columns] : (headerFields ?? []).map((f, j) => (f === '' ? `column_${j + 1}` : f));
  if (names.length === 0) for (let j = 0; j < width; j++) names.push(`column_${j + 1}`);
  if (names.length !== width) {
    throw new DataError(`parseCsv: columns names ${names.length} columns but the ${header ? 'header has' : 'first record has'} ${width} fields`);
  }
  const seen = new Map<string, number>();
  names.forEach((name, j) => {
    const earlier = seen.get(name);
    if (earlier !== undefined) throw new DataError(`parseCsv: column name '${name}' appears twice (columns ${earlier + 1} and ${j + 1})`);
    seen.set(name, j);
  });
  for (const name of Object.keys(options.types ?? {})) {
    if (!seen.has(name)) throw new DataError(`parseCsv: types names column '${name}', which is not one of [${names.join(', ')}]`);
  }
  for (const record of rows) {
    if (record.fields.length !== width) {
      const from = header ? 'the header' : options.columns !== undefined ? 'columns' : 'the first record';
      throw new DataError(`parseCsv: line ${record.line} has ${record.fields.length} fields, expected ${width} (from ${from}; delimiter ${JSON.stringify(delimiter)})`);
    }
  }
  const lines = rows.map((r) => r.line);
  const missing = options.missing ?? DEFAULT_MISSING_VALUES;
  const columns: Column[] = names.map((name, j) => {
    const type = options.types?.[name];
    const cells = rows.map((r) => r.fields[j]!);
    return columnFromStrings(name, cells, { ...(type === undefined ? {} : { type }), missing, op: 'parseCsv', lines });
  });
  return Table.fromColumns(columns, rows.length);
}
