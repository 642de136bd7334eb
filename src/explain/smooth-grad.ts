/**
 * SmoothGrad (Smilkov et al. 2017, "SmoothGrad: removing noise by adding noise"): the gradient
 * averaged over n copies of the input with Gaussian noise N(0, σ²), σ = noiseLevel × (max − min) of
 * the input. Raw gradients of ReLU networks jump between neighbouring inputs; the average is the
 * gradient of a smoothed model and gives far less speckled maps. The noise is seeded.
 */
import { Generator, randn, type Tensor, ValueError } from '../core/index.js';
import { type Attribution, positiveIntegerOption, readInput, repeatRows } from './attribution.js';
import { inputGradients } from './input-gradients.js';
import { evaluateBatch, explainedFunction, inEvalMode, type Predictor, type TargetOptions } from './predictor.js';

/** Options of {@link smoothGrad}. */
export interface SmoothGradOptions extends TargetOptions {
  /** Noisy copies n (default 50; the paper finds little gain past 50). */
  readonly samples?: number;
  /** σ as a fraction of the input's value range (default 0.15; the paper suggests 0.1–0.2). */
  readonly noiseLevel?: number;
  /** Average |∂f/∂x| instead of the signed gradient (default false). */
  readonly absolute?: boolean;
  /** Seed of the noise (default 0). */
  readonly seed?: number;
  /** Copies per backward pass (default 64). */
  readonly batchSize?: number;
}

/**
 * The SmoothGrad attribution of one input.
 *
 * @param model The network.
 * @param x One example without batch dimension.
 * @throws ValueError for a bad x, target, sample count or noise level.
 * @example
 * const map = smoothGrad(cnn, image, { samples: 25, noiseLevel: 0.1, seed: 1 });
 */
export function smoothGrad(model: Predictor, x: Tensor, options: SmoothGradOptions = {}): Attribution {
  const input = readInput('smoothGrad', x);
  const n = positiveIntegerOption('smoothGrad', 'samples', options.samples, 50);
  const level = options.noiseLevel ?? 0.15;
  if (!(level >= 0 && Number.isFinite(level))) throw new ValueError(`smoothGrad: noiseLevel must be a finite number >= 0, got ${level}`);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of input.data) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  // A constant input has no range; fall back to σ = noiseLevel so the noise is not zero.
  const sigma = level * (hi > lo ? hi - lo : 1);
  const size = input.data.length;
  const batch = repeatRows(input.data, n);
  const noise = randn([n * size], { generator: new Generator(options.seed ?? 0), dtype: 'float64' }).dataSync();
  for (let i = 0; i < batch.length; i++) batch[i]! += sigma * noise[i]!;
  return inEvalMode(model, () => {
    const { f, target } = explainedFunction(model, x, options);
    const g = inputGradients(f, batch, [n, ...input.shape], input.dtype, positiveIntegerOption('smoothGrad', 'batchSize', options.batchSize, 64));
    const values = new Array<number>(size).fill(0);
    for (let s = 0; s < n; s++) {
      for (let j = 0; j < size; j++) {
        const v = g[s * size + j]!;
        values[j]! += (options.absolute === true ? Math.abs(v) : v) / n;
      }
    }
    return { method: 'smoothgrad', shape: input.shape, values, target, output: evaluateBatch(f, input.data, [1, ...input.shape], input.dtype)[0]! };
  });
}
