import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { epsilonForPlan } from '../../src/index.js';
import { lastJson, runSprout } from '../cli/run-sprout.js';

describe('sprout privacy epsilon', () => {
  test('prints ε and, with --json, a last line {"epsilon": …} equal to the accountant', () => {
    const run = runSprout(['privacy', 'epsilon', '--noise', '1.1', '--batch', '256', '--n', '60000', '--epochs', '60', '--delta', '1e-5', '--json']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /epsilon = 2\.\d{4} at delta = 0\.00001/);
    const json = lastJson(run);
    assert.equal(json['epsilon'], epsilonForPlan({ samples: 60000, batchSize: 256, epochs: 60 }, 1.1, 1e-5));
    assert.equal(json['steps'], 14063);
  });

  test('bad input exits with status 2 and one error line naming the option', () => {
    const run = runSprout(['privacy', 'epsilon', '--noise', '1', '--batch', '10', '--n', '100', '--epochs', '1', '--delta', '1.5']);
    assert.equal(run.status, 2);
    assert.equal(run.stderr.trim(), 'error: privacy epsilon: --delta must be in (0, 1), got 1.5');
  });
});
