/**
 * Gradient-value clipping (`torch.nn.utils.clip_grad_value_`): clamp every gradient element to
 * [−clipValue, clipValue]. Cruder than norm clipping (it changes the gradient's direction), but a
 * cheap guard against single huge elements.
 */
import { clip, noGrad, Tensor } from '../core/index.js';
import { checkNonNegative } from './hyper-checks.js';

/**
 * Clamps the `.grad` of `params` in place to [−clipValue, clipValue]. Parameters without a gradient
 * are skipped; NaN stays NaN.
 *
 * @param params Parameters whose gradients to clip.
 * @param clipValue Largest allowed absolute value (≥ 0).
 * @throws ValueError for a negative or non-finite clipValue.
 * @example
 * loss.backward();
 * clipGradValue(model.parameters(), 0.5);
 * optimizer.step();
 */
export function clipGradValue(params: Iterable<Tensor> | Tensor, clipValue: number): void {
  checkNonNegative('clipGradValue', 'clipValue', clipValue);
  const list = params instanceof Tensor ? [params] : [...params];
  noGrad(() => {
    for (const p of list) if (p.grad !== null) p.grad.assign_(clip(p.grad, -clipValue, clipValue));
  });
}
