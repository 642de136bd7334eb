/**
 * Makes the compressed layers loadable from saved configs. Kept out of the layers' own files and
 * called explicitly (by `quantizeInt8`, and by `loadModel` in `sprout/node`), so that loading does
 * not depend on a module-level side effect that a bundler could drop. Browser code that calls
 * `modelFromArtifacts` on a quantised model calls it first.
 */
import { type Conv1d, type Conv2d, layerFromConfig, readBool, readInt, registeredLayers, registerLayer } from '../nn/index.js';
import { QuantizedConv1d, QuantizedConv2d } from './quantized-conv.js';
import { QuantizedLinear } from './quantized-linear.js';

/**
 * Registers QuantizedLinear, QuantizedConv2d and QuantizedConv1d with the layer registry; calling
 * it again does nothing.
 *
 * @example
 * registerCompressedLayers();
 * const model = modelFromArtifacts({ config, weights });
 */
export function registerCompressedLayers(): void {
  if (registeredLayers().includes('QuantizedLinear')) return;
  registerLayer('QuantizedLinear', (c) =>
    new QuantizedLinear(readInt('QuantizedLinear', c, 'inFeatures', 1), readInt('QuantizedLinear', c, 'outFeatures', 1), { bias: readBool('QuantizedLinear', c, 'bias', true) }),
  );
  // The float layers' config readers validate the options; their weights are dropped at once.
  registerLayer('QuantizedConv2d', (c) => new QuantizedConv2d(layerFromConfig({ type: 'Conv2d', config: c }) as Conv2d));
  registerLayer('QuantizedConv1d', (c) => new QuantizedConv1d(layerFromConfig({ type: 'Conv1d', config: c }) as Conv1d));
}
