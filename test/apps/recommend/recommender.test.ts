/**
 * The recommend pipeline on small synthetic data: recovery of planted low-rank ratings, cold start,
 * seen-item exclusion, the artifacts round trip and bad input.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DataError,
  evaluateRanking,
  evaluateRatings,
  IdMap,
  type Interaction,
  leaveOneOutSplit,
  ModelFormatError,
  parseInteractions,
  Recommender,
  trainRecommender,
  ValueError,
} from '../../../src/index.js';

/** Gaussian draws from a seeded uniform stream (Box–Muller). */
function stream(seed: number): { uniform: () => number; normal: () => number } {
  let s = seed >>> 0;
  const uniform = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  return { uniform, normal: () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()) };
}

/** Ratings r = 3 + b_u + b_i + p_u·q_i (rank 2) + N(0, noise²), for a random 70 % of the pairs. */
function planted(users: number, items: number, noise: number, seed: number): { train: Interaction[]; test: Interaction[] } {
  const { uniform, normal } = stream(seed);
  const p = Array.from({ length: users }, () => [normal(), normal()]);
  const q = Array.from({ length: items }, () => [normal(), normal()]);
  const bu = Array.from({ length: users }, () => 0.3 * normal());
  const bi = Array.from({ length: items }, () => 0.3 * normal());
  const train: Interaction[] = [];
  const test: Interaction[] = [];
  for (let u = 0; u < users; u++) {
    for (let i = 0; i < items; i++) {
      const rating = 3 + bu[u]! + bi[i]! + 0.6 * (p[u]![0]! * q[i]![0]! + p[u]![1]! * q[i]![1]!) + noise * normal();
      const e = { user: `u${u}`, item: `i${i}`, rating, timestamp: u * 1000 + i };
      const r = uniform();
      if (r < 0.7) train.push(e);
      else if (r < 0.85) test.push(e);
    }
  }
  return { train, test };
}

describe('recommend: explicit matrix factorisation', () => {
  test('recovers planted rank-2 ratings below the noise level plus a margin', async () => {
    const noise = 0.2;
    const { train, test: held } = planted(80, 60, noise, 7);
    const recommender = await trainRecommender(train, { factors: 4, epochs: 30, batchSize: 256, learningRate: 0.03, l2: 0.01, ratingScale: [-10, 15], seed: 1 });
    const { rmse, count } = evaluateRatings(recommender, held);
    const mean = train.reduce((s, e) => s + e.rating!, 0) / train.length;
    const baseline = Math.sqrt(held.reduce((s, e) => s + (e.rating! - mean) ** 2, 0) / held.length);
    assert.ok(count === held.length);
    assert.ok(rmse < noise + 0.1, `held-out RMSE ${rmse} should be below noise ${noise} + 0.1 (global-mean baseline ${baseline})`);
  });

  test('predictRating clips to the rating scale and recommend excludes seen items', async () => {
    const train: Interaction[] = [];
    for (let u = 0; u < 6; u++) for (let i = 0; i < 8; i++) if ((u + i) % 3 !== 0) train.push({ user: `${u}`, item: `m${i}`, rating: 1 + ((u * i) % 5) });
    const rec = await trainRecommender(train, { factors: 3, epochs: 3, batchSize: 16, seed: 2 });
    assert.deepEqual(rec.ratingScale, [1, 5]);
    for (const e of train) {
      const r = rec.predictRating(e.user, e.item);
      assert.ok(r >= 1 && r <= 5);
    }
    for (let u = 0; u < 6; u++) {
      const seen = new Set(train.filter((e) => e.user === `${u}`).map((e) => e.item));
      const { items, coldStart } = rec.recommend(`${u}`, 10);
      assert.equal(coldStart, false);
      assert.equal(items.length, 8 - seen.size);
      assert.ok(items.every((x) => !seen.has(x.item)), `user ${u} got a seen item`);
      for (let j = 1; j < items.length; j++) assert.ok(items[j - 1]!.score >= items[j]!.score);
      assert.equal(rec.recommend(`${u}`, 20, { excludeSeen: false }).items.length, 8);
    }
  });

  test('cold-start users get the most popular items and coldStart: true', async () => {
    const train: Interaction[] = [
      { user: 'a', item: 'x', rating: 4 }, { user: 'b', item: 'x', rating: 5 }, { user: 'c', item: 'x', rating: 3 },
      { user: 'a', item: 'y', rating: 2 }, { user: 'b', item: 'y', rating: 4 }, { user: 'c', item: 'z', rating: 1 },
    ];
    const rec = await trainRecommender(train, { factors: 2, epochs: 1, seed: 0 });
    const result = rec.recommend('never-seen', 2);
    assert.equal(result.coldStart, true);
    assert.deepEqual(result.items, [{ item: 'x', score: 3 }, { item: 'y', score: 2 }]);
  });

  test('toArtifacts / fromArtifacts round trip recommends identically without the training code', async () => {
    const { train } = planted(20, 15, 0.3, 3);
    const rec = await trainRecommender(train, { factors: 3, epochs: 2, seed: 4 });
    const { config, weights } = rec.toArtifacts();
    const loaded = Recommender.fromArtifacts({ config: JSON.parse(JSON.stringify(config)) as unknown, weights });
    assert.equal(loaded.objective, 'rating');
    assert.deepEqual(loaded.recommend('u3', 5), rec.recommend('u3', 5));
    assert.deepEqual(loaded.recommend('nobody', 3), rec.recommend('nobody', 3));
    assert.equal(loaded.predictRating('u1', 'i2'), rec.predictRating('u1', 'i2'));
    assert.deepEqual(loaded.users.toJSON(), rec.users.toJSON());
    const broken = { ...config, metadata: {} };
    assert.throws(() => Recommender.fromArtifacts({ config: broken, weights }), ModelFormatError);
  });
});

describe('recommend: bad input', () => {
  test('empty data, missing or out-of-scale ratings and bad options are clear errors', async () => {
    await assert.rejects(trainRecommender([]), (e: unknown) => e instanceof DataError && /empty/.test(e.message));
    await assert.rejects(trainRecommender([{ user: 'a', item: 'b' }]), (e: unknown) => e instanceof DataError && /no finite rating/.test(e.message));
    await assert.rejects(
      trainRecommender([{ user: 'a', item: 'b', rating: 7 }], { ratingScale: [1, 5] }),
      (e: unknown) => e instanceof DataError && /rating 7, outside the rating scale \[1, 5\]/.test(e.message),
    );
    await assert.rejects(trainRecommender([{ user: 'a', item: 'b', rating: 3 }], { factors: 0 }), ValueError);
    assert.throws(() => parseInteractions('\n\n'), DataError);
    assert.throws(() => parseInteractions('1\t2\tfive\n'), /line 1: rating must be a number, got 'five'/);
  });

  test('unknown users or items at evaluation are clear errors', async () => {
    const train: Interaction[] = [{ user: 'a', item: 'x', rating: 4 }, { user: 'b', item: 'y', rating: 2 }];
    const rec = await trainRecommender(train, { factors: 2, epochs: 1 });
    assert.throws(() => evaluateRatings(rec, [{ user: 'a', item: 'nope', rating: 3 }]), (e: unknown) => e instanceof DataError && /item 'nope'/.test(e.message));
    assert.throws(() => evaluateRatings(rec, []), DataError);
    assert.throws(() => rec.predictRating('a', 'nope'), /unknown item 'nope'/);
    assert.throws(() => rec.recommend('a', 0), ValueError);
    assert.throws(() => evaluateRanking(rec, train, [{ user: 'a', item: 'nope' }], { negatives: 1 }), /test item 'nope'/);
    assert.throws(() => leaveOneOutSplit([{ user: 'a', item: 'x' }]), /no timestamp/);
  });
});

describe('recommend: implicit feedback (BPR) on synthetic data', () => {
  test('leave-one-out split holds out the latest interaction per user', () => {
    const data: Interaction[] = [
      { user: 'a', item: '1', timestamp: 5 }, { user: 'a', item: '2', timestamp: 9 }, { user: 'a', item: '3', timestamp: 1 },
      { user: 'b', item: '1', timestamp: 2 },
    ];
    const { train, test } = leaveOneOutSplit(data);
    assert.deepEqual(test, [{ user: 'a', item: '2', timestamp: 9 }]);
    assert.equal(train.length, 3);
  });

  test('BPR ranks held-out items of planted taste clusters far above popularity', async () => {
    // Two user groups with disjoint favourite item sets: popularity cannot tell them apart, BPR can.
    const { uniform } = stream(11);
    const data: Interaction[] = [];
    for (let u = 0; u < 60; u++) {
      const group = u % 2;
      for (let i = 0; i < 40; i++) if (i % 2 === group && uniform() < 0.5) data.push({ user: `u${u}`, item: `i${i}`, timestamp: uniform() });
    }
    const { train, test } = leaveOneOutSplit(data);
    const rec = await trainRecommender(train, { objective: 'bpr', factors: 4, epochs: 15, batchSize: 128, learningRate: 0.05, l2: 0.001, seed: 3 });
    assert.throws(() => rec.predictRating('u0', 'i0'), /not ratings/);
    const model = evaluateRanking(rec, train, test, { negatives: 10, k: 3, seed: 1 });
    const counts = new Map<string, number>();
    for (const e of train) counts.set(e.item, (counts.get(e.item) ?? 0) + 1);
    const popular = evaluateRanking((_, items) => items.map((i) => counts.get(i) ?? 0), train, test, { negatives: 10, k: 3, seed: 1 });
    assert.ok(model.hitRate > popular.hitRate + 0.2, `BPR HR@3 ${model.hitRate} vs popularity ${popular.hitRate}`);
    assert.ok(model.ndcg > popular.ndcg, `BPR NDCG@3 ${model.ndcg} vs popularity ${popular.ndcg}`);
    assert.equal(IdMap.fromIds(test.map((e) => e.user)).size, test.length);
  });
});
