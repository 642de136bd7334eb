/**
 * The fused Adam update (an optimiser kernel, not differentiable): a parameter's new value and
 * moment estimates in one backend pass over four arrays, instead of about ten elementwise ops and
 * their temporaries — an MLP's Adam step was 30 % of its training step. The arithmetic and the
 * rounding are the composite update's (src/optim/adam.ts), so results are the same bit for bit.
 */
import type { AdamUpdateHyper } from '../../backends/contract.js';
import { DTypeError, formatShape, ShapeError } from '../errors.js';
import { shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { assertFloat, assertTensor, onBackend, wrap } from './operand.js';

export type { AdamUpdateHyper } from '../../backends/contract.js';

/** The tensors one update produces. */
export interface AdamUpdateResult {
  readonly param: Tensor;
  readonly expAvg: Tensor;
  readonly expAvgSq: Tensor;
}

/**
 * One Adam step of `param` (see KernelBackend.adamUpdate for the formula). All four tensors have
 * the same shape and float dtype; none is modified, none is recorded for autograd.
 *
 * @throws ShapeError / DTypeError when the tensors differ in shape or dtype, or are not float.
 * @example
 * const next = adamUpdateFused(w, w.grad!, m, v, { decay: 1, weightDecay: 0, beta1: 0.9, beta2: 0.999,
 *   stepSize: 1e-3 / (1 - 0.9), biasCorrection2Sqrt: Math.sqrt(1 - 0.999), eps: 1e-8 });
 */
export function adamUpdateFused(param: Tensor, grad: Tensor, expAvg: Tensor, expAvgSq: Tensor, hyper: AdamUpdateHyper): AdamUpdateResult {
  const op = 'adamUpdateFused';
  const named: [string, Tensor][] = [['param', param], ['grad', grad], ['expAvg', expAvg], ['expAvgSq', expAvgSq]];
  for (const [name, t] of named) {
    assertTensor(op, name, t);
    assertFloat(op, name, t);
    if (!shapesEqual(t.shape, param.shape)) throw new ShapeError(`${op}: ${name} must have param's shape ${formatShape(param.shape)}, got ${formatShape(t.shape)}`);
    if (t.dtype !== param.dtype) throw new DTypeError(`${op}: ${name} must be ${param.dtype} like param, got ${t.dtype}`);
  }
  const backend = param.backend;
  const [g, m0, v0] = [grad, expAvg, expAvgSq].map((t) => onBackend(t.detach(), backend)) as [Tensor, Tensor, Tensor];
  const [p, m, v] = backend.adamUpdate(param.detach().view(), g.view(), m0.view(), v0.view(), hyper, param.dtype);
  return { param: wrap(backend, p, param.shape), expAvg: wrap(backend, m, param.shape), expAvgSq: wrap(backend, v, param.shape) };
}
