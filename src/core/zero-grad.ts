import type { Tensor } from './tensor.js';

/**
 * Clears `.grad` on every tensor given (a model's parameters, typically).
 *
 * @example
 * zeroGrad([w, b]);
 */
export function zeroGrad(tensors: Iterable<Tensor>): void {
  for (const t of tensors) t.zeroGrad();
}
