/**
 * MovieLens 100K end to end (Harper & Konstan 2015). Read from ../shared/datasets/movielens-100k
 * (override the datasets folder with SPROUT_DATASETS) and skipped with a message when absent:
 * the data is licensed for research use only and is never copied into this repository.
 *
 * (The explicit-rating run is movielens-explicit.test.ts, in its own process.)
 * - Implicit feedback: BPR on all 100,000 ratings as interactions, each user's latest held out;
 *   HR@10 and NDCG@10 ranking the held-out movie among 99 sampled unseen movies (He et al. 2017),
 *   well above the popularity baseline computed here on the same candidates.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { evaluateRanking, leaveOneOutSplit, parseInteractions, trainRecommender } from '../../../src/index.js';

const root = resolve(process.env['SPROUT_DATASETS'] ?? join(import.meta.dirname, '../../../../shared/datasets'));
const dir = join(root, 'movielens-100k');
const skip = existsSync(join(dir, 'u1.base')) ? false : `${dir} is absent (set SPROUT_DATASETS to the datasets folder)`;
const read = (name: string): string => readFileSync(join(dir, name), 'utf8');

describe('recommend: MovieLens 100K implicit feedback', { skip }, () => {
  test('BPR leave-one-out HR@10 / NDCG@10 are well above the popularity baseline', async () => {
    const { train, test } = leaveOneOutSplit(parseInteractions(read('u.data')));
    assert.equal(test.length, 943);
    const started = Date.now();
    const recommender = await trainRecommender(train, { objective: 'bpr', epochs: 10, seed: 0 });
    const seconds = (Date.now() - started) / 1000;
    const known = test.filter((e) => recommender.items.has(e.item));
    const model = evaluateRanking(recommender, train, known, { negatives: 99, k: 10, seed: 0 });
    const counts = new Map<string, number>();
    for (const e of train) counts.set(e.item, (counts.get(e.item) ?? 0) + 1);
    const popular = evaluateRanking((_, items) => items.map((i) => counts.get(i) ?? 0), train, known, { negatives: 99, k: 10, seed: 0 });
    console.log(`BPR: HR@10 ${model.hitRate.toFixed(4)} NDCG@10 ${model.ndcg.toFixed(4)}; popularity HR@10 ${popular.hitRate.toFixed(4)} NDCG@10 ${popular.ndcg.toFixed(4)}; ${seconds.toFixed(1)} s training`);
    assert.ok(model.hitRate >= popular.hitRate + 0.05, `HR@10 ${model.hitRate} vs popularity ${popular.hitRate}`);
    assert.ok(model.ndcg >= popular.ndcg + 0.03, `NDCG@10 ${model.ndcg} vs popularity ${popular.ndcg}`);
  });
});
