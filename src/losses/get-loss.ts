/**
 * Losses by name, for Keras-style `compile({ loss: 'crossEntropy' })` and configuration files.
 */
import { DTypeError, isFloat, type Tensor, ValueError } from '../core/index.js';
import { binaryCrossEntropy } from './binary-cross-entropy.js';
import { binaryCrossEntropyWithLogits } from './binary-cross-entropy-with-logits.js';
import { crossEntropy } from './cross-entropy.js';
import { huberLoss } from './huber-loss.js';
import { klDivLoss } from './kl-div-loss.js';
import { l1Loss } from './l1-loss.js';
import { mseLoss } from './mse-loss.js';
import { nllLoss } from './nll-loss.js';
import type { LossOptions } from './reduction.js';
import { smoothL1Loss } from './smooth-l1-loss.js';

/** A loss as the registry hands it out: prediction, target and the common options. */
export type LossFunction = (input: Tensor, target: Tensor, options?: LossOptions) => Tensor;

/**
 * crossEntropy restricted to one kind of target, so that a model compiled with
 * 'sparseCategoricalCrossEntropy' fails clearly when fed one-hot labels, and vice versa.
 */
function crossEntropyFor(name: string, kind: 'indices' | 'probabilities'): LossFunction {
  return (input, target, options = {}) => {
    const isIndices = target.dtype === 'int32';
    if (kind === 'indices' && !isIndices) {
      throw new DTypeError(`${name}: target must be int32 class indices, got ${target.dtype}; for one-hot targets use 'categoricalCrossEntropy'`);
    }
    if (kind === 'probabilities' && !isFloat(target.dtype)) {
      throw new DTypeError(`${name}: target must be float one-hot or probability rows, got ${target.dtype}; for class indices use 'sparseCategoricalCrossEntropy'`);
    }
    return crossEntropy(input, target, options);
  };
}

const LOSSES: Readonly<Record<string, LossFunction>> = {
  mse: mseLoss,
  mae: l1Loss,
  l1: l1Loss,
  huber: huberLoss,
  smoothL1: smoothL1Loss,
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  crossEntropy,
  sparseCategoricalCrossEntropy: crossEntropyFor('sparseCategoricalCrossEntropy', 'indices'),
  categoricalCrossEntropy: crossEntropyFor('categoricalCrossEntropy', 'probabilities'),
  nll: nllLoss,
  klDivergence: klDivLoss,
};

/** Every name {@link getLoss} knows, in a stable order. */
export const LOSS_NAMES: readonly string[] = Object.keys(LOSSES);

/**
 * The loss registered under `name`: 'mse', 'mae' (also 'l1'), 'huber', 'smoothL1',
 * 'binaryCrossEntropy', 'binaryCrossEntropyWithLogits', 'crossEntropy' (class indices or
 * probabilities), 'sparseCategoricalCrossEntropy' (class indices only), 'categoricalCrossEntropy'
 * (one-hot / probabilities only), 'nll' or 'klDivergence'. Names are case-sensitive.
 *
 * @param name A registered name.
 * @returns The loss function, taking (input, target, { reduction }).
 * @throws ValueError for an unknown name, listing the known ones.
 * @example
 * const loss = getLoss('crossEntropy');
 * loss(logits, labels); // same as crossEntropy(logits, labels)
 */
export function getLoss(name: string): LossFunction {
  const loss = Object.prototype.hasOwnProperty.call(LOSSES, name) ? LOSSES[name] : undefined;
  if (loss === undefined) {
    throw new ValueError(`getLoss: unknown loss ${JSON.stringify(name)}; known losses: ${LOSS_NAMES.join(', ')}`);
  }
  return loss;
}
