/**
 * How a loss turns its per-element values into the result: their mean, their sum, or the values
 * themselves (`'none'`, for per-example gradients as DP-SGD needs). PyTorch's `reduction` argument.
 */
import { mean, sum, type Tensor, ValueError } from '../core/index.js';

/** `'mean'` (the default everywhere), `'sum'` or `'none'` (one value per element or example). */
export type Reduction = 'mean' | 'sum' | 'none';

/** Options every loss takes. */
export interface LossOptions {
  /** How per-element losses are combined; default `'mean'`. */
  readonly reduction?: Reduction;
}

const REDUCTIONS: readonly string[] = ['mean', 'sum', 'none'];

/**
 * Checks a `reduction` option and fills in the default.
 *
 * @param loss The loss's name, for the message.
 * @param reduction The option as the caller gave it (undefined → `'mean'`).
 * @param extra Reductions this loss accepts beyond the three common ones (`'batchmean'`).
 * @returns The reduction to apply.
 * @throws ValueError for an unknown reduction.
 * @example
 * checkReduction('mseLoss', options.reduction); // 'mean'
 */
export function checkReduction<Extra extends string = never>(
  loss: string,
  reduction: Reduction | NoInfer<Extra> | undefined,
  extra: readonly Extra[] = [],
): Reduction | Extra {
  if (reduction === undefined) return 'mean';
  if (!REDUCTIONS.includes(reduction) && !(extra as readonly string[]).includes(reduction)) {
    const known = [...REDUCTIONS, ...extra].map((r) => `'${r}'`).join(', ');
    throw new ValueError(`${loss}: reduction must be one of ${known}, got ${JSON.stringify(reduction)}`);
  }
  return reduction;
}

/**
 * Applies a plain (unweighted) reduction to per-element losses: mean over every element, sum, or
 * the tensor as is.
 *
 * @param losses Per-element losses.
 * @param reduction What to do with them.
 * @returns A scalar for `'mean'` and `'sum'`, `losses` itself for `'none'`.
 * @throws Nothing of its own (the reduction is checked by {@link checkReduction}).
 * @example
 * reduceLoss(square(sub(input, target)), 'mean'); // the MSE
 */
export function reduceLoss(losses: Tensor, reduction: Reduction): Tensor {
  switch (reduction) {
    case 'mean':
      return mean(losses);
    case 'sum':
      return sum(losses);
    case 'none':
      return losses;
  }
}
