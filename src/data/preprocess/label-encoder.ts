/**
 * LabelEncoder: maps a target column's labels to class indices 0 … k−1 and back, as
 * scikit-learn's `LabelEncoder` (classes in Table order: numbers by value, then strings; booleans
 * as 'false', 'true'). Unlike the feature encoders it does not forgive: a target label unseen in
 * training, or a missing target, is a DataError naming the column, because the model cannot be
 * scored on a class it has no output for.
 */
import { DataError, ValueError } from '../../core/index.js';
import type { Column } from '../column.js';
import { columnLabels, sortedLabels } from './column-labels.js';
import { openStepJson, STEP_JSON_VERSION, type StepJson } from './preprocess-step.js';

/**
 * Encodes target labels as class indices.
 *
 * @example
 * const enc = new LabelEncoder().fit(train.column('species'));
 * enc.classes;                               // ['setosa', 'versicolor', 'virginica']
 * enc.transform(test.column('species'));     // Int32Array of 0, 1, 2
 * enc.inverseTransform([2]);                 // ['virginica']
 */
export class LabelEncoder {
  readonly kind = 'LabelEncoder';
  private classList: readonly string[] | null = null;
  private index = new Map<string, number>();

  /** Whether `fit` has run. */
  get fitted(): boolean {
    return this.classList !== null;
  }

  /**
   * The class labels, in index order.
   *
   * @throws ValueError before fitting.
   */
  get classes(): readonly string[] {
    if (this.classList === null) throw new ValueError('LabelEncoder.classes: the encoder is not fitted; call fit(trainColumn) first');
    return this.classList;
  }

  /**
   * Learns the classes from the training target.
   *
   * @throws DataError when the column has missing cells or no labels.
   * @example
   * new LabelEncoder().fit(table.column('Revenue'));
   */
  fit(column: Column): this {
    const labels = this.presentLabels(column, 'fit');
    if (labels.length === 0) throw new DataError(`LabelEncoder.fit: target column '${column.name}' has no rows`);
    this.setClasses(sortedLabels(labels));
    return this;
  }

  /**
   * Class index per row.
   *
   * @throws ValueError before fitting; DataError for a missing cell or a label unseen in training.
   * @example
   * enc.transform(test.column('species')); // Int32Array
   */
  transform(column: Column): Int32Array {
    const classes = this.classes;
    return Int32Array.from(this.presentLabels(column, 'transform'), (label, i) => {
      const k = this.index.get(label);
      if (k === undefined) throw new DataError(`LabelEncoder.transform: target column '${column.name}', row ${i}: '${label}' is not one of the training classes [${classes.join(', ')}]`);
      return k;
    });
  }

  /** `fit(column)` then `transform(column)`. */
  fitTransform(column: Column): Int32Array {
    return this.fit(column).transform(column);
  }

  /**
   * Labels of class indices.
   *
   * @throws ValueError for an index outside [0, classes.length).
   * @example
   * enc.inverseTransform([0, 1]); // ['false', 'true']
   */
  inverseTransform(indices: ArrayLike<number>): string[] {
    const classes = this.classes;
    return Array.from(indices, (k) => {
      const label = Number.isInteger(k) ? classes[k] : undefined;
      if (label === undefined) throw new ValueError(`LabelEncoder.inverseTransform: class index ${k} is outside [0, ${classes.length})`);
      return label;
    });
  }

  toJSON(): StepJson {
    return { kind: this.kind, version: STEP_JSON_VERSION, options: {}, state: this.classList === null ? null : { classes: [...this.classList] } };
  }

  /**
   * Restores a LabelEncoder from {@link toJSON} output.
   *
   * @throws ModelFormatError for malformed JSON (not strings, repeated classes).
   * @example
   * const copy = LabelEncoder.fromJSON(JSON.parse(JSON.stringify(enc)));
   */
  static fromJSON(json: unknown): LabelEncoder {
    const { state } = openStepJson(json, 'LabelEncoder');
    const encoder = new LabelEncoder();
    if (!state.isNull()) {
      const classes = state.field('classes').strings();
      if (classes.length === 0 || new Set(classes).size !== classes.length) state.field('classes').fail('a non-empty array of distinct strings');
      encoder.setClasses(classes);
    }
    return encoder;
  }

  private setClasses(classes: readonly string[]): void {
    this.classList = Object.freeze([...classes]);
    this.index = new Map(classes.map((c, k) => [c, k]));
  }

  private presentLabels(column: Column, op: string): string[] {
    const labels = columnLabels(column);
    const missing = labels.filter((l) => l === null).length;
    if (missing > 0) throw new DataError(`LabelEncoder.${op}: target column '${column.name}' has ${missing} missing cells of ${labels.length}; drop those rows first (DropMissingRows)`);
    return labels as string[];
  }
}
