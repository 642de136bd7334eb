/**
 * Column statistics the fitted steps share, computed over the present (non-NaN) values in
 * float64, with NumPy's conventions so results match scikit-learn: quantiles interpolate linearly
 * between order statistics (`np.percentile`'s default), the median of an even count is the mean of
 * the middle two, and the standard deviation is the population one (ddof = 0).
 */
import { DataError } from '../../core/index.js';
import { numericColumn, type NumericColumn } from '../column.js';

/**
 * The present values of a numeric column, sorted ascending.
 *
 * @param op The calling operation, for errors.
 * @throws DataError for an infinite value (statistics and scaling would turn it into NaN).
 * @example
 * sortedPresent('RobustScaler.fit', numericColumn('x', [3, NaN, 1])); // Float64Array [1, 3]
 */
export function sortedPresent(op: string, column: NumericColumn): Float64Array {
  const present: number[] = [];
  const values = column.values;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    if (!Number.isFinite(v)) throw new DataError(`${op}: column '${column.name}' holds ${v} at row ${i}; replace or drop infinite values first`);
    present.push(v);
  }
  return Float64Array.from(present).sort();
}

/**
 * The q-quantile (q in [0, 1]) of sorted values by linear interpolation: position q·(n−1).
 *
 * @example
 * quantileOfSorted(Float64Array.of(1, 2, 3, 4), 0.5); // 2.5
 */
export function quantileOfSorted(sorted: Float64Array, q: number): number {
  const position = q * (sorted.length - 1);
  const lo = Math.floor(position);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const t = position - lo;
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  // NumPy's _lerp: a + (b − a)·t, computed from the nearer end to keep the rounding symmetric.
  return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
}

/**
 * Mean and population standard deviation (ddof = 0) of values, two-pass for accuracy.
 *
 * @example
 * meanAndStd(Float64Array.of(1, 3)); // { mean: 2, std: 1 }
 */
export function meanAndStd(values: Float64Array): { mean: number; std: number } {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) * (v - mean);
  return { mean, std: Math.sqrt(squares / values.length) };
}

/**
 * A scale that is 0 (a constant column) or not finite becomes 1, as scikit-learn's
 * `_handle_zeros_in_scale`, so a constant feature maps to 0 instead of NaN.
 *
 * @example
 * safeScale(0); // 1
 */
export function safeScale(scale: number): number {
  return scale === 0 || !Number.isFinite(scale) || Math.abs(scale) < 10 * Number.EPSILON ? 1 : scale;
}

/**
 * A numeric column with `fn` applied to each present value; missing cells stay NaN (scalers pass
 * NaN through as scikit-learn's do, for an imputer to handle before or after).
 *
 * @example
 * mapPresent(numericColumn('x', [1, null]), (v) => 2 * v); // x = [2, NaN]
 */
export function mapPresent(column: NumericColumn, fn: (v: number) => number): NumericColumn {
  return numericColumn(column.name, column.values.map((v) => (Number.isNaN(v) ? v : fn(v))));
}

/**
 * The present values of a training column, sorted, or a DataError naming the column when it has
 * none (nothing to learn a statistic from).
 *
 * @example
 * requirePresent('StandardScaler.fit', column);
 */
export function requirePresent(op: string, column: NumericColumn): Float64Array {
  const sorted = sortedPresent(op, column);
  if (sorted.length === 0) throw new DataError(`${op}: column '${column.name}' has no present value in the training data (all ${column.values.length} missing); impute or drop it first`);
  return sorted;
}
