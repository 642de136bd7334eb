/**
 * Optimisers by name, for Keras-style `compile({ optimizer: 'adam' })` and configuration files.
 */
import { type Tensor, ValueError } from '../core/index.js';
import { Adagrad } from './adagrad.js';
import { Adam } from './adam.js';
import { AdamW } from './adamw.js';
import type { BaseHyper, HyperValue, Optimizer, ParamGroupSpec, SlotState } from './optimizer.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';

/** Options by name, as a configuration file carries them (`{ lr: 0.01, momentum: 0.9 }`). */
export type NamedOptimizerOptions = Readonly<Record<string, HyperValue>>;

type Factory = (params: Iterable<Tensor> | Iterable<ParamGroupSpec<BaseHyper>>, options: NamedOptimizerOptions) => Optimizer<BaseHyper, SlotState>;

// The casts only widen: each constructor checks the option names and values at run time.
const OPTIMIZERS: Readonly<Record<string, Factory>> = {
  sgd: (params, options) => new SGD(params as never, options as never),
  adam: (params, options) => new Adam(params as never, options as never),
  adamw: (params, options) => new AdamW(params as never, options as never),
  rmsprop: (params, options) => new RMSprop(params as never, options as never),
  adagrad: (params, options) => new Adagrad(params as never, options as never),
};

/** Every name {@link getOptimizer} knows, in a stable order. */
export const OPTIMIZER_NAMES: readonly string[] = Object.keys(OPTIMIZERS);

/**
 * A new optimiser of the kind registered under `name` — 'sgd', 'adam', 'adamw', 'rmsprop' or
 * 'adagrad', in any letter case — over `params`, with PyTorch's defaults overridden by `options`.
 *
 * @param name A registered name.
 * @param params Parameters, or parameter groups `{ params, lr?, … }`.
 * @param options Hyper-parameters by their Sprout names (`lr`, `momentum`, `weightDecay`, …).
 * @throws ValueError for an unknown name (listing the known ones), an option the optimiser does not
 *   have, or a bad value.
 * @example
 * const optimizer = getOptimizer('adam', model.parameters(), { lr: 1e-3 });
 */
export function getOptimizer(
  name: string,
  params: Iterable<Tensor> | Iterable<ParamGroupSpec<BaseHyper>>,
  options: NamedOptimizerOptions = {},
): Optimizer<BaseHyper, SlotState> {
  const key = typeof name === 'string' ? name.toLowerCase() : '';
  const factory = Object.prototype.hasOwnProperty.call(OPTIMIZERS, key) ? OPTIMIZERS[key] : undefined;
  if (factory === undefined) {
    throw new ValueError(`getOptimizer: unknown optimiser ${JSON.stringify(name)}; known optimisers: ${OPTIMIZER_NAMES.join(', ')}`);
  }
  return factory(params, options);
}
