/**
 * What {@link Recommender.recommend} returns.
 */

/** One recommended item and its score (higher is better; a predicted rating for rating models). */
export interface ScoredItem {
  readonly item: string;
  readonly score: number;
}

/**
 * A user's top items. `coldStart` is true when the user was not in the training data: the items are
 * then the most popular ones and `score` is their number of training interactions.
 *
 * @example
 * const { items, coldStart } = recommender.recommend('196', 10);
 */
export interface Recommendation {
  readonly user: string;
  readonly coldStart: boolean;
  readonly items: readonly ScoredItem[];
}
