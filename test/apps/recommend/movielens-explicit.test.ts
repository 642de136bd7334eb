/**
 * MovieLens 100K end to end (Harper & Konstan 2015). Read from ../shared/datasets/movielens-100k
 * (override the datasets folder with SPROUT_DATASETS) and skipped with a message when absent:
 * the data is licensed for research use only and is never copied into this repository.
 *
 * - Explicit ratings: the full official u1 split with the default configuration (64 factors,
 *   10 epochs, Adam 0.005, λ = 0.1, batch 1024, seed 0): RMSE ≤ 0.93 on u1.test.
 * (The implicit-feedback run is movielens-implicit.test.ts, in its own process.)
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { evaluateRatings, parseInteractions, trainRecommender } from '../../../src/index.js';

const root = resolve(process.env['SPROUT_DATASETS'] ?? join(import.meta.dirname, '../../../../shared/datasets'));
const dir = join(root, 'movielens-100k');
const skip = existsSync(join(dir, 'u1.base')) ? false : `${dir} is absent (set SPROUT_DATASETS to the datasets folder)`;
const read = (name: string): string => readFileSync(join(dir, name), 'utf8');

describe('recommend: MovieLens 100K explicit ratings', { skip }, () => {
  test('matrix factorisation with biases reaches RMSE ≤ 0.93 on u1.test', async () => {
    const train = parseInteractions(read('u1.base'));
    const test = parseInteractions(read('u1.test'));
    const started = Date.now();
    const recommender = await trainRecommender(train, { ratingScale: [1, 5], seed: 0 });
    const seconds = (Date.now() - started) / 1000;
    // u1.test rates a handful of movies absent from u1.base: no model can rate them from data.
    const known = test.filter((e) => recommender.items.has(e.item) && recommender.users.has(e.user));
    assert.ok(known.length > 19_900, `${known.length} rateable test ratings`);
    assert.throws(() => evaluateRatings(recommender, test), /not trained on/);
    const { rmse, mae } = evaluateRatings(recommender, known);
    console.log(`u1: RMSE ${rmse.toFixed(4)} MAE ${mae.toFixed(4)} on ${known.length} ratings, ${seconds.toFixed(1)} s training`);
    assert.ok(rmse <= 0.93, `RMSE ${rmse} > 0.93`);
    const top = recommender.recommend('1', 10);
    assert.equal(top.items.length, 10);
    assert.equal(recommender.recommend('unknown', 3).coldStart, true);
  });
});
