/**
 * PruningCallback: keeps a pruned model pruned while `fit` fine-tunes it, and optionally raises the
 * sparsity gradually with the cubic schedule of Zhu & Gupta 2017 ("To prune, or not to prune"):
 *
 *   s_e = s_f + (s_i − s_f) · (1 − (e − e₀) / (e₁ − e₀))³   for epochs e₀ ≤ e ≤ e₁,
 *
 * pruning fast while many weights are redundant and slowly near the target. Masks are re-applied
 * after every batch (after the optimiser step), so pruned weights are exactly zero whenever a batch
 * ends, whatever the optimiser's momentum would do.
 */
import { ValueError } from '../core/index.js';
import type { Callback, Model } from '../train/index.js';
import type { PruningMasks } from './pruning-masks.js';

/** A gradual pruning schedule over epochs. */
export interface PruningSchedule {
  /** Sparsity at `startEpoch` (default 0). */
  readonly initialSparsity?: number;
  /** First epoch of the ramp (default 0). */
  readonly startEpoch?: number;
  /** Epoch at which the masks' target sparsity is reached. */
  readonly endEpoch: number;
}

/**
 * The sparsity of epoch `epoch` under a schedule ending at `finalSparsity`.
 *
 * @example
 * cubicSparsity(0.9, { endEpoch: 4 }, 2); // 0.9 − 0.9 · 0.5³ = 0.7875
 */
export function cubicSparsity(finalSparsity: number, schedule: PruningSchedule, epoch: number): number {
  const s0 = schedule.initialSparsity ?? 0;
  const e0 = schedule.startEpoch ?? 0;
  const e1 = schedule.endEpoch;
  if (epoch <= e0) return s0;
  if (epoch >= e1) return finalSparsity;
  return finalSparsity + (s0 - finalSparsity) * (1 - (epoch - e0) / (e1 - e0)) ** 3;
}

/**
 * Re-applies pruning masks after each batch; with a schedule, re-prunes at the start of each epoch.
 *
 * @example
 * const masks = pruneMagnitude(model.module, { sparsity: 0.9 });
 * await model.fit(x, y, { epochs: 5, callbacks: [new PruningCallback(masks, { endEpoch: 3 })] });
 */
export class PruningCallback implements Callback {
  model?: Model;
  private readonly target: number;

  /**
   * @param masks From `pruneMagnitude`; their sparsity is the final target.
   * @param schedule Optional gradual schedule; without it the masks stay as they are.
   * @throws ValueError for a schedule whose epochs are not 0 ≤ start < end or whose initial sparsity is outside [0, target].
   */
  constructor(
    readonly masks: PruningMasks,
    readonly schedule?: PruningSchedule,
  ) {
    this.target = masks.options.sparsity;
    if (schedule !== undefined) {
      const s0 = schedule.initialSparsity ?? 0;
      const e0 = schedule.startEpoch ?? 0;
      if (!Number.isInteger(e0) || !Number.isInteger(schedule.endEpoch) || e0 < 0 || schedule.endEpoch <= e0) {
        throw new ValueError(`PruningCallback: schedule epochs must be integers with 0 ≤ startEpoch < endEpoch, got ${e0} and ${schedule.endEpoch}`);
      }
      if (!(s0 >= 0 && s0 <= this.target)) throw new ValueError(`PruningCallback: initialSparsity must be in [0, ${this.target}], got ${s0}`);
    }
  }

  onEpochBegin(epoch: number): void {
    if (this.schedule !== undefined) this.masks.update(cubicSparsity(this.target, this.schedule, epoch));
  }

  onBatchEnd(): void {
    this.masks.apply();
  }
}
