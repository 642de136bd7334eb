/**
 * Per-example gradients and their clipped sum: the two computations DP-SGD (Abadi et al. 2016,
 * Algorithm 1) needs beyond an ordinary training step. One forward pass records the layer calls
 * (layer-calls.ts); one backward pass gives the gradient of Σ_b ℓ_b with respect to every call's
 * output; each layer's rule (per-example-rules.ts) turns that into per-example parameter
 * gradients — for the whole batch at once.
 */
import {
  add,
  div,
  formatShape,
  gradients,
  minimum,
  mul,
  noGrad,
  reshape,
  ShapeError,
  sqrt,
  square,
  sum,
  type Tensor,
  ValueError,
  zeros,
} from '../core/index.js';
import type { LossFunction } from '../losses/index.js';
import type { Module } from '../nn/index.js';
import { type LayerCall, recordLayerCalls } from './layer-calls.js';
import type { Contribution, LayerGradientRule } from './per-example-rules.js';

/** The forward and backward pass shared by per-example gradients and clipping. */
interface TracedBatch {
  readonly prediction: Tensor;
  /** ℓ_b, [B]. */
  readonly losses: Tensor;
  readonly calls: readonly { readonly call: LayerCall; readonly rule: LayerGradientRule; readonly gradOutput: Tensor }[];
}

/**
 * Each example's loss, [B]: `loss` with reduction 'none', averaged over any further axes so that
 * the mean over examples is the usual 'mean' loss.
 */
function perExampleLosses(loss: LossFunction, prediction: Tensor, y: Tensor, batch: number): Tensor {
  const values = loss(prediction, y, { reduction: 'none' });
  if (values.rank === 0 || values.shape[0] !== batch) {
    throw new ValueError(`DP-SGD: the loss must give one value per example with reduction: 'none' ([${batch}, …]), got ${formatShape(values.shape)}`);
  }
  return values.rank === 1 ? values : reshape(values, [batch, -1]).mean(1);
}

function trace(module: Module, x: Tensor, y: Tensor, loss: LossFunction): TracedBatch {
  const batch = x.shape[0]!;
  const { result: prediction, calls } = recordLayerCalls(module, () => module.forward(x));
  const losses = perExampleLosses(loss, prediction, y, batch);
  for (const call of calls) {
    if (call.output.shape[0] !== batch) {
      throw new ShapeError(
        `DP-SGD: ${call.typeName} '${call.name}' returned ${formatShape(call.output.shape)}: dimension 0 of every layer's input and output must be the ` +
          `example (batch of ${batch}); use batch-first layouts (MultiHeadAttention({ batchFirst: true }))`,
      );
    }
  }
  const outputs = calls.map((c) => c.output);
  const grads = outputs.length === 0 ? [] : gradients([sum(losses)], outputs);
  return noGrad(() => ({
    prediction: prediction.detach(),
    losses: losses.detach(),
    calls: calls.flatMap((call, i) => {
      const rule = call.rule();
      const gradOutput = grads[i];
      return rule === null || gradOutput === null || gradOutput === undefined ? [] : [{ call, rule, gradOutput }];
    }),
  }));
}

function addTo(map: Map<Tensor, Tensor>, contributions: readonly Contribution[]): void {
  for (const { param, value } of contributions) {
    const previous = map.get(param);
    map.set(param, previous === undefined ? value : add(previous, value));
  }
}

/**
 * The gradient of each example's loss with respect to every trainable parameter, computed from one
 * forward and one backward pass over the batch.
 *
 * @param module Layers with per-example rules only: Linear, Conv1d, Conv2d, Embedding, LayerNorm,
 *   GroupNorm, MultiHeadAttention (batch-first), plus any layers without parameters.
 * @param loss Must accept `{ reduction: 'none' }`.
 * @returns Parameter name → [B, …parameter shape]; parameters the output does not depend on get zeros.
 * @throws ValueError for a batch-norm layer or a layer without a rule; ShapeError when a layer's
 *   dimension 0 is not the example.
 * @example
 * const grads = perExampleGradients(model, x, y, crossEntropy);
 * grads.get('0.weight'); // [B, 128, 784]
 */
export function perExampleGradients(module: Module, x: Tensor, y: Tensor, loss: LossFunction): Map<string, Tensor> {
  const traced = trace(module, x, y, loss);
  return noGrad(() => {
    const byParam = new Map<Tensor, Tensor>();
    for (const { rule, gradOutput } of traced.calls) addTo(byParam, rule.perExample(gradOutput));
    const batch = x.shape[0]!;
    const out = new Map<string, Tensor>();
    for (const [name, p] of module.namedParameters()) {
      if (p.requiresGrad) out.set(name, byParam.get(p) ?? zeros([batch, ...p.shape], { dtype: p.dtype }));
    }
    return out;
  });
}

/** What {@link clippedGradientSum} returns. */
export interface ClippedGradientSum {
  /** Σ_b min(1, C/‖g_b‖)·g_b for each trainable parameter (zeros for parameters not reached). */
  readonly sums: Map<Tensor, Tensor>;
  /** ‖g_b‖ before clipping, over all parameters together, [B]. */
  readonly norms: Tensor;
  /** The mean loss over the batch (detached). */
  readonly loss: Tensor;
  /** The model's output for the batch (detached). */
  readonly prediction: Tensor;
}

/** [B] → [B, 1, …] to scale a tensor of rank `rank` per example. */
function perExample(factors: Tensor, rank: number): Tensor {
  return reshape(factors, [factors.shape[0]!, ...new Array<number>(rank - 1).fill(1)]);
}

/**
 * Per-example gradients clipped to L2 norm `maxGradNorm` (jointly over all parameters) and summed
 * over the batch. Norms come from each rule's cheapest form (the ghost norm for Linear and
 * Embedding when a layer is called once); the sum scales each call's output gradient by the
 * example's clipping factor, so only convolutions and layers called more than once (shared
 * weights, attention's in_proj) materialise per-example gradients.
 *
 * @throws as {@link perExampleGradients}; ValueError for a maxGradNorm that is not positive.
 * @example
 * const { sums, norms } = clippedGradientSum(model, x, y, crossEntropy, 1.0);
 */
export function clippedGradientSum(module: Module, x: Tensor, y: Tensor, loss: LossFunction, maxGradNorm: number): ClippedGradientSum {
  if (!(maxGradNorm > 0) || !Number.isFinite(maxGradNorm)) throw new ValueError(`DP-SGD: maxGradNorm must be a positive number, got ${maxGradNorm}`);
  const traced = trace(module, x, y, loss);
  return noGrad(() => {
    const batch = x.shape[0]!;
    const uses = new Map<Tensor, number>();
    for (const { call } of traced.calls) for (const p of call.params) uses.set(p, (uses.get(p) ?? 0) + 1);
    const onlyUse = (c: { call: LayerCall }): boolean => c.call.params.every((p) => uses.get(p) === 1);

    // Squared norms: the cheap form where a layer's parameters see one call, else materialised.
    const squared = new Map<Tensor, Tensor>();
    const materialised = new Map<Tensor, Tensor>();
    for (const c of traced.calls) {
      if (onlyUse(c) && c.rule.squaredNorms !== undefined) addTo(squared, c.rule.squaredNorms(c.gradOutput));
      else addTo(materialised, c.rule.perExample(c.gradOutput));
    }
    for (const [p, g] of materialised) squared.set(p, sum(square(reshape(g, [batch, -1])), 1));
    let total = zeros([batch], { dtype: traced.losses.dtype });
    for (const s of squared.values()) total = add(total, s);
    const norms = sqrt(total);
    // Abadi et al.: g_b / max(1, ‖g_b‖/C); the 1e-6 keeps the factor finite for a zero gradient (as Opacus).
    const factors = minimum(div(maxGradNorm, add(norms, 1e-6)), 1);

    const sums = new Map<Tensor, Tensor>();
    for (const c of traced.calls) {
      if (!onlyUse(c) || c.rule.squaredNorms === undefined) continue;
      const scaled = mul(c.gradOutput, perExample(factors, c.gradOutput.rank));
      addTo(sums, c.rule.summed?.(scaled) ?? c.rule.perExample(scaled).map(({ param, value }) => ({ param, value: sum(value, 0) })));
    }
    for (const [p, g] of materialised) sums.set(p, sum(mul(g, perExample(factors, g.rank)), 0));
    for (const p of module.parameters()) if (p.requiresGrad && !sums.has(p)) sums.set(p, zeros(p.shape, { dtype: p.dtype }));
    return { sums, norms, loss: traced.losses.mean(), prediction: traced.prediction };
  });
}
