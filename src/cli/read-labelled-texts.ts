/**
 * readLabelledTexts: a CSV/TSV file → texts and labels for the text pipeline, by column name.
 * Every cell is read back as written (a label column of digits stays '0', '1'), rows whose text or
 * label is missing are left out and counted, and a column that is not there gets the list of the
 * columns that are.
 */
import { cellAt } from '../data/index.js';
import type { LabelledTexts } from '../apps/text/index.js';
import { CliError } from './cli-error.js';
import { loadTable } from './load-table.js';

/** Texts and labels with the count of rows left out. */
export interface ReadTexts extends LabelledTexts {
  /** Rows without a text or a label. */
  readonly skipped: number;
}

/**
 * Reads the text and label columns of a file.
 *
 * @param path CSV or TSV with a header.
 * @param textColumn The column holding the messages.
 * @param labelColumn The column holding the intents, or null to read texts only (every row, a
 *   missing text as '').
 * @throws CliError for a missing or empty file, an unknown column, or no row with both cells.
 * @example
 * const { texts, labels } = await readLabelledTexts('train.tsv', 'text', 'intent');
 */
export async function readLabelledTexts(path: string, textColumn: string, labelColumn: string | null): Promise<ReadTexts> {
  const table = await loadTable(path);
  for (const [flag, name] of [['--text-column', textColumn], ['--label-column', labelColumn]] as const) {
    if (name !== null && !table.has(name)) throw new CliError(`no column '${name}' (${flag}) in '${path}'; the columns are: ${table.names.join(', ')}`);
  }
  const textCells = table.column(textColumn);
  const labelCells = labelColumn === null ? null : table.column(labelColumn);
  const texts: string[] = [];
  const labels: string[] = [];
  let skipped = 0;
  for (let i = 0; i < table.rowCount; i++) {
    const text = cellAt(textCells, i);
    const label = labelCells === null ? '' : cellAt(labelCells, i);
    if (labelColumn === null) {
      // Rows to predict keep their place: a missing message is the empty one.
      texts.push(text === null ? '' : String(text));
      continue;
    }
    if (text === null || label === null) {
      skipped++;
      continue;
    }
    texts.push(String(text));
    labels.push(String(label));
  }
  if (texts.length === 0) throw new CliError(`'${path}' has no row with both a text ('${textColumn}') and a label${labelColumn === null ? '' : ` ('${labelColumn}')`}`);
  return { texts, labels, skipped };
}
