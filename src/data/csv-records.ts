/**
 * The CSV/TSV tokenizer (RFC 4180, read leniently): splits text into records of fields and
 * remembers the line each record starts on, so errors can point into the file.
 *
 * - Records end at `\n`, `\r\n` or a lone `\r`, outside quotes; line numbers count those too.
 * - A field that starts with the quote character runs to the matching quote; inside it a doubled
 *   quote is one quote, and delimiters and line breaks are data.
 * - Characters after a closing quote are appended to the field (`"a"b` → `ab`), and a quote in the
 *   middle of an unquoted field is data, as Python's csv module does.
 * - Blank lines (nothing but spaces or tabs) are skipped.
 */
import { DataError } from '../core/index.js';

/** One record and the 1-based line it starts on. */
export interface CsvRecord {
  readonly fields: string[];
  readonly line: number;
}

/** Options of {@link splitCsvRecords}. */
export interface CsvRecordOptions {
  /** One character. */
  readonly delimiter: string;
  /** The quote character, or null when quotes are ordinary characters (as in the SMS Spam file). */
  readonly quote: string | null;
  /** Names the caller in error messages. */
  readonly op?: string;
}

/**
 * Splits CSV/TSV text into records.
 *
 * @param text The text, with any byte-order mark already removed.
 * @throws DataError for a quoted field that is never closed, naming the line it opened on.
 * @example
 * splitCsvRecords('a,"b,c"\n1,2\n', { delimiter: ',', quote: '"' });
 * // [{ fields: ['a', 'b,c'], line: 1 }, { fields: ['1', '2'], line: 2 }]
 */
export function splitCsvRecords(text: string, options: CsvRecordOptions): CsvRecord[] {
  const { delimiter, quote } = options;
  const records: CsvRecord[] = [];
  const n = text.length;
  let line = 1;
  let i = 0;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    let blank = true;
    // One record: fields until an unquoted line break or the end of the text.
    for (;;) {
      if (quote !== null && text[i] === quote) {
        const openLine = line;
        blank = false;
        i++;
        for (;;) {
          if (i >= n) throw new DataError(`${options.op ?? 'splitCsvRecords'}: line ${openLine}: a quoted field opened here is never closed`);
          const c = text[i]!;
          if (c === quote) {
            if (text[i + 1] === quote) {
              field += quote;
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
          field += c;
          i++;
        }
      }
      // Unquoted run (or what follows a closing quote) up to a delimiter or a line break.
      let j = i;
      while (j < n) {
        const c = text[j]!;
        if (c === delimiter || c === '\n' || c === '\r') break;
        j++;
      }
      const run = text.slice(i, j);
      if (blank && /[^ \t]/.test(run)) blank = false;
      field += run;
      i = j;
      if (i < n && text[i] === delimiter) {
        blank = false;
        fields.push(field);
        field = '';
        i++;
        continue;
      }
      fields.push(field);
      break;
    }
    // Consume the line break.
    if (i < n) {
      i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
    }
    if (!blank) records.push({ fields, line: startLine });
  }
  return records;
}
