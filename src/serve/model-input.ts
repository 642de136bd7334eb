/**
 * ModelInput: what a served model reads, in the terms its client writes — named, typed columns
 * for a tabular model, plain strings for a text model, base64 PNG/JPEG files for an image model,
 * base64 WAV files for a speech model, a prompt and sampling settings for a language model. The
 * request's JSON schema, the OpenAPI document and `GET /v1/models` are all generated from it, so
 * they cannot disagree.
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

/**
 * An image model's input: one base64 PNG or JPEG file per image (a `data:image/png;base64,` prefix
 * is allowed). Each is converted to `channels` and resized to `height`×`width` as the training
 * images were read (values in [0, 1]).
 */
export interface ImagesInput {
  readonly kind: 'images';
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly formats: readonly string[];
}

/**
 * A speech model's input: one base64 WAV file per recording (PCM 8/16/24/32-bit or 32-bit float,
 * any number of channels, averaged to mono) at the model's sample rate.
 */
export interface AudioInput {
  readonly kind: 'audio';
  readonly sampleRate: number;
  readonly formats: readonly string[];
}

/** A language model's input: a prompt of characters from `vocabulary`, and sampling settings. */
export interface PromptInput {
  readonly kind: 'prompt';
  /** The characters the model knows, by id. */
  readonly vocabulary: readonly string[];
  /** Characters of context the model sees (a longer prompt keeps its end). */
  readonly contextLength: number;
}

/** What a served model reads. */
export type ModelInput = RowsInput | TextsInput | ImagesInput | AudioInput | PromptInput;

/** The limits a request schema enforces. */
export interface InputLimits {
  /** Most rows (or texts, images, recordings) in one request. */
  readonly maxItems: number;
  /** Longest string cell, text or prompt, in characters. */
  readonly maxStringLength: number;
  /** Most characters a language model generates for one request. */
  readonly maxTokens: number;
}

/** The generated characters when a request does not say (or the server's most, if lower). */
export const DEFAULT_GENERATED_TOKENS = 200;

/** A JSON Schema (draft 7, what Fastify's ajv speaks), as plain JSON. */
export type JsonSchema = { readonly [key: string]: unknown };

/**
 * The JSON schema of a predict request's body: `{ "rows": [{ column: value, … }, …] }` for a
 * tabular model (every column required, null for a missing value, no unknown column, so a typo is
 * a 400 naming it rather than a silently imputed column), `{ "texts": ["…", …] }` for a text model,
 * `{ "images": ["<base64>", …] }` and `{ "audio": ["<base64>", …] }` for image and speech models
 * (no length limit per item: the body limit bounds them), and `{ "prompt": "…", "tokens": 200,
 * "temperature": 1, "topK": 40, "seed": 0, "stream": false }` for a language model.
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
  if (input.kind === 'prompt') return promptSchema(limits);
  const key = input.kind;
  const item =
    input.kind === 'texts'
      ? { type: 'string', maxLength: limits.maxStringLength }
      : input.kind === 'rows'
        ? rowSchema(input, limits)
        : { type: 'string', minLength: 1, description: `a base64 ${input.formats.join(' or ')} file (a data: URL prefix is allowed)` };
  return {
    type: 'object',
    additionalProperties: false,
    required: [key],
    properties: { [key]: { type: 'array', minItems: 1, maxItems: limits.maxItems, items: item } },
  };
}

function promptSchema(limits: InputLimits): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['prompt'],
    properties: {
      prompt: { type: 'string', minLength: 1, maxLength: limits.maxStringLength, description: 'the text to continue; every character must be in the vocabulary' },
      tokens: { type: 'integer', minimum: 0, maximum: limits.maxTokens, description: `characters to generate (default ${Math.min(DEFAULT_GENERATED_TOKENS, limits.maxTokens)})` },
      temperature: { type: 'number', minimum: 0, description: 'sampling temperature (default 1; 0 always takes the most likely character)' },
      topK: { type: 'integer', minimum: 1, description: 'sample among the k most likely characters only (default: all)' },
      seed: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'seed of the draws (default 0): the same seed and prompt give the same text' },
      stream: { type: 'boolean', description: 'answer as server-sent events, one per generated piece, as they are sampled (default false)' },
    },
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
