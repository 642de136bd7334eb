/**
 * Dropout (Srivastava et al. 2014, "Dropout: A Simple Way to Prevent Neural Networks from
 * Overfitting"), in its inverted form: in training each element is kept with probability 1 − p
 * and scaled by 1 / (1 − p), so the expected output equals the input and evaluation is the
 * identity (no rescaling at test time).
 *
 * Shapes: x [...] → y of the same shape; the mask is drawn elementwise.
 */
import { cast, defaultGenerator, DTypeError, type Generator, lt, mul, rand, type Tensor, ValueError, zerosLike } from '../core/index.js';
import type { ConfigObject } from './config-readers.js';
import { Module } from './module.js';

/** Options of {@link Dropout}. */
export interface DropoutOptions {
  /** Source of the masks (default: the global generator). Seed it for reproducible training. */
  readonly generator?: Generator;
}

/**
 * Randomly zeroes elements in training mode; the identity in evaluation mode.
 *
 * p = 0 is the identity and p = 1 zeroes everything (gradient zero too), as in PyTorch.
 *
 * @param p Probability of zeroing an element, in [0, 1] (default 0.5).
 * @throws ValueError for p outside [0, 1]; forward throws DTypeError for a non-float input.
 * @example
 * const drop = new Dropout(0.1, { generator: new Generator(0) });
 * const y = drop.forward(h); // training: ~10 % zeros, the rest × 1/0.9
 * drop.eval();               // now drop.forward(h) returns h
 */
export class Dropout extends Module {
  private readonly generator: Generator;

  constructor(
    readonly p = 0.5,
    options: DropoutOptions = {},
  ) {
    super('Dropout');
    if (!(p >= 0 && p <= 1)) throw new ValueError(`Dropout: p must be a probability in [0, 1], got ${p}`);
    this.generator = options.generator ?? defaultGenerator;
  }

  override getConfig(): ConfigObject {
    return { p: this.p };
  }

  /** @throws DTypeError for a non-float input. */
  forward(x: Tensor): Tensor {
    if (!x.isFloatingPoint()) throw new DTypeError(`Dropout: input must be float32 or float64, got ${x.dtype}`);
    if (!this.training || this.p === 0) return x;
    // mul by zeros rather than a fresh zeros tensor, so the output stays in the graph with gradient 0.
    if (this.p === 1) return mul(x, zerosLike(x));
    const keep = 1 - this.p;
    const uniform = rand(x.shape, { generator: this.generator, dtype: x.dtype });
    const mask = mul(cast(lt(uniform, keep), x.dtype), 1 / keep);
    return mul(x, mask);
  }
}
