/**
 * Chooses the confidence threshold below which a prediction becomes "out of scope", on validation
 * data (the "oos-threshold" scheme of Larson et al. 2019, §4, here on top of training with the
 * out-of-scope class, their "oos-train" scheme).
 *
 * Criterion: maximise in-scope accuracy + out-of-scope recall (the balance of the two, each on its
 * own examples, so the 3 % of CLINC150's validation that is out-of-scope is not drowned by the
 * rest), subject to in-scope accuracy falling at most `maxInScopeLoss` below its value without a
 * threshold — a product team rarely accepts refusing many answerable questions to catch a few more
 * unanswerable ones. Ties go to the lowest threshold.
 */

/** Validation predictions, as the classifier made them before thresholding. */
export interface ThresholdInput {
  /** Top-class probability of each example. */
  readonly confidence: ArrayLike<number>;
  /** Whether the top class is the true label. */
  readonly correct: ArrayLike<boolean>;
  /** Whether the example's true label is out-of-scope. */
  readonly outOfScope: ArrayLike<boolean>;
  /** Whether the top class itself is the out-of-scope label. */
  readonly predictedOutOfScope: ArrayLike<boolean>;
}

/** The chosen threshold and the validation figures it gives. */
export interface ThresholdChoice {
  readonly threshold: number;
  readonly inScopeAccuracy: number;
  readonly outOfScopeRecall: number;
}

/**
 * The threshold maximising in-scope accuracy + out-of-scope recall within the accuracy budget.
 * Returns threshold 0 (no thresholding) when there are no in-scope or no out-of-scope examples.
 *
 * @param maxInScopeLoss Largest allowed drop of in-scope accuracy (default 0.02).
 * @example
 * chooseThreshold({ confidence: [0.9, 0.3], correct: [true, false], outOfScope: [false, true], predictedOutOfScope: [false, false] });
 * // { threshold: 0.9…, … } — anything above 0.3 and at most 0.9 separates them; the lowest such candidate wins
 */
export function chooseThreshold(input: ThresholdInput, maxInScopeLoss = 0.02): ThresholdChoice {
  const n = input.confidence.length;
  let inScope = 0;
  let oos = 0;
  for (let i = 0; i < n; i++) {
    if (input.outOfScope[i]) oos++;
    else inScope++;
  }
  const figures = (t: number): ThresholdChoice => {
    let inCorrect = 0;
    let oosFound = 0;
    for (let i = 0; i < n; i++) {
      const flagged = input.predictedOutOfScope[i] === true || input.confidence[i]! < t;
      if (input.outOfScope[i]) {
        if (flagged) oosFound++;
      } else if (!flagged && input.correct[i]) inCorrect++;
    }
    return { threshold: t, inScopeAccuracy: inScope === 0 ? 0 : inCorrect / inScope, outOfScopeRecall: oos === 0 ? 0 : oosFound / oos };
  };
  const base = figures(0);
  if (inScope === 0 || oos === 0) return base;
  // Candidate thresholds: just above each distinct confidence (an example at exactly t is kept).
  const candidates = [...new Set(Array.from(input.confidence))].sort((a, b) => a - b).map((c) => c + 1e-7);
  let best = base;
  for (const t of candidates) {
    const f = figures(t);
    if (f.inScopeAccuracy < base.inScopeAccuracy - maxInScopeLoss) break; // accuracy only falls as t grows
    if (f.inScopeAccuracy + f.outOfScopeRecall > best.inScopeAccuracy + best.outOfScopeRecall) best = f;
  }
  return best;
}
