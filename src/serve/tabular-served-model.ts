/**
 * tabularServedModel: a model folder written by `sprout train`, run on JSON rows. The rows become
 * a Table with the training column types, go through the saved preprocessing (imputing missing
 * cells, encoding unseen categories as unknown, as `sprout predict` does), and the network's
 * outputs come back in the user's units: class probabilities, or the regression target.
 */
import { booleanColumn, categoricalColumn, numericColumn, Table, textColumn, type CellValue, type Column } from '../data/index.js';
import { EXPLAIN_METHODS, explainTableRow } from '../explain/index.js';
import { tabularModelOutputs, type TabularModel } from '../node/index.js';
import type { InputColumn } from './model-input.js';
import type { Prediction, ServedModel } from './served-model.js';

type Row = Readonly<Record<string, CellValue>>;

/**
 * Wraps a loaded tabular model for the service.
 *
 * @param loaded What `loadTabularModel` returned.
 * @example
 * const served = tabularServedModel(await loadTabularModel('models/digits'));
 * served.predict([{ pixel0: 0, … }]); // [{ label: '3', probabilities: { '0': 0.01, … } }]
 */
export function tabularServedModel(loaded: TabularModel): ServedModel {
  const { model, pipeline, metadata } = loaded;
  const needed = Object.values(pipeline.columnsByBranch).flat();
  const columns: InputColumn[] = needed.map((name) => ({ name, type: metadata.columnTypes[name] ?? 'numeric' }));
  const classification = metadata.task === 'classification';
  const labels = classification ? pipeline.classes : null;
  return {
    kind: classification ? 'tabular-classification' : 'tabular-regression',
    input: { kind: 'rows', columns },
    labels,
    predict(items: readonly unknown[]): Prediction[] {
      const rows = items as readonly Row[]; // shaped by the request schema
      const { x } = pipeline.transform(rowsToTable(rows, columns));
      const outputs = tabularModelOutputs(model, x, metadata.task, metadata.targetScaling).dataSync();
      if (labels === null) return Array.from(outputs, (value) => ({ value }));
      const c = labels.length;
      return rows.map((_, i) => {
        const probabilities: Record<string, number> = {};
        let best = 0;
        for (let k = 0; k < c; k++) {
          probabilities[labels[k]!] = outputs[i * c + k]!;
          if (outputs[i * c + k]! > outputs[i * c + best]!) best = k;
        }
        return { label: labels[best]!, probabilities };
      });
    },
    explainMethods: EXPLAIN_METHODS,
    explain(items: readonly unknown[], method: string): unknown[] {
      const table = rowsToTable(items as readonly Row[], columns);
      // One row at a time: each row's baseline is then the training mean, whatever else came along.
      const explained = { model, pipeline, task: metadata.task, targetScaling: metadata.targetScaling };
      return items.map((_, i) => explainTableRow(explained, table.take([i]), 0, { method }));
    },
  };
}

/** JSON rows as a Table with the training types (categorical numbers read as their decimal text). */
function rowsToTable(rows: readonly Row[], columns: readonly InputColumn[]): Table {
  const built = columns.map((column): Column => {
    const cells = rows.map((row) => row[column.name] ?? null);
    switch (column.type) {
      case 'numeric':
        return numericColumn(column.name, cells as (number | null)[]);
      case 'boolean':
        return booleanColumn(column.name, cells as (boolean | null)[]);
      case 'categorical':
        return categoricalColumn(column.name, cells.map((v) => (v === null ? null : String(v))));
      case 'text':
        return textColumn(column.name, cells as (string | null)[]);
    }
  });
  return Table.fromColumns(built, rows.length);
}
