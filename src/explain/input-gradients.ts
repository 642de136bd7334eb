/**
 * inputGradients: ∂f(xᵢ)/∂xᵢ for every example of a batch, by one backward pass per chunk. The
 * examples of a batch do not interact in evaluation mode, so the gradient of Σᵢ f(xᵢ) with respect
 * to the batch holds each example's own gradient in its row — SmoothGrad's noisy copies and
 * integrated gradients' path points cost one forward and one backward per chunk, not per point.
 */
import { type DType, sum, tensor, type Tensor, valueAndGrad } from '../core/index.js';
import { sliceOf } from './predictor.js';

/**
 * Gradients of the explained scalar at each example of a batch.
 *
 * @param f The explained scalar per example: [N, …] → [N].
 * @param data The batch, row-major.
 * @param shape The batch's shape [N, …].
 * @param dtype float32 or float64.
 * @param batchSize Examples per backward pass (bounds memory).
 * @returns Row-major gradients, shaped like the batch.
 * @example
 * const gradients = inputGradients(f, data, [50, 4], 'float32', 64);
 */
export function inputGradients(f: (x: Tensor) => Tensor, data: ArrayLike<number>, shape: readonly number[], dtype: DType, batchSize = 64): Float64Array {
  const n = shape[0]!;
  const per = n === 0 ? 0 : data.length / n;
  const gradients = new Float64Array(data.length);
  const summed = valueAndGrad((x: Tensor) => sum(f(x)));
  for (let start = 0; start < n; start += batchSize) {
    const b = Math.min(batchSize, n - start);
    const chunk = tensor(sliceOf(data, start * per, (start + b) * per, dtype), { shape: [b, ...shape.slice(1)], dtype });
    const g = summed(chunk).grads[0]!.dataSync();
    gradients.set(g, start * per);
  }
  return gradients;
}
