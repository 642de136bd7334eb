/**
 * Leave-one-out ranking evaluation (HR@k, NDCG@k) with sampled negatives.
 */
import { DataError, tensor, ValueError } from '../../core/index.js';
import { HitRate, Ndcg } from '../../metrics/index.js';
import type { Interaction } from './interaction.js';
import { Recommender } from './recommender.js';
import { seededRandom } from '../../data/index.js';

/** Scores of candidate items for a user; higher ranks first. */
export type ItemScorer = (user: string, items: readonly string[]) => ArrayLike<number>;

/** Options of {@link evaluateRanking}. */
export interface EvaluateRankingOptions {
  /**
   * Non-interacted items ranked against each held-out item: a count (default 99, the protocol of He
   * et al. 2017) or 'all' (every item the user has not interacted with).
   */
  readonly negatives?: number | 'all';
  /** Cut-off of HR@k and NDCG@k. Default 10. */
  readonly k?: number;
  /** Seed of the negative samples (the same seed gives every model the same candidates). Default 0. */
  readonly seed?: number;
}

/** What {@link evaluateRanking} reports. */
export interface RankingEvaluation {
  readonly hitRate: number;
  readonly ndcg: number;
  readonly k: number;
  /** Users evaluated (one held-out item each). */
  readonly users: number;
  /** Candidates per user (held-out item + negatives), or 'all'. */
  readonly candidates: number | 'all';
}

/**
 * Ranks each user's held-out item among sampled items the user never interacted with (in train or
 * test), all drawn from the items of `train`, and reports HR@k and NDCG@k with src/metrics' HitRate
 * and Ndcg. The held-out item sits at a random position among the candidates, so a scorer that ties
 * (popularity counts) gets no advantage from HitRate's tie order. Candidate lists depend only on the
 * data and the seed, so a model and its baseline see the same ones.
 *
 * @param scorer A Recommender, or a function scoring (user, items) — e.g. a popularity baseline.
 * @param train The interactions the scorer was trained on (they define the catalogue and seen items).
 * @param test One held-out interaction per user ({@link leaveOneOutSplit}).
 * @throws DataError for an empty test set, or a test user or item absent from `train`; ValueError for
 *   bad options or a user with too few non-interacted items.
 * @example
 * const { hitRate, ndcg } = evaluateRanking(recommender, train, test, { negatives: 99, k: 10 });
 */
export function evaluateRanking(
  scorer: Recommender | ItemScorer,
  train: readonly Interaction[],
  test: readonly Interaction[],
  options: EvaluateRankingOptions = {},
): RankingEvaluation {
  const op = 'evaluateRanking';
  const k = options.k ?? 10;
  if (!Number.isInteger(k) || k < 1) throw new ValueError(`${op}: k must be a positive integer, got ${k}`);
  const negatives = options.negatives ?? 99;
  if (negatives !== 'all' && !(Number.isInteger(negatives) && negatives >= 1)) throw new ValueError(`${op}: negatives must be a positive integer or 'all', got ${String(negatives)}`);
  if (!Array.isArray(test) || test.length === 0) throw new DataError(`${op}: test is empty: nothing to evaluate`);
  const score: ItemScorer = scorer instanceof Recommender ? (u, items) => scorer.scoreItems(u, items) : scorer;
  const catalogue: string[] = [];
  const inCatalogue = new Set<string>();
  const interacted = new Map<string, Set<string>>();
  for (const e of [...train, ...test]) {
    let s = interacted.get(e.user);
    if (s === undefined) interacted.set(e.user, (s = new Set()));
    s.add(e.item);
  }
  const trainUsers = new Set<string>();
  for (const e of train) {
    trainUsers.add(e.user);
    if (!inCatalogue.has(e.item)) {
      inCatalogue.add(e.item);
      catalogue.push(e.item);
    }
  }
  for (const e of test) {
    if (!trainUsers.has(e.user)) throw new DataError(`${op}: test user '${e.user}' has no training interaction`);
    if (!inCatalogue.has(e.item)) throw new DataError(`${op}: test item '${e.item}' (user '${e.user}') is not among the training items, so no model can rank it`);
  }
  const random = seededRandom(options.seed ?? 0);
  const hitRate = new HitRate({ k });
  const ndcg = new Ndcg({ k });
  let width = -1;
  let scores: number[] = [];
  let relevance: number[] = [];
  const flush = (): void => {
    if (scores.length === 0) return;
    const rows = scores.length / width;
    const s = tensor(Float32Array.from(scores), { shape: [rows, width] });
    const r = tensor(Float32Array.from(relevance), { shape: [rows, width] });
    hitRate.update(s, r);
    ndcg.update(s, r);
    scores = [];
    relevance = [];
  };
  for (const e of test) {
    const seen = interacted.get(e.user)!;
    let candidates: string[];
    if (negatives === 'all') {
      candidates = catalogue.filter((i) => !seen.has(i));
    } else {
      const free = catalogue.length - [...seen].filter((i) => inCatalogue.has(i)).length;
      if (free < negatives) throw new ValueError(`${op}: user '${e.user}' has only ${free} non-interacted items, fewer than negatives = ${negatives}`);
      const picked = new Set<string>();
      while (picked.size < negatives) {
        const item = catalogue[Math.floor(random() * catalogue.length)]!;
        if (!seen.has(item)) picked.add(item);
      }
      candidates = [...picked];
    }
    const at = Math.floor(random() * (candidates.length + 1));
    candidates.splice(at, 0, e.item);
    if (candidates.length !== width) {
      flush();
      width = candidates.length;
    }
    const s = score(e.user, candidates);
    for (let j = 0; j < candidates.length; j++) {
      scores.push(Number(s[j]));
      relevance.push(j === at ? 1 : 0);
    }
    if (scores.length >= 1 << 20) flush();
  }
  flush();
  return { hitRate: hitRate.result(), ndcg: ndcg.result(), k, users: test.length, candidates: negatives === 'all' ? 'all' : negatives + 1 };
}
