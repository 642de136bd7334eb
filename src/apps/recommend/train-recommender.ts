/**
 * Training a {@link Recommender}: explicit ratings (biased matrix factorisation, squared error) or
 * implicit feedback (BPR with sampled negatives), mini-batched, on the Sprout autograd engine.
 */
import { add, DataError, Generator, log1p, exp, abs, relu, relieveMemoryPressure, mean, mul, neg, square, sub, tensor, type Tensor, ValueError } from '../../core/index.js';
import { Adam, SGD } from '../../optim/index.js';
import { Model } from '../../train/index.js';
import { IdMap } from './id-map.js';
import type { Interaction } from './interaction.js';
import { MatrixFactorization } from './matrix-factorization.js';
import { Recommender, type RecommenderObjective } from './recommender.js';
import { seededRandom } from '../../data/index.js';

/** What one epoch reports to `onEpoch`. */
export interface RecommenderEpochLog {
  /** 0-based epoch. */
  readonly epoch: number;
  /** Mean training loss of the epoch (squared error, or BPR's −log σ, without the penalty). */
  readonly loss: number;
  /** Seconds since training started. */
  readonly seconds: number;
}

/** Options of {@link trainRecommender}. */
export interface TrainRecommenderOptions {
  /** 'rating' (explicit ratings, default) or 'bpr' (implicit feedback; ratings are ignored). */
  readonly objective?: RecommenderObjective;
  /** Latent factors F. Default 64. */
  readonly factors?: number;
  /** Passes over the data. Default 10 ('rating') or 20 ('bpr'). */
  readonly epochs?: number;
  /** Interactions per step. Default 1024. */
  readonly batchSize?: number;
  /** 'adam' (default) or 'sgd'. */
  readonly optimizer?: 'adam' | 'sgd';
  /** Step size. Default 0.005 (Adam); give one for SGD (e.g. 50 with batch 1024: it scales with the batch mean). */
  readonly learningRate?: number;
  /** λ of the per-interaction L2 penalty on the rows used. Default 0.1 ('rating') or 0.01 ('bpr'). */
  readonly l2?: number;
  /** [min, max] of valid ratings; predictions are clipped to it. Default: the data's range. */
  readonly ratingScale?: readonly [number, number];
  /** Sampled negative items per positive (BPR). Default 1. */
  readonly negatives?: number;
  /** Seed of the initial factors, the shuffling and the negatives. Default 0. */
  readonly seed?: number;
  /** Standard deviation of the initial factors. Default 0.1. */
  readonly initStd?: number;
  /** Called after every epoch. */
  readonly onEpoch?: (log: RecommenderEpochLog) => void;
}

/**
 * Trains a recommender on interactions.
 *
 * - `'rating'`: minimises (1/N) Σ (r − r̂)² + λ(‖p_u‖² + ‖q_i‖² + b_u² + b_i²) over the ratings, with
 *   r̂ = μ + b_u + b_i + p_u · q_i (Koren, Bell & Volinsky 2009, eq. 5; μ starts at the mean rating).
 * - `'bpr'`: Bayesian personalised ranking (Rendle, Freudenthaler, Gantner & Schmidt-Thieme 2009,
 *   "BPR: Bayesian Personalized Ranking from Implicit Feedback", UAI): for each observed (u, i) and
 *   a uniformly sampled item j the user has not interacted with, minimises −ln σ(x̂_ui − x̂_uj) plus
 *   the L2 penalty — the mini-batch form of LearnBPR with bootstrap sampling replaced by epochs.
 *
 * Everything random (initial factors, batch order, negatives) follows `seed`.
 *
 * @param interactions Training events; for 'rating' each needs a finite `rating` within the scale.
 * @param options See {@link TrainRecommenderOptions}.
 * @returns The trained recommender (id maps, popularity and seen items inside).
 * @throws DataError for no interactions, a missing or non-finite rating, or a rating outside
 *   `ratingScale`; ValueError for bad options.
 * @example
 * const recommender = await trainRecommender(parseInteractions(text), { factors: 64, epochs: 10, seed: 0 });
 */
export async function trainRecommender(interactions: readonly Interaction[], options: TrainRecommenderOptions = {}): Promise<Recommender> {
  const op = 'trainRecommender';
  const objective = options.objective ?? 'rating';
  if (objective !== 'rating' && objective !== 'bpr') throw new ValueError(`${op}: objective must be 'rating' or 'bpr', got '${String(objective)}'`);
  const rating = objective === 'rating';
  const factors = positiveInt(op, 'factors', options.factors ?? 64);
  const epochs = positiveInt(op, 'epochs', options.epochs ?? (rating ? 10 : 20));
  const batchSize = positiveInt(op, 'batchSize', options.batchSize ?? 1024);
  const negatives = positiveInt(op, 'negatives', options.negatives ?? 1);
  const seed = options.seed ?? 0;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new ValueError(`${op}: seed must be a non-negative integer, got ${seed}`);
  const l2 = options.l2 ?? (rating ? 0.1 : 0.01);
  if (!(l2 >= 0)) throw new ValueError(`${op}: l2 must be ≥ 0, got ${l2}`);
  const optimizerName = options.optimizer ?? 'adam';
  if (optimizerName !== 'adam' && optimizerName !== 'sgd') throw new ValueError(`${op}: optimizer must be 'adam' or 'sgd', got '${String(optimizerName)}'`);
  if (optimizerName === 'sgd' && options.learningRate === undefined) throw new ValueError(`${op}: give learningRate with optimizer 'sgd'`);
  const lr = options.learningRate ?? 0.005;
  if (!(lr > 0)) throw new ValueError(`${op}: learningRate must be > 0, got ${lr}`);

  if (!Array.isArray(interactions) || interactions.length === 0) throw new DataError(`${op}: interactions is empty: nothing to train on`);
  const users = new IdMap();
  const items = new IdMap();
  const n = interactions.length;
  const pairs = new Int32Array(2 * n);
  const targets = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    const e = interactions[k]!;
    if (typeof e.user !== 'string' || typeof e.item !== 'string') throw new DataError(`${op}: interaction ${k} must have string user and item ids`);
    pairs[2 * k] = users.add(e.user);
    pairs[2 * k + 1] = items.add(e.item);
    if (rating) {
      if (typeof e.rating !== 'number' || !Number.isFinite(e.rating)) throw new DataError(`${op}: interaction ${k} (user '${e.user}', item '${e.item}') has no finite rating, which objective 'rating' needs`);
      targets[k] = e.rating;
    }
  }
  let ratingScale: [number, number] | null = null;
  if (rating) {
    ratingScale = checkScale(op, options.ratingScale, targets);
    const [lo, hi] = ratingScale;
    const bad = targets.findIndex((r) => r < lo || r > hi);
    if (bad >= 0) {
      const e = interactions[bad]!;
      throw new DataError(`${op}: interaction ${bad} (user '${e.user}', item '${e.item}') has rating ${e.rating}, outside the rating scale [${lo}, ${hi}]`);
    }
  }
  const seen: Set<number>[] = Array.from({ length: users.size }, () => new Set<number>());
  const itemCounts = new Array<number>(items.size).fill(0);
  for (let k = 0; k < n; k++) {
    seen[pairs[2 * k]!]!.add(pairs[2 * k + 1]!);
    itemCounts[pairs[2 * k + 1]!]!++;
  }
  if (!rating && seen.some((s) => s.size === items.size)) {
    throw new DataError(`${op}: a user interacted with every item, so BPR has no negative item to sample for them`);
  }

  const globalMean = rating ? targets.reduce((s, r) => s + r, 0) / n : 0;
  const mf = new MatrixFactorization(users.size, items.size, factors, {
    globalMean,
    generator: new Generator(seed),
    ...(options.initStd === undefined ? {} : { initStd: options.initStd }),
  });
  const optimizer = optimizerName === 'adam' ? new Adam(mf.parameters(), { lr }) : new SGD(mf.parameters(), { lr });
  const random = seededRandom(seed + 1);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const started = Date.now();
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffle(order, random);
    let total = 0;
    for (let start = 0; start < n; start += batchSize) {
      const m = Math.min(batchSize, n - start);
      const batch = new Int32Array(2 * m);
      const y = new Float32Array(m);
      for (let j = 0; j < m; j++) {
        const k = order[start + j]!;
        batch[2 * j] = pairs[2 * k]!;
        batch[2 * j + 1] = pairs[2 * k + 1]!;
        y[j] = targets[k]!;
      }
      optimizer.zeroGrad();
      let fit: Tensor;
      let loss: Tensor;
      if (rating) {
        const p = tensor(batch, { shape: [m, 2] });
        fit = mean(square(sub(mf.forward(p), tensor(y))));
        loss = add(fit, mul(mf.penalty(p), l2 / m));
      } else {
        const rows = m * negatives;
        const pos = new Int32Array(2 * rows);
        const neg_ = new Int32Array(2 * rows);
        for (let j = 0; j < rows; j++) {
          const u = batch[2 * (j % m)]!;
          pos[2 * j] = u;
          pos[2 * j + 1] = batch[2 * (j % m) + 1]!;
          neg_[2 * j] = u;
          neg_[2 * j + 1] = sampleNegative(seen[u]!, items.size, random);
        }
        const p = tensor(pos, { shape: [rows, 2] });
        const q = tensor(neg_, { shape: [rows, 2] });
        // −ln σ(d) = softplus(−d) = relu(−d) + ln(1 + e^−|d|), stable for any d.
        const d = sub(mf.forward(p), mf.forward(q));
        fit = mean(add(relu(neg(d)), log1p(exp(neg(abs(d))))));
        loss = add(fit, mul(add(mf.penalty(p), mf.penalty(q, 'items')), l2 / rows));
      }
      loss.backward();
      optimizer.step();
      total += fit.item() * m;
      // A custom loop: let dead tensors' wasm buffers be freed, as fit does (docs/wasm-backend.md).
      await relieveMemoryPressure();
    }
    options.onEpoch?.({ epoch, loss: total / n, seconds: (Date.now() - started) / 1000 });
  }
  return new Recommender({
    model: new Model(mf),
    objective,
    users,
    items,
    itemCounts,
    seen: seen.map((s) => [...s].sort((a, b) => a - b)),
    ratingScale,
  });
}

function positiveInt(op: string, name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) throw new ValueError(`${op}: ${name} must be a positive integer, got ${v}`);
  return v;
}

function checkScale(op: string, scale: readonly [number, number] | undefined, ratings: Float32Array): [number, number] {
  if (scale === undefined) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const r of ratings) {
      lo = Math.min(lo, r);
      hi = Math.max(hi, r);
    }
    return [lo, hi];
  }
  if (!Array.isArray(scale) || scale.length !== 2 || !(Number.isFinite(scale[0]) && Number.isFinite(scale[1]) && scale[0] < scale[1])) {
    throw new ValueError(`${op}: ratingScale must be [min, max] with finite min < max, got ${JSON.stringify(scale)}`);
  }
  return [scale[0], scale[1]];
}

function shuffle(order: Int32Array, random: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
}

/** A uniformly random item the user has not interacted with (rejection sampling: users see few items). */
function sampleNegative(seen: ReadonlySet<number>, numItems: number, random: () => number): number {
  for (;;) {
    const j = Math.floor(random() * numItems);
    if (!seen.has(j)) return j;
  }
}
