/**
 * Cumulative true- and false-positive counts at every distinct score threshold, highest first: the
 * points of the ROC and precision-recall curves (scikit-learn's `_binary_clf_curve`). Samples with
 * equal scores cross the threshold together, which is how ties are handled: a tied group is one step
 * (a diagonal segment on the ROC curve).
 */
import type { BinaryProblem } from './score-buffer.js';

/** tps[i], fps[i]: positives and negatives with score ≥ the i-th distinct score, descending. */
export interface CurvePoints {
  readonly tps: number[];
  readonly fps: number[];
}

/**
 * Curve points of a binary problem.
 *
 * @example
 * binaryCurve({ scores: Float64Array.of(0.9, 0.4, 0.4), positive: Uint8Array.of(1, 0, 1) });
 * // { tps: [1, 2], fps: [0, 1] }
 */
export function binaryCurve(problem: BinaryProblem): CurvePoints {
  const { scores, positive } = problem;
  const order = Array.from(scores.keys()).sort((a, b) => scores[b]! - scores[a]!);
  const tps: number[] = [];
  const fps: number[] = [];
  let tp = 0;
  let fp = 0;
  order.forEach((i, at) => {
    if (positive[i] === 1) tp++;
    else fp++;
    const next = order[at + 1];
    if (next === undefined || scores[next] !== scores[i]) {
      tps.push(tp);
      fps.push(fp);
    }
  });
  return { tps, fps };
}

/**
 * Area under the ROC curve by the trapezoidal rule over all thresholds, from (0, 0):
 * AUC = Σᵢ (FPRᵢ − FPRᵢ₋₁)(TPRᵢ + TPRᵢ₋₁)/2 with TPR = tps/P, FPR = fps/N. NaN when the problem
 * has no positive or no negative sample (scikit-learn raises there).
 *
 * @example
 * rocAucOf({ scores: Float64Array.of(0.9, 0.4, 0.4), positive: Uint8Array.of(1, 0, 1) }); // 0.75
 */
export function rocAucOf(problem: BinaryProblem): number {
  const { tps, fps } = binaryCurve(problem);
  const positives = tps[tps.length - 1] ?? 0;
  const negatives = fps[fps.length - 1] ?? 0;
  if (positives === 0 || negatives === 0) return NaN;
  let area = 0;
  let [x0, y0] = [0, 0];
  for (let i = 0; i < tps.length; i++) {
    const [x1, y1] = [fps[i]! / negatives, tps[i]! / positives];
    area += ((x1 - x0) * (y1 + y0)) / 2;
    [x0, y0] = [x1, y1];
  }
  return area;
}

/**
 * Average precision, the step-wise area under the precision-recall curve (no interpolation):
 * AP = Σᵢ (Rᵢ − Rᵢ₋₁) Pᵢ over distinct thresholds, highest first, with R₀ = 0, Pᵢ = tpsᵢ/(tpsᵢ + fpsᵢ),
 * Rᵢ = tpsᵢ/P (scikit-learn's `average_precision_score`). 0 when there is no positive sample, the
 * value scikit-learn returns (with a warning).
 *
 * @example
 * averagePrecisionOf({ scores: Float64Array.of(0.9, 0.4, 0.4), positive: Uint8Array.of(1, 0, 1) }); // 0.8333
 */
export function averagePrecisionOf(problem: BinaryProblem): number {
  const { tps, fps } = binaryCurve(problem);
  const positives = tps[tps.length - 1] ?? 0;
  if (positives === 0) return 0;
  let ap = 0;
  let previousRecall = 0;
  for (let i = 0; i < tps.length; i++) {
    const recall = tps[i]! / positives;
    ap += (recall - previousRecall) * (tps[i]! / (tps[i]! + fps[i]!));
    previousRecall = recall;
  }
  return ap;
}
