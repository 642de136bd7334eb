/**
 * Turning the raw strings of a CSV/TSV (or JSON Lines strings) into typed columns: which cells are
 * missing, which type a column has, and how each cell is read.
 *
 * Rules (documented in docs/data.md):
 * - A cell is **missing** when, after trimming spaces and tabs, it is empty or equals one of the
 *   missing spellings, compared case-insensitively: by default `NA`, `N/A`, `NaN`, `null` and `?`
 *   (so `na`, `NULL`, `nan` count too; `None` and `-` do not).
 * - **boolean**: every present cell is `true`/`false` or `yes`/`no`, any case. `1`/`0` stay numeric.
 * - **numeric**: every present cell is a decimal number (`12`, `-3.5`, `.5`, `1e-3`, `7.5E-05`,
 *   surrounding spaces allowed) or `Infinity`/`inf` with an optional sign. No thousands separators,
 *   no hexadecimal, no currency signs: those columns stay categorical or text.
 * - **text**: the present cells average three words or more (sentences, messages, queries).
 * - **categorical**: everything else. Labels are trimmed; text is kept as written.
 * - A column with no present cell is numeric (all NaN), so it fails loudly at `toTensor` until imputed.
 */
import { DataError } from '../core/index.js';
import { booleanColumn, categoricalColumn, numericColumn, textColumn, type Column, type ColumnType } from './column.js';

/** The spellings of a missing cell besides the empty cell, compared case-insensitively after trimming. */
export const DEFAULT_MISSING_VALUES: readonly string[] = Object.freeze(['NA', 'N/A', 'NaN', 'null', '?']);

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITY = /^[+-]?(?:inf|infinity)$/i;
const TRUE_WORDS = new Set(['true', 'yes']);
const FALSE_WORDS = new Set(['false', 'no']);
// Spaces and tabs only: a text cell may legitimately end in a newline inside quotes, but a number never.
const trim = (s: string): string => s.replace(/^[ \t]+|[ \t]+$/g, '');
/** Average word count from which a string column is text rather than categorical. */
const TEXT_WORDS = 3;

/** A missing-value test for a list of spellings (empty cells are always missing). */
export function missingTest(spellings: readonly string[] = DEFAULT_MISSING_VALUES): (cell: string) => boolean {
  const lowered = new Set(spellings.map((s) => trim(s).toLowerCase()));
  return (cell) => {
    const t = trim(cell);
    return t === '' || lowered.has(t.toLowerCase());
  };
}

function parseNumber(cell: string): number | null {
  const t = trim(cell);
  if (NUMBER.test(t)) return Number(t);
  if (INFINITY.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  return null;
}

function parseBoolean(cell: string): boolean | null {
  const t = trim(cell).toLowerCase();
  if (TRUE_WORDS.has(t)) return true;
  if (FALSE_WORDS.has(t)) return false;
  return null;
}

function wordCount(cell: string): number {
  const words = cell.trim().split(/\s+/);
  return words.length === 1 && words[0] === '' ? 0 : words.length;
}

/**
 * Infers a column's type from its cells (`null` = missing) by the rules in this file's header.
 *
 * @param cells The raw cells, missing ones already replaced by null.
 * @example
 * inferColumnType(['1', ' 2.5 ', null]); // 'numeric'
 * inferColumnType(['yes', 'NO']);        // 'boolean'
 */
export function inferColumnType(cells: readonly (string | null)[]): ColumnType {
  let present = 0;
  let allBoolean = true;
  let allNumeric = true;
  let words = 0;
  for (const cell of cells) {
    if (cell === null) continue;
    present++;
    if (allBoolean && parseBoolean(cell) === null) allBoolean = false;
    if (allNumeric && parseNumber(cell) === null) allNumeric = false;
    words += wordCount(cell);
  }
  if (present === 0) return 'numeric';
  if (allBoolean) return 'boolean';
  if (allNumeric) return 'numeric';
  return words / present >= TEXT_WORDS ? 'text' : 'categorical';
}

/** Options of {@link columnFromStrings}. */
export interface ColumnFromStringsOptions {
  /** The type to read the cells as (default: inferred). */
  readonly type?: ColumnType;
  /** Missing spellings besides the empty cell (default {@link DEFAULT_MISSING_VALUES}). */
  readonly missing?: readonly string[];
  /** Names the source in error messages, e.g. 'parseCsv'. */
  readonly op?: string;
  /** Line (or record) number of each cell in the source, for error messages. */
  readonly lines?: readonly number[];
}

/**
 * Reads a column of raw strings as a typed column: missing spellings become missing cells, then
 * the cells are read as the given or inferred type.
 *
 * @param name Column name.
 * @param cells One string per row (`null` is missing too).
 * @param options Type override, missing spellings, and where the cells came from for errors.
 * @throws DataError when a cell cannot be read as the overridden type (numeric or boolean),
 *   naming the column, the line and the cell.
 * @example
 * const c = columnFromStrings('price', [' 3.5', 'NA', '4']); // numeric [3.5, NaN, 4]
 * const d = columnFromStrings('zip', ['02139', '10001'], { type: 'categorical' });
 */
export function columnFromStrings(name: string, cells: readonly (string | null)[], options: ColumnFromStringsOptions = {}): Column {
  const isMissing = missingTest(options.missing);
  const present = cells.map((c) => (c === null || isMissing(c) ? null : c));
  const type = options.type ?? inferColumnType(present);
  const op = options.op ?? 'columnFromStrings';
  const where = (i: number): string => (options.lines === undefined ? `row ${i}` : `line ${options.lines[i]}`);
  switch (type) {
    case 'numeric': {
      const values = new Float64Array(present.length);
      present.forEach((cell, i) => {
        if (cell === null) {
          values[i] = NaN;
          return;
        }
        const v = parseNumber(cell);
        if (v === null) throw new DataError(`${op}: column '${name}' is numeric but ${where(i)} holds '${cell}'`);
        values[i] = v;
      });
      return numericColumn(name, values);
    }
    case 'boolean': {
      const values = new Int8Array(present.length);
      present.forEach((cell, i) => {
        if (cell === null) {
          values[i] = -1;
          return;
        }
        const v = parseBoolean(cell);
        if (v === null) throw new DataError(`${op}: column '${name}' is boolean (true/false, yes/no) but ${where(i)} holds '${cell}'`);
        values[i] = v ? 1 : 0;
      });
      return booleanColumn(name, values);
    }
    case 'categorical':
      return categoricalColumn(name, present.map((c) => (c === null ? null : trim(c))));
    case 'text':
      return textColumn(name, present);
    default:
      throw new DataError(`${op}: column '${name}': unknown type '${String(type)}'; expected numeric, categorical, boolean or text`);
  }
}
