/**
 * Cells as category labels, for encoders and imputers that treat a column as a set of labels
 * whatever its storage: a categorical column's labels, booleans as 'true'/'false', numbers as
 * their shortest decimal form ('3', '2.5'), text as is. `null` marks a missing cell.
 */
import { categoricalColumn, type Column } from '../column.js';

/**
 * One label per row, or null when missing.
 *
 * @example
 * columnLabels(booleanColumn('paid', [true, null])); // ['true', null]
 */
export function columnLabels(column: Column): (string | null)[] {
  switch (column.type) {
    case 'categorical':
      return Array.from(column.codes, (code) => (code < 0 ? null : column.categories[code]!));
    case 'boolean':
      return Array.from(column.values, (v) => (v < 0 ? null : v === 1 ? 'true' : 'false'));
    case 'numeric':
      return Array.from(column.values, (v) => (Number.isNaN(v) ? null : String(v)));
    case 'text':
      return [...column.values];
  }
}

/**
 * Distinct labels in Table order (numbers by value, then strings by code unit), so encoders lay
 * out their columns the way `categoricalColumn` sorts categories.
 *
 * @example
 * sortedLabels(['b', '10', 'a', '9']); // ['9', '10', 'a', 'b']
 */
export function sortedLabels(labels: Iterable<string>): string[] {
  return [...categoricalColumn('labels', [...new Set(labels)]).categories];
}
