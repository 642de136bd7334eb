/**
 * ModelInput: what a served model reads, in the terms its client writes — named, typed columns
 * for a tabular model, plain strings for a text model. The request's JSON schema, the OpenAPI
 * document and `GET /v1/models` are all generated from it, so they cannot disagree.
 */
import type { ColumnType } from '../data/index.js';

/** One column a tabular model needs. */
export interface InputColumn {
  readonly name: string;
  readonly type: ColumnType;
}

/** A tabular model's input: one JSON object per row, a value (or null for missing) per column. */
export interface RowsInput {
  readonly kind: 'rows';
  readonly columns: readonly InputColumn[];
}

/** A text model's input: one string per message. */
export interface TextsInput {
  readonly kind: 'texts';
}

/** What a served model reads. */
export type ModelInput = RowsInput | TextsInput;

/** The limits a request schema enforces. */
export interface InputLimits {
  /** Most rows (or texts) in one request. */
  readonly maxItems: number;
  /** Longest string cell or text, in characters. */
  readonly maxStringLength: number;
}

/** A JSON Schema (draft 7, what Fastify's ajv speaks), as plain JSON. */
export type JsonSchema = { readonly [key: string]: unknown };

/**
 * The JSON schema of a predict request's body: `{ "rows": [{ column: value, … }, …] }` for a
 * tabular model (every column required, null for a missing value, no unknown column, so a typo is
 * a 400 naming it rather than a silently imputed column), `{ "texts": ["…", …] }` for a text model.
 *
 * Categorical cells accept numbers too (sent as 3, read as the category '3'), because a CSV column
 * of codes such as a region number was trained as categories but a JSON client writes it as a number.
 *
 * @param input The model's input description.
 * @param limits Most items per request and longest string.
 * @example
 * requestSchema({ kind: 'rows', columns: [{ name: 'age', type: 'numeric' }] }, { maxItems: 1024, maxStringLength: 10000 });
 */
export function requestSchema(input: ModelInput, limits: InputLimits): JsonSchema {
  const key = input.kind;
  const item = input.kind === 'texts' ? { type: 'string', maxLength: limits.maxStringLength } : rowSchema(input, limits);
  return {
    type: 'object',
    additionalProperties: false,
    required: [key],
    properties: { [key]: { type: 'array', minItems: 1, maxItems: limits.maxItems, items: item } },
  };
}

function rowSchema(input: RowsInput, limits: InputLimits): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const column of input.columns) properties[column.name] = cellSchema(column.type, limits);
  return { type: 'object', additionalProperties: false, required: input.columns.map((c) => c.name), properties };
}

function cellSchema(type: ColumnType, limits: InputLimits): JsonSchema {
  switch (type) {
    case 'numeric':
      return { type: ['number', 'null'] };
    case 'boolean':
      return { type: ['boolean', 'null'] };
    case 'categorical':
      return { type: ['string', 'number', 'null'], maxLength: limits.maxStringLength };
    case 'text':
      return { type: ['string', 'null'], maxLength: limits.maxStringLength };
  }
}
