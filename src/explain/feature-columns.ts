/**
 * featureColumns: which column of the user's file each model feature came from. The pipeline turns
 * one column into several features — `color=red`, `color=<unknown>`, `age_missing`,
 * `message:refund` — and users ask about their columns, so explanations add the features of a
 * column up (attributions are additive) and permutation importance shuffles them together.
 */

/** A source column and the indices of its features. */
export interface FeatureColumn {
  readonly column: string;
  readonly features: readonly number[];
}

/**
 * Groups feature names by the training column they start with (the longest match, followed by the
 * end of the name or a separator); a feature that matches no column stands alone.
 *
 * @param featureNames The pipeline's feature names.
 * @param columns The training columns the pipeline read.
 * @returns One group per column, in order of first feature.
 * @example
 * featureColumns(['age', 'color=red', 'color=blue'], ['age', 'color']);
 * // [{ column: 'age', features: [0] }, { column: 'color', features: [1, 2] }]
 */
export function featureColumns(featureNames: readonly string[], columns: readonly string[]): FeatureColumn[] {
  const byLongest = [...columns].sort((a, b) => b.length - a.length);
  const groups = new Map<string, number[]>();
  featureNames.forEach((feature, i) => {
    const column = byLongest.find((c) => feature === c || (feature.startsWith(c) && /^[=_:+]/.test(feature.slice(c.length)))) ?? feature;
    const list = groups.get(column) ?? [];
    list.push(i);
    groups.set(column, list);
  });
  return [...groups].map(([column, features]) => ({ column, features }));
}
