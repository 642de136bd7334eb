/**
 * Gradient saliency (Simonyan, Vedaldi & Zisserman 2014, "Deep Inside Convolutional Networks"):
 * |∂f/∂x|, how sensitive the explained output is to each input element; and gradient × input
 * (Shrikumar et al. 2016), the first-order Taylor share of each element in f(x) − f(0), which keeps
 * the sign and is exact for a linear model without bias.
 */
import { type Tensor } from '../core/index.js';
import { type Attribution, readInput } from './attribution.js';
import { inputGradients } from './input-gradients.js';
import { evaluateBatch, explainedFunction, inEvalMode, type Predictor, type TargetOptions } from './predictor.js';

/** Options of {@link saliency}. */
export interface SaliencyOptions extends TargetOptions {
  /** Return |∂f/∂x| (default true) or the signed gradient. */
  readonly absolute?: boolean;
}

/**
 * The gradient of the explained output with respect to one input.
 *
 * @param model The network.
 * @param x One example without batch dimension, e.g. [F] or [C, H, W].
 * @throws ValueError / DTypeError for a bad x or target; ShapeError for an output that is not [N], [N, 1] or [N, C].
 * @example
 * const { values } = saliency(model, tensor([0.5, -1, 2]));   // |∂f/∂xᵢ| for the predicted class
 */
export function saliency(model: Predictor, x: Tensor, options: SaliencyOptions = {}): Attribution {
  return gradientAttribution('saliency', 'saliency', model, x, options, (g) => (options.absolute === false ? g : Math.abs(g)));
}

/**
 * Gradient × input: ∂f/∂xᵢ · xᵢ, signed.
 *
 * @throws as {@link saliency}.
 * @example
 * const { values } = gradientTimesInput(model, x, { target: 2 });
 */
export function gradientTimesInput(model: Predictor, x: Tensor, options: TargetOptions = {}): Attribution {
  return gradientAttribution('gradientTimesInput', 'gradient-x-input', model, x, options, (g, xi) => g * xi);
}

function gradientAttribution(
  name: string,
  method: Attribution['method'],
  model: Predictor,
  x: Tensor,
  options: TargetOptions,
  combine: (gradient: number, input: number) => number,
): Attribution {
  const input = readInput(name, x);
  const shape = [1, ...input.shape];
  return inEvalMode(model, () => {
    const { f, target } = explainedFunction(model, x, options);
    const g = inputGradients(f, input.data, shape, input.dtype);
    const values = Array.from(g, (v, i) => combine(v, input.data[i]!));
    return { method, shape: input.shape, values, target, output: evaluateBatch(f, input.data, shape, input.dtype)[0]! };
  });
}
