/**
 * A trained recommender: the factor model, the id maps, the popularity list and each user's seen
 * items — everything needed to recommend without the training code.
 */
import { clip, ModelFormatError, noGrad, type Tensor, tensor, ValueError } from '../../core/index.js';
import type { JsonValue } from '../../nn/index.js';
import { type Model, type ModelArtifacts, modelFromArtifacts, modelToArtifacts } from '../../train/index.js';
import { IdMap } from './id-map.js';
import { MatrixFactorization, registerMatrixFactorization } from './matrix-factorization.js';
import type { Recommendation } from './recommendation.js';

/** What the model was trained to predict: ratings (explicit feedback) or a ranking (BPR, implicit). */
export type RecommenderObjective = 'rating' | 'bpr';

/** The parts of a {@link Recommender}. */
export interface RecommenderParts {
  readonly model: Model;
  readonly objective: RecommenderObjective;
  readonly users: IdMap;
  readonly items: IdMap;
  /** Training interactions per item index (the popularity used for cold start). */
  readonly itemCounts: readonly number[];
  /** Item indices each user interacted with in training, by user index. */
  readonly seen: readonly (readonly number[])[];
  /** [min, max] of the ratings (rating models), or null. */
  readonly ratingScale: readonly [number, number] | null;
}

/** Options of {@link Recommender.recommend}. */
export interface RecommendOptions {
  /** Leave out items the user interacted with in training. Default true. */
  readonly excludeSeen?: boolean;
}

/** The `metadata.recommender` format written by {@link Recommender.metadata}. */
const FORMAT = 'sprout-recommender';

/**
 * Recommends items to users from a {@link MatrixFactorization} model.
 *
 * Made by `trainRecommender`, or loaded with {@link Recommender.fromArtifacts} (a browser, a
 * database) or {@link Recommender.fromModel} (after `loadModel` from `sprout/node`).
 *
 * @example
 * const recommender = await trainRecommender(ratings, { epochs: 10 });
 * recommender.recommend('196', 10); // { user: '196', coldStart: false, items: [{ item: '318', score: 4.9 }, …] }
 * recommender.predictRating('196', '242'); // 3.8
 * const { config, weights } = recommender.toArtifacts();
 */
export class Recommender {
  readonly model: Model;
  readonly objective: RecommenderObjective;
  readonly users: IdMap;
  readonly items: IdMap;
  readonly ratingScale: readonly [number, number] | null;
  private readonly itemCounts: readonly number[];
  private readonly seen: readonly (readonly number[])[];
  /** Item indices by descending popularity (ties: lower index first). */
  private readonly popular: readonly number[];

  /**
   * @throws ValueError when the parts disagree (table sizes, counts, seen lists).
   */
  constructor(parts: RecommenderParts) {
    const mf = parts.model.module;
    if (!(mf instanceof MatrixFactorization)) throw new ValueError(`Recommender: the model must wrap a MatrixFactorization, got ${mf.typeName}`);
    if (mf.numUsers !== parts.users.size || mf.numItems !== parts.items.size) {
      throw new ValueError(`Recommender: the model has ${mf.numUsers} users × ${mf.numItems} items, the id maps ${parts.users.size} × ${parts.items.size}`);
    }
    if (parts.itemCounts.length !== parts.items.size) throw new ValueError(`Recommender: itemCounts has ${parts.itemCounts.length} entries for ${parts.items.size} items`);
    if (parts.seen.length !== parts.users.size) throw new ValueError(`Recommender: seen has ${parts.seen.length} lists for ${parts.users.size} users`);
    for (const list of parts.seen) {
      for (const i of list) if (!(Number.isInteger(i) && i >= 0 && i < parts.items.size)) throw new ValueError(`Recommender: seen item index ${i} is outside [0, ${parts.items.size - 1}]`);
    }
    this.model = parts.model;
    this.objective = parts.objective;
    this.users = parts.users;
    this.items = parts.items;
    this.ratingScale = parts.ratingScale;
    this.itemCounts = parts.itemCounts;
    this.seen = parts.seen;
    this.popular = parts.itemCounts.map((_, i) => i).sort((a, b) => parts.itemCounts[b]! - parts.itemCounts[a]! || a - b);
  }

  /** The factor model. */
  get factorModel(): MatrixFactorization {
    return this.model.module as MatrixFactorization;
  }

  /**
   * The top `k` items for `user`, best first. Known users get the model's scores (predicted ratings
   * for rating models), without the items they already interacted with unless `excludeSeen` is
   * false. Unknown users get the most popular items and `coldStart: true`.
   *
   * @throws ValueError when user is not a string or k is not a positive integer.
   * @example
   * recommender.recommend('42', 5).items.map((r) => r.item);
   */
  recommend(user: string, k = 10, options: RecommendOptions = {}): Recommendation {
    if (typeof user !== 'string') throw new ValueError(`recommend: user must be a string id, got ${typeof user}`);
    if (!Number.isInteger(k) || k < 1) throw new ValueError(`recommend: k must be a positive integer, got ${k}`);
    const u = this.users.get(user);
    if (u === undefined) {
      const items = this.popular.slice(0, k).map((i) => ({ item: this.items.id(i), score: this.itemCounts[i]! }));
      return { user, coldStart: true, items };
    }
    const all = this.items.size;
    const scores = this.scoreIndices(u, Array.from({ length: all }, (_, i) => i));
    const skip = new Set(options.excludeSeen === false ? [] : this.seen[u]);
    const order: number[] = [];
    for (let i = 0; i < all; i++) if (!skip.has(i)) order.push(i);
    order.sort((a, b) => scores[b]! - scores[a]! || a - b);
    return { user, coldStart: false, items: order.slice(0, k).map((i) => ({ item: this.items.id(i), score: scores[i]! })) };
  }

  /**
   * The predicted rating of `item` by `user`, μ + b_u + b_i + p_u · q_i clipped to the rating scale.
   *
   * @throws ValueError for a ranking (BPR) model, whose scores are not ratings, or an unknown id.
   * @example
   * recommender.predictRating('196', '242'); // 3.7
   */
  predictRating(user: string, item: string): number {
    if (this.objective !== 'rating') throw new ValueError(`predictRating: this recommender was trained with objective '${this.objective}', whose scores are not ratings; use recommend or scoreItems`);
    return this.scoreItems(user, [item])[0]!;
  }

  /**
   * Scores of `items` for a known `user` (clipped predicted ratings for rating models).
   *
   * @throws ValueError for an unknown user or item (the message names it).
   * @example
   * recommender.scoreItems('196', ['242', '302']);
   */
  scoreItems(user: string, items: readonly string[]): number[] {
    const u = this.users.get(user);
    if (u === undefined) throw new ValueError(`scoreItems: unknown user '${user}' (not in the training data; recommend() falls back to popular items)`);
    const indices = items.map((id) => {
      const i = this.items.get(id);
      if (i === undefined) throw new ValueError(`scoreItems: unknown item '${id}' (not in the training data)`);
      return i;
    });
    return Array.from(this.scoreIndices(u, indices));
  }

  /** Scores of item indices for a user index, through the model's forward pass. */
  scoreIndices(user: number, items: readonly number[]): Float32Array {
    if (items.length === 0) return new Float32Array(0);
    const pairs = new Int32Array(items.length * 2);
    items.forEach((i, j) => {
      pairs[2 * j] = user;
      pairs[2 * j + 1] = i;
    });
    return Float32Array.from(this.predictPairs(tensor(pairs, { shape: [items.length, 2] })).dataSync());
  }

  /** Scores of index pairs int32 [N, 2], clipped to the rating scale for rating models. */
  predictPairs(pairs: Tensor): Tensor {
    return noGrad(() => {
      const scores = this.model.module.forward(pairs);
      return this.ratingScale === null ? scores : clip(scores, this.ratingScale[0], this.ratingScale[1]);
    });
  }

  /** Item indices the user (by index) interacted with in training. */
  seenIndices(user: number): readonly number[] {
    return this.seen[user] ?? [];
  }

  /**
   * The JSON kept with the saved model (`metadata` of the model config): objective, rating scale,
   * id lists, item popularity and seen items.
   */
  metadata(): { [key: string]: JsonValue } {
    return {
      recommender: {
        format: FORMAT,
        objective: this.objective,
        ratingScale: this.ratingScale === null ? null : [...this.ratingScale],
        users: this.users.toJSON(),
        items: this.items.toJSON(),
        itemCounts: [...this.itemCounts],
        seen: this.seen.map((s) => [...s]),
      },
    };
  }

  /**
   * The model config (with {@link Recommender.metadata}) and safetensors weights, as
   * `modelToArtifacts` writes them; `saveModel(recommender.model, dir, { metadata: recommender.metadata() })`
   * puts the same in a folder.
   *
   * @example
   * const { config, weights } = recommender.toArtifacts();
   */
  toArtifacts(): ModelArtifacts {
    return modelToArtifacts(this.model, { metadata: this.metadata() });
  }

  /**
   * A recommender from artifacts written by {@link Recommender.toArtifacts}.
   *
   * @throws ModelFormatError for damaged artifacts or missing / malformed recommender metadata.
   * @example
   * const recommender = Recommender.fromArtifacts({ config: JSON.parse(text), weights });
   */
  static fromArtifacts(artifacts: { readonly config: unknown; readonly weights: Uint8Array }): Recommender {
    registerMatrixFactorization();
    const model = modelFromArtifacts(artifacts);
    const config = artifacts.config as { metadata?: unknown };
    return Recommender.fromModel(model, config.metadata);
  }

  /**
   * A recommender from a loaded model and its config's metadata (`loadModel` from `sprout/node`;
   * call `registerMatrixFactorization()` before loading).
   *
   * @throws ModelFormatError when the metadata is not a recommender's.
   * @example
   * registerMatrixFactorization();
   * const { model, config } = await loadModel('models/movies');
   * const recommender = Recommender.fromModel(model, config.metadata);
   */
  static fromModel(model: Model, metadata: unknown): Recommender {
    const op = 'Recommender.fromModel';
    const m = (typeof metadata === 'object' && metadata !== null ? (metadata as { recommender?: unknown }).recommender : undefined) as
      | { [key: string]: unknown }
      | undefined;
    if (typeof m !== 'object' || m === null || m['format'] !== FORMAT) {
      throw new ModelFormatError(`${op}: metadata.recommender is missing or not '${FORMAT}': this model was not saved by the recommend pipeline`);
    }
    const objective = m['objective'];
    if (objective !== 'rating' && objective !== 'bpr') throw new ModelFormatError(`${op}: metadata.recommender.objective must be 'rating' or 'bpr', got ${String(objective)}`);
    const scale = m['ratingScale'];
    let ratingScale: [number, number] | null = null;
    if (scale !== null) {
      if (!Array.isArray(scale) || scale.length !== 2 || !scale.every((v) => typeof v === 'number' && Number.isFinite(v)) || !((scale[0] as number) < (scale[1] as number))) {
        throw new ModelFormatError(`${op}: metadata.recommender.ratingScale must be null or [min, max] with min < max`);
      }
      ratingScale = [scale[0] as number, scale[1] as number];
    }
    const users = IdMap.fromJSON(m['users'], 'metadata.recommender.users');
    const items = IdMap.fromJSON(m['items'], 'metadata.recommender.items');
    const counts = m['itemCounts'];
    if (!Array.isArray(counts) || !counts.every((c) => Number.isInteger(c) && (c as number) >= 0)) {
      throw new ModelFormatError(`${op}: metadata.recommender.itemCounts must be an array of non-negative integers`);
    }
    const seen = m['seen'];
    if (!Array.isArray(seen) || !seen.every((s) => Array.isArray(s) && s.every((i) => Number.isInteger(i)))) {
      throw new ModelFormatError(`${op}: metadata.recommender.seen must be an array of item-index arrays`);
    }
    try {
      return new Recommender({ model, objective, users, items, itemCounts: counts as number[], seen: seen as number[][], ratingScale });
    } catch (error) {
      if (error instanceof ValueError) throw new ModelFormatError(`${op}: ${error.message}`);
      throw error;
    }
  }
}
