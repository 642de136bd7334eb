/**
 * Typed reading of layer configs loaded from files: every field is checked, and a bad one raises
 * ModelFormatError naming the layer, the field, what was expected and what came.
 */
import { ModelFormatError } from '../core/index.js';

/** A JSON value, as configs are stored. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A layer's config object. */
export type ConfigObject = { readonly [key: string]: JsonValue };

/** Reads an integer ≥ `min` from a config, or throws ModelFormatError naming the layer and field. */
export function readInt(layer: string, config: ConfigObject, key: string, min = 0): number {
  const v = config[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new ModelFormatError(`${layer} config: '${key}' must be an integer ≥ ${min}, got ${JSON.stringify(v) ?? 'nothing'}`);
  }
  return v;
}

/** Reads a finite number from a config, or the default when absent. */
export function readNumber(layer: string, config: ConfigObject, key: string, fallback?: number): number {
  const v = config[key];
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new ModelFormatError(`${layer} config: '${key}' must be a finite number, got ${JSON.stringify(v) ?? 'nothing'}`);
  }
  return v;
}

/** Reads a boolean from a config, or the default when absent. */
export function readBool(layer: string, config: ConfigObject, key: string, fallback: boolean): boolean {
  const v = config[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new ModelFormatError(`${layer} config: '${key}' must be true or false, got ${JSON.stringify(v)}`);
  return v;
}

/** Reads one of the allowed strings from a config, or the default when absent. */
export function readChoice<T extends string>(
  layer: string,
  config: ConfigObject,
  key: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const v = config[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new ModelFormatError(`${layer} config: '${key}' must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
  }
  return v as T;
}
