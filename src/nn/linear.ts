/**
 * Fully connected layer: y = x Wᵀ + b.
 *
 * Shapes: x [..., inFeatures] → y [..., outFeatures]; weight [outFeatures, inFeatures] (PyTorch's
 * layout, so state dicts move between the two unchanged); bias [outFeatures].
 */
import { add, type DType, formatShape, type Generator, matmul, noGrad, ShapeError, type Tensor, transpose, ValueError } from '../core/index.js';
import type { ConfigObject } from './config-readers.js';
import { kaimingUniform, uniformInit, zerosInit } from './init.js';
import { Module } from './module.js';

/** Options of {@link Linear}. */
export interface LinearOptions {
  /** Add a learned bias (default true). */
  readonly bias?: boolean;
  /** Source of the initial weights. */
  readonly generator?: Generator;
  /** float32 (default) or float64. */
  readonly dtype?: DType;
}

/**
 * A dense layer.
 *
 * @example
 * const layer = new Linear(784, 128, { generator: new Generator(0) });
 * const y = layer.forward(randn([32, 784])); // [32, 128]
 */
export class Linear extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    readonly options: LinearOptions = {},
  ) {
    super('Linear');
    for (const [name, v] of [['inFeatures', inFeatures], ['outFeatures', outFeatures]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new ValueError(`Linear: ${name} must be a positive integer, got ${v}`);
    }
    const dtype = options.dtype ?? 'float32';
    this.weight = this.registerParameter('weight', zerosInit([outFeatures, inFeatures], { dtype }));
    this.bias = options.bias === false ? null : this.registerParameter('bias', zerosInit([outFeatures], { dtype }));
    this.resetParameters(options.generator);
  }

  /**
   * PyTorch's default: weight from Kaiming uniform with a = √5, i.e. U(−1/√in, 1/√in), and bias
   * from U(−1/√in, 1/√in).
   */
  resetParameters(generator?: Generator): void {
    const o = { dtype: this.weight.dtype, ...(generator === undefined ? {} : { generator }) };
    const bound = 1 / Math.sqrt(this.inFeatures);
    noGrad(() => {
      this.weight.assign_(kaimingUniform(this.weight.shape, { ...o, a: Math.sqrt(5) }));
      this.bias?.assign_(uniformInit(this.bias.shape, -bound, bound, o));
    });
  }

  override getConfig(): ConfigObject {
    return { inFeatures: this.inFeatures, outFeatures: this.outFeatures, bias: this.bias !== null };
  }

  /** @throws ShapeError when x's last dimension is not inFeatures. */
  forward(x: Tensor): Tensor {
    if (x.rank === 0 || x.shape[x.rank - 1] !== this.inFeatures) {
      throw new ShapeError(`Linear: input must end in ${this.inFeatures} features, got ${formatShape(x.shape)}`);
    }
    const y = matmul(x, transpose(this.weight));
    return this.bias === null ? y : add(y, this.bias);
  }
}
