/**
 * `sprout train --pipeline recommend`: a ratings file in, a saved recommender out. With
 * `--objective rating` (default) biased matrix factorisation is scored by RMSE and MAE on `--test`
 * (or a seeded 10 % of the ratings); with `--objective bpr` the ratings are implicit feedback, each
 * user's latest interaction is held out (leave-one-out) and the report gives HR@10 and NDCG@10
 * against 99 sampled unseen items, beside the popularity baseline.
 */
import { evaluateRanking, evaluateRatings, type Interaction, leaveOneOutSplit, trainRecommender } from '../../apps/recommend/index.js';
import { splitIndices } from '../../data/index.js';
import { saveModel } from '../../node/index.js';
import { CliError } from '../cli-error.js';
import { formatTable } from '../format-table.js';
import { finiteOnly, jsonMetrics } from '../json-metrics.js';
import { modelFolder, type PipelineTrainOptions, requireFlag } from '../pipeline-train-options.js';
import { readInteractions } from '../read-interactions.js';

/**
 * Runs `sprout train --pipeline recommend`.
 *
 * @throws CliError for a missing flag or file, a malformed line or an unknown objective.
 * @example
 * await trainRecommendCommand({ pipeline: 'recommend', train: 'u1.base', test: 'u1.test', seed: 0, json: false });
 */
export async function trainRecommendCommand(options: PipelineTrainOptions): Promise<void> {
  const trainPath = requireFlag(options.train, '--train <file>', 'recommend');
  const objective = options.objective ?? 'rating';
  if (objective !== 'rating' && objective !== 'bpr') throw new CliError(`--objective must be 'rating' or 'bpr', got '${objective}'`);
  const all = await readInteractions(trainPath);
  let train: Interaction[];
  let test: Interaction[];
  let testNote: string;
  if (options.test !== undefined) {
    train = all;
    test = await readInteractions(options.test);
    testNote = `test ${options.test}`;
  } else if (objective === 'bpr') {
    if (all.some((e) => e.timestamp === undefined)) throw new CliError(`${trainPath}: leave-one-out needs a timestamp (4th field) on every line, or give --test <file>`);
    ({ train, test } = leaveOneOutSplit(all));
    testNote = "each user's latest interaction held out (leave-one-out)";
  } else {
    ({ train, test } = holdOut(all, 0.1, options.seed));
    testNote = `a random 10 % held out (seed ${options.seed})`;
  }
  if (objective === 'rating') {
    const bad = all.findIndex((e) => e.rating === undefined);
    if (bad >= 0) throw new CliError(`${trainPath}: line ${bad + 1} has no rating (3rd field); --objective rating needs one on every line (or use --objective bpr)`);
  }
  const out = modelFolder(options.out, trainPath);
  process.stdout.write(`Data: ${trainPath}: ${all.length} interactions; training on ${train.length}, testing on ${test.length} (${testNote})\nModel: ${objective === 'rating' ? 'biased matrix factorisation (ratings)' : 'BPR (implicit feedback)'}\n`);
  const started = performance.now();
  const recommender = await trainRecommender(train, {
    objective,
    seed: options.seed,
    ...(options.epochs === undefined ? {} : { epochs: options.epochs }),
    ...(options.factors === undefined ? {} : { factors: options.factors }),
    onEpoch: ({ epoch, loss, seconds }) => process.stderr.write(`epoch ${epoch + 1}: loss ${loss.toFixed(4)} (${seconds.toFixed(1)} s)\n`),
  });
  const seconds = (performance.now() - started) / 1000;
  const known = test.filter((e) => recommender.users.has(e.user) && recommender.items.has(e.item));
  const skipped = test.length - known.length;
  if (known.length === 0) throw new CliError('no test interaction has a user and an item seen in training; nothing to evaluate');
  let metrics: Record<string, number>;
  let rows: string[][];
  let negatives: number | 'all' = 99;
  if (objective === 'rating') {
    const { rmse, mae } = evaluateRatings(recommender, known);
    metrics = { rmse, mae };
    rows = [['RMSE', rmse.toFixed(4)], ['MAE', mae.toFixed(4)]];
  } else {
    // He et al. 2017 rank the held-out item among 99 sampled unseen items; a small catalogue where
    // some user has fewer unseen items ranks it among all of them.
    const interacted = new Map<string, Set<string>>();
    for (const e of [...train, ...known]) interacted.set(e.user, (interacted.get(e.user) ?? new Set()).add(e.item));
    const fewest = Math.min(...known.map((e) => recommender.items.size - interacted.get(e.user)!.size));
    negatives = fewest >= 99 ? 99 : 'all';
    const ranking = evaluateRanking(recommender, train, known, { negatives, k: 10, seed: options.seed });
    const counts = new Map<string, number>();
    for (const e of train) counts.set(e.item, (counts.get(e.item) ?? 0) + 1);
    const popular = evaluateRanking((_, items) => items.map((i) => counts.get(i) ?? 0), train, known, { negatives, k: 10, seed: options.seed });
    metrics = { hitRate10: ranking.hitRate, ndcg10: ranking.ndcg, popularityHitRate10: popular.hitRate, popularityNdcg10: popular.ndcg };
    rows = [['HR@10', ranking.hitRate.toFixed(4), popular.hitRate.toFixed(4)], ['NDCG@10', ranking.ndcg.toFixed(4), popular.ndcg.toFixed(4)]];
  }
  const metadata = {
    ...recommender.metadata(),
    pipeline: 'recommend',
    metrics: finiteOnly(metrics),
    training: { train: trainPath, test: options.test ?? null, interactions: train.length, testInteractions: known.length, seconds, seed: options.seed },
  };
  await saveModel(recommender.model, out, { metadata });
  const header = objective === 'rating' ? ['metric', 'value'] : ['metric', 'model', 'popularity'];
  const lines = [
    `Trained in ${seconds.toFixed(1)} s: ${recommender.users.size} users, ${recommender.items.size} items.`,
    '',
    `Metrics on ${known.length} test interactions${skipped > 0 ? ` (${skipped} with a user or item unseen in training left out)` : ''}${objective === 'bpr' ? `, the held-out item ranked among ${negatives === 'all' ? 'all the user\'s unseen items' : '99 sampled unseen items'}` : ''}:`,
    '',
    ...formatTable(header, rows).map((l) => `  ${l}`),
    '',
    `Saved the model to ${out}`,
  ];
  process.stdout.write(`\n${lines.join('\n')}\n`);
  if (options.json) process.stdout.write(`${JSON.stringify({ pipeline: 'recommend', metrics: jsonMetrics(metrics), model: out })}\n`);
}

/** A seeded random `fraction` of the interactions as test, the rest as train. */
function holdOut(all: readonly Interaction[], fraction: number, seed: number): { train: Interaction[]; test: Interaction[] } {
  const split = splitIndices(all.length, { validation: 0, test: fraction, seed });
  return { train: Array.from(split.train, (i) => all[i]!), test: Array.from(split.test, (i) => all[i]!) };
}
