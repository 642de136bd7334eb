/**
 * Post-training int8 quantisation of a model (PyTorch's static `prepare` / `convert`, in one call):
 * run the float model on calibration samples while observing the input of every Linear, Conv2d and
 * Conv1d, then build a copy in which those layers are QuantizedLinear / QuantizedConv2d /
 * QuantizedConv1d (int8 weights with per-output-channel scales, int8 inputs with the calibrated
 * scale and zero point, int32 accumulation) and every other layer is a float copy.
 *
 * Containers: the walk goes into Sequential (nested at any depth). A layer inside any other
 * container (Residual, attention, recurrent layers) stays float, because its inputs cannot be
 * observed from outside; `quantizedLayerCount` in the result says how many were converted.
 */
import { narrow, noGrad, type Tensor, ValueError } from '../core/index.js';
import { Conv1d, Conv2d, Linear, type Module, Sequential } from '../nn/index.js';
import { ActivationObserver, type ActivationObserverOptions } from './activation-observer.js';
import { cloneModule } from './clone-module.js';
import { QuantizedConv1d, QuantizedConv2d } from './quantized-conv.js';
import { QuantizedLinear } from './quantized-linear.js';
import { registerCompressedLayers } from './register-compressed-layers.js';

/** Options of {@link quantizeInt8}. */
export interface QuantizeInt8Options extends ActivationObserverOptions {
  /** Calibration samples per forward pass (default 256). */
  readonly batchSize?: number;
}

/** What {@link quantizeInt8} returns. */
export interface QuantizedModule {
  /** The int8 model, in evaluation mode. */
  readonly module: Module;
  /** Layers converted to int8. */
  readonly quantizedLayerCount: number;
}

function isQuantizable(m: Module): m is Linear | Conv2d | Conv1d {
  return m instanceof Linear || m instanceof Conv2d || m instanceof Conv1d;
}

/**
 * Quantises `module` to int8 after training.
 *
 * @param module A float model (its weights are not changed).
 * @param calibration Representative inputs [N, ...] (a few hundred to a few thousand training samples).
 * @param options Calibration method ('minmax' by default, or 'percentile') and batch size.
 * @returns The quantised copy and the number of layers converted.
 * @throws ValueError when nothing can be quantised, the calibration set is empty, a weight is not
 *   finite, or a layer of the model is not registered (so it cannot be copied).
 * @example
 * const { module } = quantizeInt8(model.module, xTrain.narrow(0, 0, 1000));
 * const int8 = new Model(module);
 * int8.predict(xTest);
 */
export function quantizeInt8(module: Module, calibration: Tensor, options: QuantizeInt8Options = {}): QuantizedModule {
  registerCompressedLayers();
  const batchSize = options.batchSize ?? 256;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ValueError(`quantizeInt8: batchSize must be a positive integer, got ${batchSize}`);
  if (calibration.rank === 0 || calibration.shape[0] === 0) throw new ValueError('quantizeInt8: calibration must hold at least one sample [N, ...]');
  const observers = new Map<Module, ActivationObserver>();
  const run = (m: Module, x: Tensor): Tensor => {
    if (m instanceof Sequential) {
      let h = x;
      for (let i = 0; i < m.length; i++) h = run(m.at(i), h);
      return h;
    }
    if (isQuantizable(m)) {
      let observer = observers.get(m);
      if (observer === undefined) {
        observer = new ActivationObserver(options);
        observers.set(m, observer);
      }
      observer.update(x);
    }
    return m.forward(x);
  };
  const wasTraining = module.training;
  module.eval();
  try {
    noGrad(() => {
      const n = calibration.shape[0]!;
      for (let start = 0; start < n; start += batchSize) run(module, narrow(calibration, 0, start, Math.min(batchSize, n - start)));
    });
  } finally {
    module.train(wasTraining);
  }
  if (observers.size === 0) {
    throw new ValueError('quantizeInt8: the model has no Linear, Conv2d or Conv1d reachable through Sequential containers, so nothing can be quantised');
  }
  const convert = (m: Module): Module => {
    if (m instanceof Sequential) return new Sequential(...Array.from({ length: m.length }, (_, i) => convert(m.at(i))));
    const observer = observers.get(m);
    if (observer !== undefined) {
      const input = observer.params();
      if (m instanceof Linear) return QuantizedLinear.fromLinear(m, input);
      if (m instanceof Conv2d) return QuantizedConv2d.fromConv2d(m, input);
      if (m instanceof Conv1d) return QuantizedConv1d.fromConv1d(m, input);
    }
    return cloneModule(m);
  };
  return { module: convert(module).eval(), quantizedLayerCount: observers.size };
}
