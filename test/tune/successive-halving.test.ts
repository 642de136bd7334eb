import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hp, type Objective, successiveHalving, type TrialContext, type TrialConfig, tensor, ValueError, zeros } from '../../src/index.js';

const x = zeros([12, 1]);
const y = tensor(Array.from({ length: 12 }, (_, i) => i % 2), { dtype: 'int32' });

/** A model whose validation score rises with its budget and with the setting q: the ranking is known. */
function fakeTraining(calls: { config: TrialConfig; context: TrialContext }[]): Objective {
  return (config, context) => {
    calls.push({ config, context });
    if (context.resume !== null) assert.equal((context.resume.state as { trained: number }).trained, context.resume.budget, 'the state from the previous rung comes back');
    const q = config['q'] as number;
    return { score: q * (1 - 1 / (context.budget + 1)), state: { trained: context.budget }, note: 'ok' };
  };
}

describe('successiveHalving', () => {
  test('keeps the top 1/eta per rung: 27 → 9 → 3 → 1 configurations at 1, 3, 9, 27 epochs', async () => {
    const calls: { config: TrialConfig; context: TrialContext }[] = [];
    const results = await successiveHalving({ space: { q: hp.uniform(0, 1) }, objective: fakeTraining(calls), mode: 'max', x, y, trials: 27, eta: 3, seed: 4 });
    const perRung = [0, 1, 2, 3].map((r) => results.rows.filter((row) => row.rung === r));
    assert.deepEqual(perRung.map((rows) => rows.length), [27, 9, 3, 1]);
    assert.deepEqual(perRung.map((rows) => rows[0]!.budget), [1, 3, 9, 27]);
    // The survivors of each rung are exactly the best 1/eta of the rung before.
    for (let r = 1; r < 4; r++) {
      const previous = [...perRung[r - 1]!].sort((a, b) => b.score - a.score).slice(0, perRung[r]!.length).map((row) => row.trial);
      assert.deepEqual(perRung[r]!.map((row) => row.trial).sort((a, b) => a - b), previous.sort((a, b) => a - b), `rung ${r}`);
    }
    const qs = perRung[0]!.map((row) => row.config['q'] as number);
    assert.equal(results.best.config['q'], Math.max(...qs));
    assert.equal(results.best.rung, 3);
    // Resumed: 27·1 + 9·(3 − 1) + 3·(9 − 3) + 1·(27 − 9) epochs.
    assert.equal(results.totalEpochs, 27 + 18 + 18 + 18);
    assert.deepEqual(perRung.map((rows) => rows[0]!.epochs), [1, 2, 6, 18]);
    assert.equal(calls.filter((c) => c.context.resume !== null).length, 9 + 3 + 1);
    assert.equal(results.rows[0]!.extra['note'], 'ok');
    assert.equal('state' in results.rows[0]!.extra, false, 'states are not reported');
    // The leaderboard ranks by rung reached, then score.
    const board = results.leaderboard();
    assert.deepEqual(board.map((row) => row.rung).slice(0, 4), [3, 2, 2, 1]);
    assert.equal(board.length, 27);
  });

  test('without resumption every rung retrains from scratch, and k-fold multiplies the epochs', async () => {
    const calls: { config: TrialConfig; context: TrialContext }[] = [];
    const results = await successiveHalving({ space: { q: hp.uniform(0, 1) }, objective: fakeTraining(calls), mode: 'max', x, y, trials: 27, resume: false });
    assert.equal(results.totalEpochs, 4 * 27);
    assert.ok(calls.every((c) => c.context.resume === null));
    const folded = await successiveHalving({ space: { q: hp.uniform(0, 1) }, objective: fakeTraining([]), mode: 'max', x, y, trials: 9, validation: { folds: 2 } });
    assert.equal(folded.totalEpochs, 2 * (9 * 1 + 3 * 2 + 1 * 6));
    assert.ok(folded.rows.every((row) => row.foldScores.length === 2 && row.std !== null));
  });

  test('rungs, eta and minBudget set the schedule; mode min keeps the lowest scores', async () => {
    const results = await successiveHalving({
      space: { q: hp.uniform(0, 1) },
      objective: (config) => config['q'] as number,
      mode: 'min',
      x, y, trials: 10, eta: 2, minBudget: 2, rungs: 3,
    });
    const counts = [0, 1, 2].map((r) => results.rows.filter((row) => row.rung === r).length);
    assert.deepEqual(counts, [10, 5, 2]);
    assert.deepEqual([0, 1, 2].map((r) => results.rows.find((row) => row.rung === r)!.budget), [2, 4, 8]);
    const lowest = Math.min(...results.rows.map((row) => row.score));
    assert.equal(results.bestScore, lowest);
    // A bare score keeps no state, so survivors retrain from scratch at each rung.
    assert.equal(results.totalEpochs, 10 * 2 + 5 * 4 + 2 * 8);
  });

  test('is deterministic for a seed', async () => {
    const run = async (): Promise<unknown> => {
      const r = await successiveHalving({ space: { q: hp.uniform(0, 1), n: hp.int(1, 9) }, objective: fakeTraining([]), mode: 'max', x, y, trials: 9, seed: 11 });
      return r.rows.map(({ seconds: _, ...rest }) => rest);
    };
    assert.deepEqual(await run(), await run());
  });

  test('refuses epochs in the space and bad options', async () => {
    const base = { objective: fakeTraining([]), mode: 'max' as const, x, y, trials: 9 };
    await assert.rejects(successiveHalving({ ...base, space: { q: hp.uniform(0, 1), epochs: [5, 10] } }), /must not set 'epochs'/);
    await assert.rejects(successiveHalving({ ...base, space: { q: [1] }, eta: 1 }), (e: unknown) => e instanceof ValueError && /eta must be a finite number ≥ 2, got 1/.test(e.message));
    await assert.rejects(successiveHalving({ ...base, space: { q: [1] }, trials: 0 }), /trials must be a positive integer, got 0/);
    await assert.rejects(successiveHalving({ ...base, space: { q: [1] }, minBudget: 0.5 }), /minBudget must be a positive integer/);
    await assert.rejects(successiveHalving({ ...base, space: { q: [1] }, rungs: 0 }), /rungs must be a positive integer/);
  });
});
