/**
 * TextNormalizer: applies {@link normalizeText} to text columns as a table step, so the
 * normalisation a model was trained with is saved with it and applied again at prediction time.
 * It learns nothing; `fit` only fixes the columns.
 */
import type { Column, ColumnType, TextColumn } from '../column.js';
import { textColumn } from '../column.js';
import { ColumnStep } from './column-step.js';
import type { JsonValue } from './json-reader.js';
import { checkTextNormalizeOptions, normalizeText, readTextNormalizeOptions, type TextNormalizeOptions } from './normalize-text.js';
import { constructFromJson, openStepJson, readColumnsOption } from './preprocess-step.js';

/** Options of {@link TextNormalizer}. */
export interface TextNormalizerOptions extends TextNormalizeOptions {
  /** Text columns to normalise (default: every text column). */
  readonly columns?: readonly string[];
}

/**
 * Normalises text columns.
 *
 * @example
 * const norm = new TextNormalizer({ punctuation: 'space', stripAccents: true }).fit(train);
 * norm.transform(test).cell(0, 'message'); // 'cafe is great'
 */
export class TextNormalizer extends ColumnStep {
  protected readonly accepts: readonly ColumnType[] = ['text'];
  readonly normalize: Required<TextNormalizeOptions>;

  /** @throws ValueError for an unknown option value. */
  constructor(options: TextNormalizerOptions = {}) {
    super('TextNormalizer', options.columns);
    this.normalize = checkTextNormalizeOptions(options);
  }

  /**
   * Restores a TextNormalizer from {@link toJSON} output.
   *
   * @throws ModelFormatError for malformed JSON.
   * @example
   * TextNormalizer.fromJSON(JSON.parse(JSON.stringify(norm)));
   */
  static fromJSON(json: unknown): TextNormalizer {
    const { options, state } = openStepJson(json, 'TextNormalizer');
    const step = constructFromJson(options, () => new TextNormalizer({ ...readTextNormalizeOptions(options), ...readColumnsOption(options) }));
    if (!state.isNull()) step.restoreColumns(state.field('columns').strings());
    return step;
  }

  protected fitColumns(): void {}

  protected transformColumn(column: Column): Column {
    return textColumn(column.name, (column as TextColumn).values.map((v) => (v === null ? null : normalizeText(v, this.normalize))));
  }

  protected optionsJson(): { readonly [key: string]: JsonValue } {
    return { ...this.normalize, columns: this.requested === undefined ? null : [...this.requested] };
  }

  protected stateJson(): { readonly [key: string]: JsonValue } {
    return {};
  }
}
