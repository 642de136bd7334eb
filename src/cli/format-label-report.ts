/**
 * formatLabelReport: the command line's report for the pipelines that predict a label (text
 * intents, spoken commands) — their metrics, then the confusion matrix through formatEvaluation.
 * A matrix with more than {@link MAX_MATRIX_LABELS} labels does not fit a terminal, so for those
 * (CLINC150 has 151) the report lists the most frequent confusions and the weakest labels instead.
 */
import type { Evaluation } from './evaluation.js';
import { formatEvaluation } from './format-evaluation.js';
import { formatTable } from './format-table.js';

/** Largest label count whose full confusion matrix is printed. */
export const MAX_MATRIX_LABELS = 20;

/** What a label pipeline measured (TextClassificationReport and SpeechReport both fit). */
export interface LabelReport {
  readonly samples: number;
  readonly labels: readonly string[];
  /** confusionMatrix[true][predicted]. */
  readonly confusionMatrix: readonly (readonly number[])[];
  readonly perLabel: Readonly<Record<string, { readonly precision: number; readonly recall: number; readonly f1: number; readonly support: number }>>;
}

/**
 * The report's lines.
 *
 * @param report What was measured.
 * @param metrics The metrics to list first, by name.
 * @param title The heading, e.g. `test file (5500 rows)`.
 * @example
 * console.log(formatLabelReport(report, { accuracy: 0.97 }, 'test split').join('\n'));
 */
export function formatLabelReport(report: LabelReport, metrics: Readonly<Record<string, number>>, title: string): string[] {
  const small = report.labels.length <= MAX_MATRIX_LABELS;
  const evaluation: Evaluation = {
    task: 'classification',
    rows: report.samples,
    metrics,
    ...(small
      ? {
          labels: report.labels,
          confusion: report.confusionMatrix,
          perClass: report.labels.map((label) => ({ label, ...report.perLabel[label]! })),
        }
      : {}),
  };
  const lines = formatEvaluation(evaluation, title);
  if (small) return lines;
  const confusions: [string, string, number][] = [];
  report.confusionMatrix.forEach((row, a) => row.forEach((count, p) => (a !== p && count > 0 ? confusions.push([report.labels[a]!, report.labels[p]!, count]) : undefined)));
  confusions.sort((x, y) => y[2] - x[2] || x[0].localeCompare(y[0]));
  lines.push('', `Most frequent confusions (${report.labels.length} labels are too many for the full matrix):`, '');
  lines.push(...formatTable(['true', 'predicted', 'count'], confusions.slice(0, 10).map(([a, p, n]) => [a, p, String(n)])).map((l) => `  ${l}`));
  const weakest = report.labels.filter((l) => report.perLabel[l]!.support > 0).sort((a, b) => report.perLabel[a]!.f1 - report.perLabel[b]!.f1).slice(0, 5);
  lines.push('', 'Weakest labels:', '');
  lines.push(...formatTable(['label', 'precision', 'recall', 'F1', 'support'], weakest.map((l) => {
    const s = report.perLabel[l]!;
    return [l, s.precision.toFixed(4), s.recall.toFixed(4), s.f1.toFixed(4), String(s.support)];
  })).map((l) => `  ${l}`));
  return lines;
}
