/**
 * formatEvaluation: the human-readable report of an {@link Evaluation} — a metrics table, then for
 * classification the confusion matrix (rows true, columns predicted, as scikit-learn prints it) and
 * per-class precision, recall, F1 and support.
 */
import type { Evaluation } from './evaluation.js';
import { formatTable } from './format-table.js';

const METRIC_TITLES: Readonly<Record<string, string>> = {
  accuracy: 'accuracy',
  balancedAccuracy: 'balanced accuracy',
  f1Macro: 'F1 (macro)',
  inScopeAccuracy: 'in-scope accuracy',
  outOfScopeRecall: 'out-of-scope recall',
  rocAuc: 'ROC-AUC',
  logLoss: 'log loss',
  rmse: 'RMSE',
  mae: 'MAE',
  r2: 'R²',
};

/** A metric value with four decimals; NaN (undefined for this split) as 'nan'. */
function formatNumber(value: number): string {
  return Number.isNaN(value) ? 'nan' : value.toFixed(4);
}

/**
 * The report's lines.
 *
 * @param evaluation What was measured.
 * @param title The heading, e.g. 'test split (270 rows)'.
 * @example
 * console.log(formatEvaluation(evaluation, 'test split').join('\n'));
 */
export function formatEvaluation(evaluation: Evaluation, title: string): string[] {
  const lines = [`Metrics on the ${title}:`, ''];
  lines.push(...formatTable(['metric', 'value'], Object.entries(evaluation.metrics).map(([name, value]) => [METRIC_TITLES[name] ?? name, formatNumber(value)])).map((l) => `  ${l}`));
  const labels = evaluation.labels ?? [];
  if (evaluation.confusion !== undefined && labels.length > 0) {
    lines.push('', 'Confusion matrix (rows: true class, columns: predicted class):', '');
    const header = ['true \\ predicted', ...labels];
    const rows = evaluation.confusion.map((row, i) => [labels[i] ?? String(i), ...row.map(String)]);
    lines.push(...formatTable(header, rows).map((l) => `  ${l}`));
  }
  if (evaluation.perClass !== undefined && evaluation.perClass.length > 0) {
    lines.push('', 'Per class:', '');
    const rows = evaluation.perClass.map((c) => [c.label, formatNumber(c.precision), formatNumber(c.recall), formatNumber(c.f1), String(c.support)]);
    lines.push(...formatTable(['class', 'precision', 'recall', 'F1', 'support'], rows).map((l) => `  ${l}`));
  }
  return lines;
}
