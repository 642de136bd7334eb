/**
 * JsonReader: walks untrusted JSON (a saved model's preprocessing state) and checks each value's
 * type as it is read, so `fromJSON` either restores a step exactly or throws a ModelFormatError
 * that names the step, the path and what came (`StandardScaler.fromJSON: state.mean[2] must be a
 * finite number, got "x"`). Nothing in the JSON is ever evaluated: it is data, never code.
 */
import { ModelFormatError } from '../../core/index.js';

/** A value that JSON.stringify writes and JSON.parse reads back unchanged. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * A typed view of one value inside untrusted JSON, with the path that led to it.
 *
 * @example
 * const r = new JsonReader('StandardScaler.fromJSON', JSON.parse(text));
 * const mean = r.field('state').field('mean').numbers();
 */
export class JsonReader {
  /**
   * @param where The operation, for error messages (`StandardScaler.fromJSON`).
   * @param value The parsed JSON value.
   * @param path Where `value` sits in the document (`state.mean[2]`); empty for the root.
   */
  constructor(
    readonly where: string,
    readonly value: unknown,
    readonly path = '',
  ) {}

  /**
   * Throws a ModelFormatError saying what this value should have been.
   *
   * @throws ModelFormatError always.
   * @example
   * if (mean.length !== columns.length) reader.fail(`${columns.length} numbers`);
   */
  fail(expected: string): never {
    throw new ModelFormatError(`${this.where}: ${this.path === '' ? 'the JSON' : this.path} must be ${expected}, got ${describe(this.value)}`);
  }

  /** Whether the value is JSON null (or absent). */
  isNull(): boolean {
    return this.value === null || this.value === undefined;
  }

  /**
   * The member `key` of an object.
   *
   * @throws ModelFormatError when this is not an object or lacks `key`.
   * @example
   * reader.field('state');
   */
  field(key: string): JsonReader {
    const object = this.object();
    const path = this.path === '' ? key : `${this.path}.${key}`;
    if (!Object.hasOwn(object, key)) throw new ModelFormatError(`${this.where}: ${path} is missing`);
    return new JsonReader(this.where, object[key], path);
  }

  /**
   * The member `key`, or undefined when the object lacks it or holds null.
   *
   * @throws ModelFormatError when this is not an object.
   * @example
   * reader.optionalField('fillValue')?.string();
   */
  optionalField(key: string): JsonReader | undefined {
    const object = this.object();
    if (!Object.hasOwn(object, key) || object[key] === null) return undefined;
    return new JsonReader(this.where, object[key], this.path === '' ? key : `${this.path}.${key}`);
  }

  /** The keys of an object, in order. @throws ModelFormatError when this is not an object. */
  keys(): string[] {
    return Object.keys(this.object());
  }

  /** The value as a string. @throws ModelFormatError otherwise. */
  string(): string {
    if (typeof this.value !== 'string') this.fail('a string');
    return this.value;
  }

  /** The value as a finite number. @throws ModelFormatError otherwise. */
  number(): number {
    if (typeof this.value !== 'number' || !Number.isFinite(this.value)) this.fail('a finite number');
    return this.value;
  }

  /** The value as an integer in [min, max]. @throws ModelFormatError otherwise. */
  integer(min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): number {
    const v = this.value;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) this.fail(`an integer in [${min}, ${max}]`);
    return v;
  }

  /** The value as a boolean. @throws ModelFormatError otherwise. */
  boolean(): boolean {
    if (typeof this.value !== 'boolean') this.fail('true or false');
    return this.value;
  }

  /**
   * The value as one of a fixed set of strings.
   *
   * @throws ModelFormatError for any other value.
   * @example
   * reader.field('strategy').oneOf(['mean', 'median'] as const);
   */
  oneOf<T extends string>(choices: readonly T[]): T {
    const v = this.value;
    if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) this.fail(`one of ${choices.map((c) => `'${c}'`).join(', ')}`);
    return v as T;
  }

  /** The elements of an array, as readers. @throws ModelFormatError when this is not an array. */
  array(): JsonReader[] {
    if (!Array.isArray(this.value)) this.fail('an array');
    return (this.value as unknown[]).map((v, i) => new JsonReader(this.where, v, `${this.path}[${i}]`));
  }

  /** An array of finite numbers, of `length` when given. @throws ModelFormatError otherwise. */
  numbers(length?: number): number[] {
    const items = this.array();
    if (length !== undefined && items.length !== length) this.fail(`an array of ${length} numbers`);
    return items.map((r) => r.number());
  }

  /** An array of strings, of `length` when given. @throws ModelFormatError otherwise. */
  strings(length?: number): string[] {
    const items = this.array();
    if (length !== undefined && items.length !== length) this.fail(`an array of ${length} strings`);
    return items.map((r) => r.string());
  }

  private object(): Readonly<Record<string, unknown>> {
    const v = this.value;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail('an object');
    return v as Readonly<Record<string, unknown>>;
  }
}

/** A short description of a value for error messages. */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object' && value !== null) return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
