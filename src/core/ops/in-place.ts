/**
 * The one in-place primitive: overwrite a tensor's elements. Optimisers use it (through `add_`,
 * `mul_`, … on Tensor) inside `noGrad`; autograd refuses it on tensors in a recorded graph and
 * detects later overwrites of saved tensors through the storage version counter.
 */
import { isGradEnabled } from '../autograd.js';
import { ValueError } from '../errors.js';
import type { Tensor, TensorLike } from '../tensor.js';
import { onBackend, scalarTensor } from './operand.js';
import { clone, expand } from './shape-ops.js';

/**
 * Writes `source`, broadcast to target's shape and converted to its dtype, into target's storage.
 * Every view sharing that storage sees the change.
 *
 * @throws ValueError on a tensor that requires a gradient while gradients are recorded.
 * @example
 * noGrad(() => assign_(weight, sub(weight, mul(weight.grad!, 0.1))));
 */
export function assign_<T extends Tensor>(target: T, source: TensorLike): T {
  if (isGradEnabled() && target.requiresGrad) {
    throw new ValueError(
      'assign_: in-place writes to a tensor that requires a gradient are not recorded; do them inside noGrad(...)',
    );
  }
  const value =
    typeof source === 'number' ? scalarTensor(source, target.dtype, target.backend) : onBackend(source, target.backend);
  // Reading and writing the same storage at once could read already-written elements.
  const safe = value.storage === target.storage ? clone(value) : value;
  target.backend.copyInto(target.view(), expand(safe.detach(), target.shape).view());
  target.storage.version++;
  return target;
}
