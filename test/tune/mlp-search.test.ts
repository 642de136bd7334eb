import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  formatResults,
  Generator,
  gridSearch,
  hp,
  mlpObjective,
  randn,
  randomSearch,
  type SearchResults,
  successiveHalving,
  tensor,
  type Tensor,
  type TrialContext,
  ValueError,
} from '../../src/index.js';

/** Three Gaussian blobs in the plane: a small MLP separates them. */
function blobs(n: number, seed: number): { x: Tensor; y: Tensor } {
  const noise = randn([n, 2], { generator: new Generator(seed), dtype: 'float64' }).toArray() as number[][];
  const centres = [[2, 0], [-1, 1.7], [-1, -1.7]];
  const x = noise.map((p, i) => [centres[i % 3]![0]! + 0.5 * p[0]!, centres[i % 3]![1]! + 0.5 * p[1]!]);
  return { x: tensor(x), y: tensor(x.map((_, i) => i % 3), { dtype: 'int32' }) };
}

const { x, y } = blobs(150, 1);
const withoutTimes = (results: SearchResults): unknown => results.rows.map(({ seconds: _, ...rest }) => rest);

describe('search with the built-in MLP objective', () => {
  test('grid search finds a config with validation accuracy ≥ 0.9 and ranks learning rates 0 and 1e-6 last', async () => {
    const results = await gridSearch({
      space: { learningRate: [0, 1e-6, 0.01, 0.05], units: [8, 16] },
      objective: mlpObjective({ metric: 'accuracy' }),
      x, y, budget: 8, seed: 0,
    });
    assert.equal(results.rows.length, 8);
    assert.equal(results.mode, 'max', 'the mode comes from the objective');
    assert.ok(results.bestScore >= 0.9, `best accuracy ${results.bestScore}`);
    assert.ok([0.01, 0.05].includes(results.bestConfig['learningRate'] as number));
    const board = results.leaderboard();
    for (const row of board.slice(-4)) assert.ok([0, 1e-6].includes(row.config['learningRate'] as number), `bad configs last: ${JSON.stringify(board.map((r) => r.config))}`);
    for (const row of results.rows) {
      assert.equal(row.budget, 8);
      assert.equal(row.epochs, 8);
      assert.equal(row.std, null);
      assert.equal(typeof row.extra['valLoss'], 'number');
    }
    assert.equal(results.totalEpochs, 64);
  });

  test('random search over a full MLP space finds accuracy ≥ 0.9 and repeats exactly for a seed', async () => {
    const space = {
      learningRate: hp.logUniform(3e-3, 1e-1),
      batchSize: [16, 32],
      hiddenLayers: [1, 2],
      units: hp.int(4, 32),
      dropout: hp.uniform(0, 0.3),
      weightDecay: hp.logUniform(1e-6, 1e-2),
      activation: ['relu', 'tanh'],
      epochs: [4, 6],
    };
    const run = (seed: number): Promise<SearchResults> => randomSearch({ space, objective: mlpObjective(), x, y, trials: 4, seed });
    const first = await run(3);
    assert.ok(first.bestScore >= 0.9, `best accuracy ${first.bestScore}`);
    assert.ok(first.rows.every((row) => row.budget === row.config['epochs']), 'epochs in the space set the budget');
    assert.deepEqual(withoutTimes(await run(3)), withoutTimes(first));
    assert.notDeepEqual(first.rows.map((r) => r.config), (await run(4)).rows.map((r) => r.config));
  });

  test('k-fold validation trains k models and reports the mean and std of their scores', async () => {
    const results = await gridSearch({
      space: { learningRate: [0.03], hiddenLayers: [1], units: [8] },
      objective: mlpObjective(),
      x, y, budget: 4, validation: { folds: 3 }, seed: 2,
    });
    const [row] = results.rows;
    assert.equal(row!.foldScores.length, 3);
    const mean = row!.foldScores.reduce((a, b) => a + b, 0) / 3;
    assert.ok(Math.abs(row!.score - mean) < 1e-12);
    const std = Math.sqrt(row!.foldScores.reduce((a, s) => a + (s - mean) ** 2, 0) / 3);
    assert.ok(Math.abs(row!.std! - std) < 1e-12);
    assert.equal(row!.epochs, 12, 'three models of four epochs');
    assert.match(formatResults(results), /std/);
  });

  test('successive halving with resumption trains each survivor as if in one go', async () => {
    const objective = mlpObjective();
    const split = { trainX: x.narrow(0, 0, 120), trainY: y.narrow(0, 0, 120), valX: x.narrow(0, 120, 30), valY: y.narrow(0, 120, 30) };
    const context = (budget: number, resume: TrialContext['resume'], seed = 5): TrialContext => ({ ...split, budget, generator: new Generator(seed), trial: 0, fold: 0, rung: 0, resume });
    const config = { learningRate: 0.01, units: 8, dropout: 0.1 };
    const once = await objective(config, context(4, null));
    const first = await objective(config, context(2, null));
    const resumed = await objective(config, context(4, { state: (first as { state: unknown }).state, budget: 2 }, 99));
    assert.equal(typeof once, 'object');
    const [a, b] = [once as Record<string, unknown>, resumed as Record<string, unknown>];
    assert.equal(b['epochs'], 2);
    assert.equal(b['score'], a['score']);
    assert.equal(b['valLoss'], a['valLoss']);

    const results = await successiveHalving({ space: { learningRate: hp.logUniform(1e-3, 1e-1), units: [8] }, objective, x, y, trials: 4, eta: 2, seed: 1 });
    assert.deepEqual([0, 1, 2].map((r) => results.rows.filter((row) => row.rung === r).length), [4, 2, 1]);
    assert.equal(results.totalEpochs, 4 * 1 + 2 * 1 + 1 * 2);
  });

  test('regression: mse is minimised by default, and float targets without a task or metric are refused', async () => {
    const inputs = x.toArray() as number[][];
    const target = tensor(inputs.map(([a, b]) => 2 * a! - b!));
    const space = { hiddenLayers: [0], learningRate: [0, 0.1] };
    const results = await gridSearch({ space, objective: mlpObjective({ task: 'regression' }), x, y: target, budget: 5, seed: 0 });
    assert.equal(results.mode, 'min');
    assert.equal(results.bestConfig['learningRate'], 0.1);
    assert.ok(results.bestScore < results.leaderboard()[1]!.score);
    await assert.rejects(gridSearch({ space, objective: mlpObjective(), x, y: target, budget: 1 }), /not class indices; for regression pass mlpObjective\(\{ task: 'regression' \}\)/);
  });

  test('results render as a table and as JSON', async () => {
    const results = await gridSearch({ space: { learningRate: [0.05, 1e-6], units: [8] }, objective: mlpObjective(), x, y, budget: 3, seed: 0 });
    const text = formatResults(results);
    const lines = text.split('\n');
    assert.match(lines[0]!, /^grid search · 2 trials · max · seed 0 · best: trial 0, score /);
    assert.match(lines[1]!, /^rank\s+trial\s+score\s+budget\s+epochs\s+seconds\s+learningRate\s+units$/);
    assert.match(lines[3]!, /^2\s+1\s+.*1\.00e-6\s+8$/);
    assert.equal(formatResults(results, { top: 1 }).split('\n').length, 3);
    const json = JSON.parse(JSON.stringify(results)) as { strategy: string; best: { config: unknown }; rows: unknown[]; totalEpochs: number };
    assert.equal(json.strategy, 'grid');
    assert.deepEqual(json.best.config, { learningRate: 0.05, units: 8 });
    assert.equal(json.rows.length, 2);
    assert.equal(json.totalEpochs, 6);
    assert.deepEqual(results.sorted('trial').map((r) => r.trial), [0, 1]);
  });

  test('errors: an unknown setting, an unknown metric, a custom objective without a mode, a bad return', async () => {
    await assert.rejects(
      gridSearch({ space: { learningrate: [0.1] }, objective: mlpObjective(), x, y, budget: 1 }),
      (e: unknown) => e instanceof ValueError && /unknown setting 'learningrate'/.test(e.message),
    );
    assert.throws(() => mlpObjective({ metric: 'acuracy' }), /unknown metric 'acuracy'/);
    await assert.rejects(gridSearch({ space: { a: [1] }, objective: () => 1, x, y }), /mode must be 'min'.*custom objective needs it/);
    await assert.rejects(gridSearch({ space: { a: [1] }, objective: () => 'good' as never, mode: 'max', x, y }), /must return a number or \{ score: number, … \}/);
    await assert.rejects(randomSearch({ space: { a: [1] }, objective: () => 1, mode: 'max', x, y, trials: 0 }), /trials must be a positive integer, got 0/);
    await assert.rejects(gridSearch({ space: { a: [1] }, objective: () => 1, mode: 'max', x, y, validation: { folds: 1 } }), /validation\.folds must be an integer in \[2, 150\]/);
    await assert.rejects(gridSearch({ space: { a: [1] }, objective: () => 1, mode: 'max', x, y: y.narrow(0, 0, 10) }), /same number of samples/);
  });
});
