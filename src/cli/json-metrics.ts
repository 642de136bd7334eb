/**
 * Metrics on their way out of the command line: JSON cannot hold NaN (a split without some class
 * has an undefined recall), so the `--json` line carries null there, and saved metadata — which
 * `saveModel` keeps strictly finite — leaves such entries out.
 */

/**
 * Metrics for a `--json` line: non-finite values become null.
 *
 * @example
 * jsonMetrics({ accuracy: 0.9, f1Macro: NaN }); // { accuracy: 0.9, f1Macro: null }
 */
export function jsonMetrics(metrics: Readonly<Record<string, number | null>>): Record<string, number | null> {
  return Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, v !== null && Number.isFinite(v) ? v : null]));
}

/**
 * Metrics for a saved model's metadata: only the finite ones.
 *
 * @example
 * finiteOnly({ accuracy: 0.9, f1Macro: NaN }); // { accuracy: 0.9 }
 */
export function finiteOnly(metrics: Readonly<Record<string, number | null>>): Record<string, number> {
  return Object.fromEntries(Object.entries(metrics).filter((e): e is [string, number] => e[1] !== null && Number.isFinite(e[1])));
}
