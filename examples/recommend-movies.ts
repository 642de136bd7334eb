/**
 * Movie recommendations on MovieLens 100K (Harper & Konstan 2015): biased matrix factorisation on
 * the official u1 split (RMSE), then BPR on all ratings as implicit feedback with leave-one-out
 * (HR@10, NDCG@10 against 99 sampled unseen movies), and a few recommendations.
 *
 * MovieLens is licensed for research use only and may not be redistributed: it is read from
 * ../shared/datasets/movielens-100k (or the folder given with --data), never copied.
 *
 *   npx tsx examples/recommend-movies.ts [--data DIR] [--part explicit|implicit|both] [--epochs N] [--bpr-epochs N] [--json]
 *
 * With --json the last line of stdout is {"explicit": {...}, "implicit": {...}}.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { evaluateRanking, evaluateRatings, leaveOneOutSplit, parseInteractions, trainRecommender } from '../src/index.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    part: { type: 'string', default: 'both' },
    epochs: { type: 'string', default: '10' },
    'bpr-epochs': { type: 'string', default: '10' },
    json: { type: 'boolean', default: false },
  },
});
const dir = resolve(values.data ?? join(process.env['SPROUT_DATASETS'] ?? join(import.meta.dirname, '../../shared/datasets'), 'movielens-100k'));
if (!existsSync(join(dir, 'u1.base'))) {
  console.error(`MovieLens 100K not found in ${dir} (give --data DIR holding u.data, u1.base, u1.test)`);
  process.exit(2);
}
const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
const log = (line: string): void => {
  if (!values.json) console.log(line);
};
const result: { [part: string]: unknown } = {};

if (values.part !== 'implicit') {
  const train = parseInteractions(read('u1.base'));
  const test = parseInteractions(read('u1.test'));
  const epochs = Number(values.epochs);
  const started = Date.now();
  const recommender = await trainRecommender(train, {
    epochs,
    ratingScale: [1, 5],
    onEpoch: ({ epoch, loss, seconds }) => log(`explicit epoch ${epoch + 1}/${epochs}: train RMSE ${Math.sqrt(loss).toFixed(4)} (${seconds.toFixed(1)} s)`),
  });
  const seconds = (Date.now() - started) / 1000;
  // u1.test has a few movies that never occur in u1.base; no model can rate them from data.
  const known = test.filter((e) => recommender.items.has(e.item) && recommender.users.has(e.user));
  const { rmse, mae } = evaluateRatings(recommender, known);
  log(`u1.test: RMSE ${rmse.toFixed(4)}, MAE ${mae.toFixed(4)} on ${known.length} of ${test.length} ratings (${seconds.toFixed(1)} s training)`);
  const top = recommender.recommend('1', 5);
  log(`top 5 for user 1: ${top.items.map((r) => `${r.item} (${r.score.toFixed(2)})`).join(', ')}`);
  result['explicit'] = { epochs, seconds, rmse, mae, rated: known.length, skipped: test.length - known.length };
}

if (values.part !== 'explicit') {
  const { train, test } = leaveOneOutSplit(parseInteractions(read('u.data')));
  const epochs = Number(values['bpr-epochs']);
  const started = Date.now();
  const recommender = await trainRecommender(train, {
    objective: 'bpr',
    epochs,
    onEpoch: ({ epoch, loss, seconds }) => log(`BPR epoch ${epoch + 1}/${epochs}: loss ${loss.toFixed(4)} (${seconds.toFixed(1)} s)`),
  });
  const seconds = (Date.now() - started) / 1000;
  const known = test.filter((e) => recommender.items.has(e.item));
  const model = evaluateRanking(recommender, train, known, { negatives: 99, k: 10 });
  const counts = new Map<string, number>();
  for (const e of train) counts.set(e.item, (counts.get(e.item) ?? 0) + 1);
  const popular = evaluateRanking((_, items) => items.map((i) => counts.get(i) ?? 0), train, known, { negatives: 99, k: 10 });
  log(`leave-one-out (${known.length} users, 1 + 99 candidates): BPR HR@10 ${model.hitRate.toFixed(4)} NDCG@10 ${model.ndcg.toFixed(4)}; popularity HR@10 ${popular.hitRate.toFixed(4)} NDCG@10 ${popular.ndcg.toFixed(4)}`);
  log(`cold start: ${JSON.stringify(recommender.recommend('new-user', 3))}`);
  result['implicit'] = { epochs, seconds, hitRate: model.hitRate, ndcg: model.ndcg, popularityHitRate: popular.hitRate, popularityNdcg: popular.ndcg, users: known.length };
}
if (values.json) console.log(JSON.stringify(result));
