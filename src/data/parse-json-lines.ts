/**
 * JSON Lines text (one JSON object per line) → {@link Table}. Portable: `readJsonLinesFile` in
 * src/node reads the file and calls this.
 */
import { DataError } from '../core/index.js';
import { booleanColumn, numericColumn, type CellValue, type Column, type ColumnType } from './column.js';
import { columnFromStrings, DEFAULT_MISSING_VALUES } from './column-from-strings.js';
import { Table } from './table.js';

/** Options of {@link parseJsonLines}. */
export interface JsonLinesOptions {
  /** Type overrides by key, e.g. `{ rating: 'categorical' }`; other columns are inferred. */
  readonly types?: Readonly<Record<string, ColumnType>>;
  /** Missing-value spellings for string values (default `NA`, `N/A`, `NaN`, `null`, `?`); JSON null is always missing. */
  readonly missing?: readonly string[];
}

function describe(value: unknown): string {
  return Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value === 'object' ? 'an object' : typeof value;
}

/**
 * Parses JSON Lines into a Table. Each non-blank line is one JSON object; its keys are columns
 * (in order of first appearance) and a key a line lacks is a missing cell. A column whose values
 * are all JSON numbers is numeric, all booleans boolean; strings (or a mix) follow the CSV rules
 * (missing spellings, then numeric/boolean/text/categorical inference). `types` overrides.
 *
 * @param text The file's text (a UTF-8 byte-order mark is ignored).
 * @param options Type overrides and missing spellings.
 * @throws DataError naming the line for a line that is not valid JSON, is not an object, or holds
 *   a nested object or array; and for an override naming an unknown key.
 * @example
 * const t = parseJsonLines('{"text": "hi there", "label": "greet"}\n{"text": "bye"}\n');
 * t.cell(1, 'label'); // null
 */
export function parseJsonLines(text: string, options: JsonLinesOptions = {}): Table {
  const body = text.startsWith('\ufeff') ? text.slice(1) : text;
  const cells = new Map<string, CellValue[]>();
  const lines: number[] = [];
  let row = 0;
  body.split(/\r?\n/).forEach((source, index) => {
    if (source.trim() === '') return;
    const line = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch (error) {
      throw new DataError(`parseJsonLines: line ${line} is not valid JSON (${(error as Error).message})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new DataError(`parseJsonLines: line ${line} holds ${describe(value)}, expected an object`);
    }
    for (const [key, cell] of Object.entries(value)) {
      if (cell !== null && typeof cell === 'object') {
        throw new DataError(`parseJsonLines: line ${line}, key '${key}' holds ${describe(cell)}; expected a number, string, boolean or null`);
      }
      let column = cells.get(key);
      if (column === undefined) {
        // A key first seen now was missing on every earlier line.
        column = new Array<CellValue>(row).fill(null);
        cells.set(key, column);
      }
      column.push(cell as CellValue);
    }
    row++;
    lines.push(line);
    for (const column of cells.values()) if (column.length < row) column.push(null);
  });
  for (const key of Object.keys(options.types ?? {})) {
    if (!cells.has(key)) throw new DataError(`parseJsonLines: types names key '${key}', which no line has; the keys are [${[...cells.keys()].join(', ')}]`);
  }
  const columns: Column[] = [...cells].map(([name, values]) => {
    const type = options.types?.[name];
    const present = values.filter((v) => v !== null);
    if (type === undefined || type === 'numeric') {
      if (present.every((v) => typeof v === 'number')) return numericColumn(name, values as (number | null)[]);
    }
    if (type === undefined || type === 'boolean') {
      if (present.length > 0 && present.every((v) => typeof v === 'boolean')) return booleanColumn(name, values as (boolean | null)[]);
    }
    const strings = values.map((v) => (v === null ? null : String(v)));
    return columnFromStrings(name, strings, {
      ...(type === undefined ? {} : { type }),
      missing: options.missing ?? DEFAULT_MISSING_VALUES,
      op: 'parseJsonLines',
      lines,
    });
  });
  return Table.fromColumns(columns, row);
}
