/**
 * Typed errors. Every message names the operation, the argument, what was expected and what came:
 * `matmul: inner dimensions differ: a is [32, 784], b is [128, 10]`.
 */

/** Base class of every error Sprout throws on purpose. */
export class SproutError extends Error {
  override readonly name: string = 'SproutError';
}

/** A shape did not fit: wrong rank, mismatched dimensions, an axis out of range. */
export class ShapeError extends SproutError {
  override readonly name = 'ShapeError';
}

/** A dtype did not fit: integer input to a float-only op, a gradient for an integer tensor. */
export class DTypeError extends SproutError {
  override readonly name = 'DTypeError';
}

/** A value did not fit: a negative size, an index out of range, an unknown option. */
export class ValueError extends SproutError {
  override readonly name = 'ValueError';
}

/** Data could not be read or made sense of: a malformed file, a missing column. */
export class DataError extends SproutError {
  override readonly name = 'DataError';
}

/** A saved model or weights file is malformed or does not fit the model. */
export class ModelFormatError extends SproutError {
  override readonly name = 'ModelFormatError';
}

/** Formats a shape the way error messages show it: `[32, 784]`. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
