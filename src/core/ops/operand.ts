/**
 * Helpers every op uses to turn its arguments into tensors on one backend. Internal to core.
 */
import type { BackendBuffer, DType, KernelBackend } from '../../backends/contract.js';
import { record } from '../autograd.js';
import { getBackend } from '../backend-registry.js';
import { defaultDTypeOf, promoteTypes, scalarDType } from '../dtype.js';
import { DTypeError, ValueError } from '../errors.js';
import type { Shape } from '../shape.js';
import { Tensor, type TensorLike } from '../tensor.js';

/** Wraps a fresh contiguous buffer as a tensor. */
export function wrap(backend: KernelBackend, buffer: BackendBuffer, shape: Shape): Tensor {
  return Tensor.fromBuffer(backend, buffer, shape);
}

/** A 0-d tensor holding `value` in `dtype`. */
export function scalarTensor(value: number, dtype: DType, backend: KernelBackend = getBackend()): Tensor {
  return wrap(backend, backend.fill(dtype, 1, value), []);
}

/** Checks that the argument is a tensor (plain numbers are not accepted here). */
export function assertTensor(op: string, argument: string, value: unknown): Tensor {
  if (!(value instanceof Tensor)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    throw new ValueError(`${op}: ${argument} must be a Tensor, got ${got}; wrap data with tensor(...)`);
  }
  return value;
}

/** Checks that a tensor holds floats. */
export function assertFloat(op: string, argument: string, t: Tensor): void {
  if (!t.isFloatingPoint()) throw new DTypeError(`${op}: ${argument} must be float32 or float64, got ${t.dtype}`);
}

/**
 * Moves a tensor to `backend` (a copy through host memory) when it lives elsewhere, as happens
 * after `setBackend` with tensors made before. Gradients flow back across the move.
 */
export function onBackend(t: Tensor, backend: KernelBackend): Tensor {
  if (t.backend === backend) return t;
  const source = t.backend;
  const moved = wrap(backend, backend.upload(t.dtype, t.dataSync()), t.shape);
  return record('toBackend', moved, [t], (g) => [onBackend(g, source)]);
}

/**
 * Resolves the operands of an elementwise op: numbers become 0-d tensors of a fitting dtype
 * (PyTorch's weak scalars) and every tensor ends on one backend.
 */
export function operands(op: string, values: readonly TensorLike[], names: readonly string[]): Tensor[] {
  const tensors = values.filter((v): v is Tensor => v instanceof Tensor);
  const backend = tensors.length > 0 && tensors.every((t) => t.backend === tensors[0]!.backend) ? tensors[0]!.backend : getBackend();
  let tensorDType: DType | null = null;
  for (const t of tensors) tensorDType = tensorDType === null ? t.dtype : promoteTypes(tensorDType, t.dtype);
  return values.map((v, i) => {
    if (v instanceof Tensor) return onBackend(v, backend);
    if (typeof v !== 'number') {
      throw new ValueError(`${op}: ${names[i] ?? 'argument'} must be a Tensor or a number, got ${v === null ? 'null' : typeof v}`);
    }
    const dtype = tensorDType === null ? defaultDTypeOf(v) : scalarDType(v, tensorDType);
    return scalarTensor(v, dtype, backend);
  });
}
