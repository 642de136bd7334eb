/**
 * Layer integrated gradients (Sundararajan et al. 2017, applied to a layer's output as Captum's
 * LayerIntegratedGradients does): integrated gradients over what a chosen layer outputs rather
 * than over the model's input. Text models need it — token ids are integers with no gradient, so
 * the path runs through the token embeddings, from a baseline embedding (zeros by default) to the
 * real ones, and each token's attribution is the sum over its embedding's elements. The
 * completeness check is the same: Σ attributions = f(x) − f(with the layer's output at the
 * baseline).
 *
 * Shapes: x is one example (e.g. ids [T] int32); the layer's output for it is [1, …S] (e.g.
 * [1, T, E]); attributions are [S] (e.g. [T, E]); `perPosition` sums the last axis ([T]).
 */
import { full, indexSelect, noGrad, sum, type Tensor, tensor, ValueError, valueAndGrad, zeros } from '../core/index.js';
import type { Module } from '../nn/index.js';
import { Model } from '../train/index.js';
import { positiveIntegerOption } from './attribution.js';
import { completeness, integrationPoints, type IntegrationRule } from './integrated-gradients.js';
import { explainedFunction, inEvalMode, type TargetOptions } from './predictor.js';

/** Options of {@link layerIntegratedGradients}. */
export interface LayerIntegratedGradientsOptions extends TargetOptions {
  /** Steps m along the path (default 50). */
  readonly steps?: number;
  /** Integration rule (default 'trapezoid'). */
  readonly rule?: IntegrationRule;
  /** The layer output's baseline value for every element (default 0). */
  readonly baseline?: number;
  /** Path points per backward pass (default 32). */
  readonly batchSize?: number;
}

/** Attributions to a layer's output elements. */
export interface LayerAttribution {
  readonly method: 'layer-integrated-gradients';
  /** The layer's dotted name. */
  readonly layer: string;
  /** The layer output's shape for one example (no batch dimension). */
  readonly shape: readonly number[];
  readonly values: number[];
  /** Sums over the last axis: one attribution per token / position. */
  readonly perPosition: number[];
  readonly target: number;
  readonly output: number;
  readonly baselineOutput: number;
  readonly completenessGap: number;
  readonly relativeGap: number;
}

/**
 * Integrated gradients of the explained output with respect to one layer's output.
 *
 * @param model The network (a Model or Module containing the layer; the layer must run once per forward).
 * @param x One example without batch dimension, in whatever dtype the model takes (token ids too).
 * @param layerName The layer's dotted name, as `namedModules()` gives it (e.g. 'tokens').
 * @throws ValueError for an unknown layer (listing the names), bad steps or baseline.
 * @example
 * const a = layerIntegratedGradients(textModel, tensor([12, 7, 93, 0], { dtype: 'int32' }), 'tokens');
 * tokenHighlightSvg(words, a.perPosition);
 */
export function layerIntegratedGradients(model: Model | Module, x: Tensor, layerName: string, options: LayerIntegratedGradientsOptions = {}): LayerAttribution {
  const module = model instanceof Model ? model.module : model;
  const layer = [...module.namedModules()].find(([name]) => name === layerName)?.[1];
  if (layer === undefined || layer === module) {
    const names = [...module.namedModules()].map(([name]) => name).filter((name) => name !== '');
    throw new ValueError(`layerIntegratedGradients: no layer '${layerName}' in ${module.typeName}; the layers are: ${names.join(', ')}`);
  }
  const m = positiveIntegerOption('layerIntegratedGradients', 'steps', options.steps, 50);
  const batchSize = positiveIntegerOption('layerIntegratedGradients', 'batchSize', options.batchSize, 32);
  const baselineValue = options.baseline ?? 0;
  if (!Number.isFinite(baselineValue)) throw new ValueError(`layerIntegratedGradients: baseline must be a finite number, got ${baselineValue}`);
  const { alphas, weights } = integrationPoints(options.rule ?? 'trapezoid', m);
  const hadOwnForward = Object.prototype.hasOwnProperty.call(layer, 'forward');
  const original = layer.forward;
  // While set, the layer returns this tensor instead of computing its output.
  let replacement: Tensor | null = null;
  let captured: Tensor | null = null;
  layer.forward = (...inputs: Tensor[]): Tensor => {
    if (replacement !== null) return replacement;
    captured = original.apply(layer, inputs);
    return captured;
  };
  try {
    return inEvalMode(module, () => {
      const { f, target } = explainedFunction(model, x, options);
      const one = x.unsqueeze(0);
      const output = noGrad(() => f(one).item());
      const actual = captured!.detach();
      if (actual.shape[0] !== 1) throw new ValueError(`layerIntegratedGradients: layer '${layerName}' must output a batch dimension first, got [${actual.shape.join(', ')}]`);
      const shape = actual.shape.slice(1);
      const e = Float64Array.from(actual.dataSync());
      const size = e.length;
      replacement = full(actual.shape, baselineValue, { dtype: actual.dtype });
      const baselineOutput = noGrad(() => f(one).item());
      const values = new Array<number>(size).fill(0);
      const grad = valueAndGrad((path: Tensor) => {
        replacement = path;
        return sum(f(indexSelect(one, 0, zeros([path.shape[0]!], { dtype: 'int32' }))));
      });
      for (let start = 0; start < alphas.length; start += batchSize) {
        const chunk = alphas.slice(start, start + batchSize);
        const path = new Float64Array(chunk.length * size);
        chunk.forEach((a, k) => {
          for (let j = 0; j < size; j++) path[k * size + j] = baselineValue + a * (e[j]! - baselineValue);
        });
        const g = grad(tensor(path, { shape: [chunk.length, ...shape], dtype: actual.dtype })).grads[0]!.dataSync();
        chunk.forEach((_, k) => {
          const w = weights[start + k]!;
          for (let j = 0; j < size; j++) values[j]! += w * g[k * size + j]!;
        });
      }
      for (let j = 0; j < size; j++) values[j] = values[j]! * (e[j]! - baselineValue);
      const last = shape.at(-1) ?? 1;
      const perPosition = Array.from({ length: size / last }, (_, p) => values.slice(p * last, (p + 1) * last).reduce((s, v) => s + v, 0));
      return { method: 'layer-integrated-gradients', layer: layerName, shape, values, perPosition, target, output, baselineOutput, ...completeness(values, output, baselineOutput) };
    });
  } finally {
    if (hadOwnForward) layer.forward = original;
    else delete (layer as { forward?: unknown }).forward;
  }
}
