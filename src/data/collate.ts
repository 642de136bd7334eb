/**
 * Collation: turning a list of examples into one batch, structure by structure.
 */
import { DataError, formatShape, stack, tensor, Tensor } from '../core/index.js';

/** The batch type {@link defaultCollate} makes from examples of type T. */
export type Collated<T> = T extends Tensor
  ? Tensor
  : T extends number | boolean
    ? Tensor
    : T extends string
      ? string[]
      : T extends readonly unknown[]
        ? { -readonly [K in keyof T]: Collated<T[K]> }
        : T extends object
          ? { -readonly [K in keyof T]: Collated<T[K]> }
          : never;

function collateAt(examples: readonly unknown[], path: string): unknown {
  const first = examples[0];
  if (first instanceof Tensor) {
    const tensors = examples as Tensor[];
    for (let i = 1; i < tensors.length; i++) {
      const t = tensors[i];
      if (!(t instanceof Tensor) || t.dtype !== first.dtype || t.shape.length !== first.shape.length || t.shape.some((d, k) => d !== first.shape[k])) {
        const got = t instanceof Tensor ? `${t.dtype} ${formatShape(t.shape)}` : typeof t;
        throw new DataError(`defaultCollate: examples differ at ${path}: example 0 is ${first.dtype} ${formatShape(first.shape)}, example ${i} is ${got}; resize or pad them, or pass a collate function`);
      }
    }
    return stack(tensors, 0);
  }
  if (typeof first === 'number' || typeof first === 'boolean') {
    const values = examples.map((v, i) => {
      if (typeof v !== typeof first) throw new DataError(`defaultCollate: examples differ at ${path}: example 0 is a ${typeof first}, example ${i} is ${typeof v}`);
      return Number(v);
    });
    return tensor(values);
  }
  if (typeof first === 'string') return examples.map((v) => String(v));
  if (Array.isArray(first)) {
    return first.map((_, k) => {
      const column = examples.map((e, i) => {
        if (!Array.isArray(e) || e.length !== first.length) throw new DataError(`defaultCollate: example ${i} at ${path} is not an array of length ${first.length}`);
        return e[k] as unknown;
      });
      return collateAt(column, `${path}[${k}]`);
    });
  }
  if (typeof first === 'object' && first !== null) {
    return Object.fromEntries(
      Object.keys(first).map((key) => {
        const column = examples.map((e, i) => {
          if (typeof e !== 'object' || e === null || !(key in e)) throw new DataError(`defaultCollate: example ${i} at ${path} has no key '${key}'`);
          return (e as Record<string, unknown>)[key];
        });
        return [key, collateAt(column, `${path}.${key}`)];
      }),
    );
  }
  throw new DataError(`defaultCollate: cannot batch ${first === null ? 'null' : typeof first} at ${path}; examples must be tensors, numbers, booleans, strings, arrays or objects of them`);
}

/**
 * Makes one batch from a list of examples, following their structure (PyTorch's default_collate):
 * tensors are stacked along a new dimension 0 (they must share shape and dtype); numbers and
 * booleans become a float32 [B] tensor (booleans as 0/1; make class labels int32 tensors in the
 * dataset, or pass your own collate); strings become a string array; arrays and objects are
 * collated element by element, so `[x, y]` examples give an `[X, Y]` batch that `fit` accepts.
 *
 * @param examples At least one example, all of the same structure.
 * @throws DataError for an empty list, examples whose structure, shape or dtype differ, or values
 *   that cannot be batched (null, functions), naming where they differ.
 * @example
 * defaultCollate([[tensor([1, 2]), 0], [tensor([3, 4]), 1]]); // [Tensor [2, 2], Tensor [2]]
 */
export function defaultCollate<T>(examples: readonly T[]): Collated<T> {
  if (examples.length === 0) throw new DataError('defaultCollate: no examples to batch');
  return collateAt(examples, 'example') as Collated<T>;
}
