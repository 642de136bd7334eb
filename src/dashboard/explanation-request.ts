/**
 * The body of a local-explanation request (`POST /api/runs/<id>/explain`), checked field by field
 * before anything runs: a request that does not fit gets a 400 naming the field and the reason.
 *
 * - table models: `{ "method": "integrated-gradients", "row": { "<column>": "<value>" | null, … }, "target"?: "<class>" }`
 *   — every column the model reads, as text (what a form field holds; null or '' is a missing cell),
 *   no unknown column, so a typo is a 400 rather than a silently imputed column;
 * - text models: `{ "method": "occlusion", "text": "…" }`.
 */
import { ValueError } from '../core/index.js';
import { columnFromStrings, Table } from '../data/index.js';
import type { TabularInputField } from './tabular-input-fields.js';

/** A request field that does not fit: answered with status 400. */
export class ExplanationRequestError extends ValueError {
  /**
   * @param field The field's path in the body, e.g. `row.age`.
   * @param reason What was expected and what came.
   */
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/** The longest string a field may hold, in characters. */
export const MAX_FIELD_LENGTH = 10_000;

/** A parsed request body: a plain JSON object. */
export type RequestBody = Readonly<Record<string, unknown>>;

/**
 * Parses a request body as a JSON object.
 *
 * @throws ExplanationRequestError (field 'body') for text that is not JSON or not an object.
 * @example
 * const body = parseRequestBody('{"method":"saliency","row":{}}');
 */
export function parseRequestBody(text: string): RequestBody {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ExplanationRequestError('body', `expected JSON, got text that does not parse (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ExplanationRequestError('body', `expected a JSON object, got ${describe(value)}`);
  return value as RequestBody;
}

/**
 * The body's method, one of `methods` (default: the first).
 *
 * @throws ExplanationRequestError (field 'method').
 */
export function requestMethod(body: RequestBody, methods: readonly string[]): string {
  const method = body['method'] ?? methods[0];
  if (typeof method !== 'string' || !methods.includes(method)) throw new ExplanationRequestError('method', `expected one of ${methods.join(', ')}, got ${describe(method)}`);
  return method;
}

/**
 * The body's `text` (a text model's input).
 *
 * @throws ExplanationRequestError (field 'text') for a missing, non-string, blank or too long text.
 */
export function requestText(body: RequestBody): string {
  const text = body['text'];
  if (typeof text !== 'string') throw new ExplanationRequestError('text', `expected a string, got ${describe(text)}`);
  if (text.trim() === '') throw new ExplanationRequestError('text', 'expected some words, got a blank string');
  if (text.length > MAX_FIELD_LENGTH) throw new ExplanationRequestError('text', `expected at most ${MAX_FIELD_LENGTH} characters, got ${text.length}`);
  return text;
}

/**
 * The body's optional `target` class: one of `classes` (regression takes none).
 *
 * @throws ExplanationRequestError (field 'target').
 */
export function requestTarget(body: RequestBody, classes: readonly string[] | null): string | undefined {
  const target = body['target'];
  if (target === undefined || target === null || target === '') return undefined;
  if (classes === null) throw new ExplanationRequestError('target', `a regression model has no classes to pick; leave it out, got ${describe(target)}`);
  if (typeof target !== 'string' || !classes.includes(target)) throw new ExplanationRequestError('target', `expected one of the classes ${classes.join(', ')}, got ${describe(target)}`);
  return target;
}

/**
 * The body's `row` as a one-row Table with the training column types (cells read as a CSV cell is).
 *
 * @throws ExplanationRequestError naming `row` or `row.<column>`: not an object, a missing or
 *   unknown column, a cell that is not a string (or null), too long, or not of its column's type.
 * @example
 * requestRow({ row: { age: '31', plan: 'pro' } }, fields); // Table of 1 row
 */
export function requestRow(body: RequestBody, fields: readonly TabularInputField[]): Table {
  const row = body['row'];
  if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new ExplanationRequestError('row', `expected an object with a value per column, got ${describe(row)}`);
  const cells = row as Readonly<Record<string, unknown>>;
  const known = new Set(fields.map((f) => f.name));
  for (const name of Object.keys(cells)) {
    if (!known.has(name)) throw new ExplanationRequestError(`row.${name}`, `not a column of the model; the columns are ${[...known].join(', ')}`);
  }
  const columns = fields.map((field) => {
    const path = `row.${field.name}`;
    if (!Object.hasOwn(cells, field.name)) throw new ExplanationRequestError(path, 'missing; send null or "" for a missing cell');
    const cell = cells[field.name];
    if (cell !== null && typeof cell !== 'string') throw new ExplanationRequestError(path, `expected a string or null, got ${describe(cell)}`);
    if (cell !== null && cell.length > MAX_FIELD_LENGTH) throw new ExplanationRequestError(path, `expected at most ${MAX_FIELD_LENGTH} characters, got ${cell.length}`);
    try {
      return columnFromStrings(field.name, [cell], { type: field.type, op: 'dashboard' });
    } catch {
      throw new ExplanationRequestError(path, `expected a ${field.type} value, got ${describe(cell)}`);
    }
  });
  return Table.fromColumns(columns, 1);
}

/** A value as a message shows it: JSON, shortened. */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
