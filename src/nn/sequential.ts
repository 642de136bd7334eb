/**
 * Sequential: modules applied one after another, each output feeding the next input. Children are
 * named '0', '1', … so state-dict names match PyTorch's `nn.Sequential`.
 */
import { ModelFormatError, type Tensor, ValueError } from '../core/index.js';
import type { ConfigObject, JsonValue } from './config-readers.js';
import { layerFromConfig, layerToConfig } from './layer-registry.js';
import { Module } from './module.js';

/**
 * A stack of layers.
 *
 * @example
 * const mlp = new Sequential(new Linear(784, 128), new ReLU(), new Linear(128, 10));
 * const logits = mlp.forward(x);
 */
export class Sequential extends Module {
  private readonly layers: Module[];

  constructor(...layers: Module[]) {
    super('Sequential');
    layers.forEach((layer, i) => {
      if (!(layer instanceof Module)) throw new ValueError(`Sequential: argument ${i} must be a Module, got ${typeof layer}`);
      this.registerModule(String(i), layer);
    });
    this.layers = layers;
  }

  /** Number of layers. */
  get length(): number {
    return this.layers.length;
  }

  /** The layer at `index`. */
  at(index: number): Module {
    const layer = this.layers[index < 0 ? index + this.layers.length : index];
    if (layer === undefined) throw new ValueError(`Sequential: no layer at index ${index} (length ${this.layers.length})`);
    return layer;
  }

  override getConfig(): ConfigObject {
    return { layers: this.layers.map((layer) => layerToConfig(layer) as unknown as JsonValue) };
  }

  /** Rebuilds a Sequential from {@link getConfig}'s output. @throws ModelFormatError when malformed. */
  static fromConfig(config: ConfigObject): Sequential {
    const layers = config['layers'];
    if (!Array.isArray(layers)) throw new ModelFormatError(`Sequential config: 'layers' must be an array, got ${JSON.stringify(layers) ?? 'nothing'}`);
    return new Sequential(...layers.map((layer) => layerFromConfig(layer)));
  }

  forward(x: Tensor): Tensor {
    return this.layers.reduce((h, layer) => layer.forward(h), x);
  }
}
