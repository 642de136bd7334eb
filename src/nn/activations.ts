/**
 * Activation layers: thin modules over the engine's activation ops, so they can sit in a
 * Sequential. They have no parameters.
 */
import { gelu, leakyRelu, relu, sigmoid, softmax, tanh, type Tensor, ValueError } from '../core/index.js';
import type { ConfigObject } from './config-readers.js';
import { Module } from './module.js';

/** max(x, 0). @example new Sequential(new Linear(4, 8), new ReLU()) */
export class ReLU extends Module {
  constructor() { super('ReLU'); }
  override getConfig(): ConfigObject { return {}; }
  forward(x: Tensor): Tensor { return relu(x); }
}

/** x for x > 0, negativeSlope·x otherwise (default 0.01). */
export class LeakyReLU extends Module {
  constructor(readonly negativeSlope = 0.01) {
    super('LeakyReLU');
    if (!Number.isFinite(negativeSlope)) throw new ValueError(`LeakyReLU: negativeSlope must be finite, got ${negativeSlope}`);
  }
  override getConfig(): ConfigObject { return { negativeSlope: this.negativeSlope }; }
  forward(x: Tensor): Tensor { return leakyRelu(x, this.negativeSlope); }
}

/** Logistic sigmoid. */
export class Sigmoid extends Module {
  constructor() { super('Sigmoid'); }
  override getConfig(): ConfigObject { return {}; }
  forward(x: Tensor): Tensor { return sigmoid(x); }
}

/** Hyperbolic tangent. */
export class Tanh extends Module {
  constructor() { super('Tanh'); }
  override getConfig(): ConfigObject { return {}; }
  forward(x: Tensor): Tensor { return tanh(x); }
}

/** Gaussian error linear unit, exact ('none') or tanh-approximated. */
export class GELU extends Module {
  constructor(readonly approximate: 'none' | 'tanh' = 'none') { super('GELU'); }
  override getConfig(): ConfigObject { return { approximate: this.approximate }; }
  forward(x: Tensor): Tensor { return gelu(x, this.approximate); }
}

/** Softmax along `axis` (default last). */
export class Softmax extends Module {
  constructor(readonly axis = -1) { super('Softmax'); }
  override getConfig(): ConfigObject { return { axis: this.axis }; }
  forward(x: Tensor): Tensor { return softmax(x, this.axis); }
}
