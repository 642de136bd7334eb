/**
 * Converting Rényi DP to (ε, δ)-DP. Sprout uses the improved conversion of Balle et al. 2020
 * ("Hypothesis Testing Interpretations and Rényi Differential Privacy", Theorem 21), the one
 * Opacus's `privacy_analysis.get_privacy_spent` and Google's `dp_accounting` use:
 *
 *   ε(α) = RDP(α) + log((α − 1)/α) − (log δ + log α)/(α − 1),
 *
 * minimised over the orders. It is never worse than the classic bound of Mironov 2017,
 * RDP(α) + log(1/δ)/(α − 1), which is available as `conversion: 'classic'` for comparison with
 * older published figures.
 */
import { ValueError } from '../core/index.js';

/** Which RDP → (ε, δ) bound to apply. */
export type RdpConversion = 'improved' | 'classic';

/** The tightest ε over the orders, and the order that gave it. */
export interface EpsilonAtOrder {
  readonly epsilon: number;
  /** NaN when every order gives ∞ (no privacy). */
  readonly order: number;
}

/**
 * The smallest ε such that the RDP curve implies (ε, δ)-DP.
 *
 * @param orders The orders α > 1 the RDP was computed at.
 * @param rdp RDP(α) for each order.
 * @param delta δ ∈ (0, 1).
 * @param conversion 'improved' (default, Balle et al. 2020) or 'classic' (Mironov 2017).
 * @throws ValueError for δ outside (0, 1) or mismatched lengths.
 * @example
 * const { epsilon } = rdpToEpsilon(DEFAULT_RDP_ORDERS, rdp, 1e-5);
 */
export function rdpToEpsilon(orders: readonly number[], rdp: readonly number[], delta: number, conversion: RdpConversion = 'improved'): EpsilonAtOrder {
  if (!(delta > 0 && delta < 1)) throw new ValueError(`rdpToEpsilon: delta must be in (0, 1), got ${delta}`);
  if (orders.length !== rdp.length || orders.length === 0) {
    throw new ValueError(`rdpToEpsilon: orders and rdp must be non-empty and of one length, got ${orders.length} and ${rdp.length}`);
  }
  let best: EpsilonAtOrder = { epsilon: Infinity, order: NaN };
  orders.forEach((a, i) => {
    const r = rdp[i]!;
    const eps =
      conversion === 'classic'
        ? r + Math.log(1 / delta) / (a - 1)
        : r + Math.log((a - 1) / a) - (Math.log(delta) + Math.log(a)) / (a - 1);
    if (eps < best.epsilon) best = { epsilon: Math.max(0, eps), order: a };
  });
  return best;
}
