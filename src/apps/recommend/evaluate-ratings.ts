/**
 * Rating accuracy of a recommender on held-out ratings (RMSE, MAE).
 */
import { DataError, tensor, ValueError } from '../../core/index.js';
import { MeanAbsoluteError, RootMeanSquaredError } from '../../metrics/index.js';
import type { Interaction } from './interaction.js';
import type { Recommender } from './recommender.js';

/** What {@link evaluateRatings} reports. */
export interface RatingEvaluation {
  /** √(mean (r − r̂)²) with r̂ clipped to the rating scale. */
  readonly rmse: number;
  /** mean |r − r̂|. */
  readonly mae: number;
  /** Ratings scored. */
  readonly count: number;
}

/**
 * RMSE and MAE of `recommender.predictRating` on `ratings` (predictions clipped to the scale), with
 * src/metrics' RootMeanSquaredError and MeanAbsoluteError.
 *
 * @throws DataError for no ratings, a missing rating, or a user or item the model never saw (the
 *   message names the first few and how many; filter them out, or score them with a fallback of
 *   your choice, before evaluating); ValueError for a ranking (BPR) recommender.
 * @example
 * const { rmse, mae } = evaluateRatings(recommender, parseInteractions(testText));
 */
export function evaluateRatings(recommender: Recommender, ratings: readonly Interaction[]): RatingEvaluation {
  const op = 'evaluateRatings';
  if (recommender.objective !== 'rating') throw new ValueError(`${op}: the recommender was trained with objective '${recommender.objective}', whose scores are not ratings`);
  if (!Array.isArray(ratings) || ratings.length === 0) throw new DataError(`${op}: ratings is empty: nothing to evaluate`);
  const n = ratings.length;
  const pairs = new Int32Array(2 * n);
  const target = new Float32Array(n);
  const unknown: string[] = [];
  let unknownCount = 0;
  for (let k = 0; k < n; k++) {
    const r = ratings[k]!;
    if (typeof r.rating !== 'number' || !Number.isFinite(r.rating)) throw new DataError(`${op}: rating ${k} (user '${r.user}', item '${r.item}') has no finite rating`);
    const u = recommender.users.get(r.user);
    const i = recommender.items.get(r.item);
    if (u === undefined || i === undefined) {
      unknownCount++;
      if (unknown.length < 5) unknown.push(u === undefined ? `user '${r.user}'` : `item '${r.item}'`);
      continue;
    }
    pairs[2 * k] = u;
    pairs[2 * k + 1] = i;
    target[k] = r.rating;
  }
  if (unknownCount > 0) {
    throw new DataError(`${op}: ${unknownCount} of ${n} ratings name a user or item the model was not trained on (${unknown.join(', ')}${unknownCount > unknown.length ? ', …' : ''})`);
  }
  const prediction = recommender.predictPairs(tensor(pairs, { shape: [n, 2] }));
  const rmse = new RootMeanSquaredError();
  const mae = new MeanAbsoluteError();
  const y = tensor(target);
  rmse.update(prediction, y);
  mae.update(prediction, y);
  return { rmse: rmse.result(), mae: mae.result(), count: n };
}
