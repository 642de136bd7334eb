/**
 * A deep copy of a registered module (architecture from its config, then its state), so compressed
 * models never share layers with the model they came from.
 */
import { defaultGenerator } from '../core/index.js';
import { layerFromConfig, layerToConfig, type Module } from '../nn/index.js';

/**
 * Copies `module`: same architecture, same parameter and buffer values, same train/eval mode.
 * The default generator's position is kept, so copying does not change later random draws.
 *
 * @throws ValueError when a layer in the tree is not registered (it cannot be rebuilt).
 * @example
 * const copy = cloneModule(model.module);
 */
export function cloneModule<M extends Module>(module: M): M {
  const position = defaultGenerator.getState();
  let copy: Module;
  try {
    copy = layerFromConfig(JSON.parse(JSON.stringify(layerToConfig(module))));
  } finally {
    defaultGenerator.setState(position);
  }
  copy.loadStateDict(module.stateDict());
  copy.train(module.training);
  return copy as M;
}
