/**
 * `sprout recommend DIR --user ID --k 10`: the top items for a user from a saved recommender, best
 * first, without the items the user already rated. A user id the training data never held is an
 * error (exit 2) unless `--cold-start` is given; then the answer is the most popular items, and the
 * output says it is a cold start.
 */
import { CliError } from '../cli-error.js';
import { formatTable } from '../format-table.js';
import { expectKind, loadPipelineModel } from '../pipeline-model.js';

/** Options of {@link recommendCommand}. */
export interface RecommendCommandOptions {
  readonly dir: string;
  readonly user: string;
  readonly k: number;
  /** Answer unknown users with popular items instead of an error. */
  readonly coldStart: boolean;
  readonly json: boolean;
}

/**
 * Runs `sprout recommend`.
 *
 * @throws CliError for a folder that is not a recommender, or an unknown user without --cold-start.
 * @example
 * await recommendCommand({ dir: 'models/movies', user: '196', k: 10, coldStart: false, json: false });
 */
export async function recommendCommand(options: RecommendCommandOptions): Promise<void> {
  const { recommender } = expectKind(await loadPipelineModel(options.dir), 'recommend', options.dir, 'sprout recommend');
  const known = recommender.users.has(options.user);
  if (!known && !options.coldStart) {
    throw new CliError(`user '${options.user}' is not in the training data of '${options.dir}'; add --cold-start to recommend the most popular items instead`);
  }
  const result = recommender.recommend(options.user, options.k);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const scoreName = result.coldStart ? 'interactions' : recommender.objective === 'rating' ? 'predicted rating' : 'score';
  const title = result.coldStart
    ? `Cold start: user '${options.user}' is not in the training data; the ${result.items.length} most popular items:`
    : `Top ${result.items.length} items for user '${options.user}' (items the user already rated left out):`;
  const rows = result.items.map((r, i) => [String(i + 1), r.item, result.coldStart ? String(r.score) : r.score.toFixed(4)]);
  process.stdout.write(`${[title, '', ...formatTable(['rank', 'item', scoreName], rows).map((l) => `  ${l}`)].join('\n')}\n`);
}
