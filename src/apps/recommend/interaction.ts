/**
 * One user–item event: the input of every recommendation pipeline.
 */

/**
 * A user's interaction with an item, by raw ids as they appear in the data (MovieLens numbers,
 * product SKUs, e-mail hashes). `rating` is required by explicit-rating models and ignored by
 * implicit ones; `timestamp` (any increasing number, e.g. Unix seconds) orders a user's history
 * for the leave-one-out split.
 *
 * @example
 * const event: Interaction = { user: '196', item: '242', rating: 3, timestamp: 881250949 };
 */
export interface Interaction {
  readonly user: string;
  readonly item: string;
  readonly rating?: number;
  readonly timestamp?: number;
}
