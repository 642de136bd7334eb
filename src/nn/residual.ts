/**
 * Residual: a skip connection around a block, y = x + block(x) (He et al. 2016, "Deep Residual
 * Learning for Image Recognition"). The block learns the residual F(x) = y − x, which is easier to
 * push towards the identity than a plain stack, and the skip path carries gradients past it.
 *
 * Shapes: x [...] → block(x) must have x's shape → y of the same shape.
 *
 * The wrapped module is the child named `block`, so its state-dict names are prefixed `block.`
 * (`block.weight`, `block.0.weight` for a Sequential). PyTorch has no built-in residual module; a
 * PyTorch module `self.block = ...` with `forward = x + self.block(x)` has the same names.
 */
import { add, formatShape, ShapeError, shapesEqual, type Tensor, ValueError } from '../core/index.js';
import { type ConfigObject, type JsonValue } from './config-readers.js';
import { layerFromConfig, layerToConfig } from './layer-registry.js';
import { Module } from './module.js';

/**
 * x + block(x).
 *
 * @param block The module on the residual branch; its output must have its input's shape.
 * @throws ValueError when block is not a Module; forward throws ShapeError when the shapes differ.
 * @example
 * const ffn = new Residual(new Sequential(new LayerNorm(64), new Linear(64, 64), new GELU()));
 * const y = ffn.forward(randn([8, 64])); // [8, 64]
 */
export class Residual extends Module {
  readonly block: Module;

  constructor(block: Module) {
    super('Residual');
    if (!(block instanceof Module)) throw new ValueError(`Residual: block must be a Module, got ${typeof block}`);
    this.block = this.registerModule('block', block);
  }

  /** `{ block: layerToConfig(block) }`; the block must be a registered layer. */
  override getConfig(): ConfigObject {
    return { block: layerToConfig(this.block) as unknown as JsonValue };
  }

  /**
   * Rebuilds a Residual from {@link getConfig}'s output.
   *
   * @throws ModelFormatError when the block's config is malformed.
   */
  static fromConfig(config: ConfigObject): Residual {
    return new Residual(layerFromConfig(config['block']));
  }

  /** @throws ShapeError when block(x) does not have x's shape. */
  forward(x: Tensor): Tensor {
    const y = this.block.forward(x);
    if (!shapesEqual(y.shape, x.shape)) {
      throw new ShapeError(
        `Residual: block (${this.block.typeName}) must keep its input's shape, got input ${formatShape(x.shape)} and block output ${formatShape(y.shape)}`,
      );
    }
    return add(x, y);
  }
}
