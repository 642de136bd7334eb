/**
 * Successive halving (Jamieson & Talwalkar 2016, "Non-stochastic Best Arm Identification and
 * Hyperparameter Optimization"; the inner loop of Hyperband, Li et al. 2018): train many random
 * configurations for a small budget, keep the best 1/eta, give the survivors eta times the budget,
 * and repeat. Most of the compute goes to the configurations that look best, at the risk of
 * dropping a slow starter early.
 *
 * Rung i has budget round(minBudget · etaⁱ) epochs and n_i configurations, with n_0 = trials and
 * n_{i+1} = max(1, floor(n_i / eta)).
 *
 * Resumption (the default): a survivor continues from the weights it had at the end of the previous
 * rung, so rung i costs n_i · (r_i − r_{i−1}) epochs and a model at budget r has seen exactly r
 * epochs, as if trained in one go (Li et al. 2018 note this reuse). With `resume: false` every rung
 * retrains from scratch (the same seed, so the same initial weights): n_i · r_i epochs, for
 * objectives that cannot continue, or schedules that depend on the total epochs.
 */
import { ValueError } from '../core/index.js';
import type { ResumePoint } from './objective.js';
import { sampleConfig } from './sample-config.js';
import type { SearchOptions } from './search-options.js';
import type { SearchResults, TrialRow } from './search-results.js';
import { resolveSearchSpace, type TrialConfig } from './search-space.js';
import { TrialRunner } from './trial-runner.js';

/** Options of {@link successiveHalving}. */
export interface SuccessiveHalvingOptions extends SearchOptions {
  /** Configurations sampled for the first rung. */
  readonly trials: number;
  /** Keep the top 1/eta each rung and multiply the budget by eta (default 3). */
  readonly eta?: number;
  /** Epochs at the first rung (default 1). */
  readonly minBudget?: number;
  /** Number of rungs (default: until one configuration is left). */
  readonly rungs?: number;
  /** Continue survivors from the previous rung's weights (default true) or retrain them. */
  readonly resume?: boolean;
}

interface Survivor {
  readonly trial: number;
  readonly config: TrialConfig;
  readonly seed: number;
  states: readonly unknown[] | null;
  budget: number;
}

/**
 * The number of configurations and the budget of each rung.
 *
 * @example
 * rungSchedule(27, 3, 1, 4); // [{ count: 27, budget: 1 }, { count: 9, budget: 3 }, { count: 3, budget: 9 }, { count: 1, budget: 27 }]
 */
function rungSchedule(trials: number, eta: number, minBudget: number, rungs: number | undefined): { count: number; budget: number }[] {
  const schedule: { count: number; budget: number }[] = [];
  let count = trials;
  for (let i = 0; rungs === undefined ? true : i < rungs; i++) {
    schedule.push({ count, budget: Math.round(minBudget * eta ** i) });
    if (rungs === undefined && count <= 1) break;
    count = Math.max(1, Math.floor(count / eta));
  }
  return schedule;
}

/**
 * Runs successive halving over `trials` random configurations, with epochs as the budget. Every
 * evaluation is a row (trial ids stay the same across rungs); `best` is the best configuration of
 * the last rung, and the leaderboard ranks trials by the rung they reached, then by score.
 *
 * @param options The space (without `epochs`: the rungs set it), the objective, the data,
 *   validation, mode, seed, trials, eta, minBudget, rungs, resume.
 * @returns The results table.
 * @throws ValueError for a bad space or one with `epochs`, bad trials / eta / minBudget / rungs,
 *   bad data or options, a missing mode for a custom objective, or an objective that returns no score.
 * @example
 * const results = await successiveHalving({
 *   space: { learningRate: hp.logUniform(1e-4, 1e-1), units: hp.int(16, 256) },
 *   objective: mlpObjective({ metric: 'accuracy' }),
 *   x, y, trials: 27, eta: 3, minBudget: 1, seed: 0, // rungs of 27, 9, 3, 1 configs at 1, 3, 9, 27 epochs
 * });
 * results.totalEpochs; // 81 with resumption (27·1 + 9·2 + 3·6 + 1·18)
 */
export async function successiveHalving(options: SuccessiveHalvingOptions): Promise<SearchResults> {
  const op = 'successiveHalving';
  const space = resolveSearchSpace(op, options.space);
  if (space.some(([name]) => name === 'epochs')) throw new ValueError(`${op}: the space must not set 'epochs'; successive halving sets the epochs of each rung (minBudget · etaⁱ)`);
  const { trials, eta = 3, minBudget = 1, rungs, resume = true } = options;
  if (!Number.isInteger(trials) || trials < 1) throw new ValueError(`${op}: trials must be a positive integer, got ${String(trials)}`);
  if (typeof eta !== 'number' || !(eta >= 2) || !Number.isFinite(eta)) throw new ValueError(`${op}: eta must be a finite number ≥ 2, got ${String(eta)}`);
  if (!Number.isInteger(minBudget) || minBudget < 1) throw new ValueError(`${op}: minBudget must be a positive integer (epochs), got ${String(minBudget)}`);
  if (rungs !== undefined && (!Number.isInteger(rungs) || rungs < 1)) throw new ValueError(`${op}: rungs must be a positive integer, got ${String(rungs)}`);
  if (typeof resume !== 'boolean') throw new ValueError(`${op}: resume must be a boolean, got ${String(resume)}`);

  const runner = new TrialRunner(op, options);
  const schedule = rungSchedule(trials, eta, minBudget, rungs);
  let survivors: Survivor[] = Array.from({ length: trials }, (_, trial) => ({
    trial,
    config: sampleConfig(options.space, runner.generator),
    seed: runner.nextSeed(),
    states: null,
    budget: 0,
  }));
  for (const [rung, { budget }] of schedule.entries()) {
    const scored: { survivor: Survivor; row: TrialRow }[] = [];
    for (const survivor of survivors) {
      const from: (ResumePoint | null)[] | null =
        resume && survivor.states !== null ? survivor.states.map((state) => (state === undefined ? null : { state, budget: survivor.budget })) : null;
      const { row, states } = await runner.evaluate(survivor.trial, rung, survivor.config, budget, survivor.seed, from);
      survivor.states = resume ? states : null;
      survivor.budget = budget;
      scored.push({ survivor, row });
    }
    const next = schedule[rung + 1];
    if (next === undefined) break;
    const ranked = runner.results('successiveHalving');
    const order = new Map(ranked.sorted('score').filter((row) => row.rung === rung).map((row, rank) => [row.trial, rank]));
    const kept = scored.sort((a, b) => order.get(a.row.trial)! - order.get(b.row.trial)!).slice(0, next.count).map(({ survivor }) => survivor);
    // Trial order within a rung, so the run reads the same whatever the scores; dropped trials
    // release their states (models) here.
    survivors = kept.sort((a, b) => a.trial - b.trial);
  }
  return runner.results('successiveHalving');
}
