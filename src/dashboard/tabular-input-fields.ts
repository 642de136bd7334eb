/**
 * tabularInputFields: the form the dashboard shows for explaining one row of a table model — one
 * field per column the model reads, typed as in training, with the value the model would use for a
 * missing cell (the saved imputer's median or most frequent value: a typical row) and, for
 * categorical and boolean columns, the values it knows. Everything comes from the saved
 * preprocessing; no data file is needed.
 */
import { Imputer, OneHotEncoder, type ColumnType } from '../data/index.js';
import type { TabularModel } from '../node/index.js';

/** One field of the form. */
export interface TabularInputField {
  readonly name: string;
  readonly type: ColumnType;
  /** The training fill value as text ('' when the pipeline keeps none, e.g. for a text column). */
  readonly typical: string;
  /** The values the model knows (categories; 'true' and 'false'); absent for numbers and text. */
  readonly choices?: readonly string[];
}

/**
 * The fields of a table model's input, in the pipeline's column order.
 *
 * @example
 * tabularInputFields(await loadTabularModel('models/churn'));
 * // [{ name: 'tenure', type: 'numeric', typical: '12' }, { name: 'plan', type: 'categorical', typical: 'pro', choices: ['free', 'pro'] }]
 */
export function tabularInputFields(tabular: TabularModel): TabularInputField[] {
  const { pipeline, metadata } = tabular;
  const typical = new Map<string, string>();
  const choices = new Map<string, readonly string[]>();
  for (const step of pipeline.branches.flatMap((b) => b.steps)) {
    if (step instanceof Imputer) for (const [name, value] of Object.entries(step.statistics)) if (!typical.has(name)) typical.set(name, String(value));
    if (step instanceof OneHotEncoder) for (const [name, list] of Object.entries(step.categories)) choices.set(name, list);
  }
  return Object.values(pipeline.columnsByBranch)
    .flat()
    .map((name): TabularInputField => {
      const type = metadata.columnTypes[name] ?? 'numeric';
      const known = type === 'boolean' ? ['true', 'false'] : choices.get(name);
      return { name, type, typical: typical.get(name) ?? '', ...(known === undefined ? {} : { choices: known }) };
    });
}
