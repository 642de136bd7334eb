/**
 * `sprout train --target-epsilon`: DP-SGD from the command line on a synthetic table, the ε spent
 * reported (and within the budget), and bad privacy flags answered with exit status 2.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { lastJson, runSprout } from './run-sprout.js';

const dir = mkdtempSync(join(tmpdir(), 'sprout-private-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Two well-separated classes in two numeric columns (seeded), 600 rows. */
function table(): string {
  let state = 7;
  const random = (): number => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const lines = ['a,b,label'];
  for (let i = 0; i < 600; i++) {
    const positive = i % 2 === 0;
    const centre = positive ? 1 : -1;
    lines.push(`${(centre + random() - 0.5).toFixed(4)},${(centre + random() - 0.5).toFixed(4)},${positive ? 'yes' : 'no'}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('sprout train with differential privacy', () => {
  const data = join(dir, 'separable.csv');
  writeFileSync(data, table());

  test('trains within the ε budget, reports it, and stores it with the model', () => {
    const out = join(dir, 'private-model');
    const run = runSprout(['train', '--data', data, '--target', 'label', '--target-epsilon', '2', '--epochs', '3', '--out', out, '--no-track', '--json'], 180_000);
    assert.equal(run.status, 0, run.stderr);
    const json = lastJson(run);
    const epsilon = json['epsilon'] as number;
    assert.ok(epsilon > 0 && epsilon <= 2 * 1.001, `ε spent ${epsilon}`);
    assert.match(run.stdout, /Differential privacy \(DP-SGD\): ε = [\d.]+ spent of 2 at δ = 0.00001/);
    assert.ok((json['metrics'] as Record<string, number>)['accuracy']! >= 0.9, `accuracy ${JSON.stringify(json['metrics'])}`);
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as { metadata: { training: { privacy: { epsilonSpent: number; targetEpsilon: number } } } };
    assert.equal(config.metadata.training.privacy.targetEpsilon, 2);
    assert.equal(config.metadata.training.privacy.epsilonSpent, epsilon);
  });

  test('bad privacy flags: one line on stderr, exit status 2', () => {
    const delta = runSprout(['train', '--data', data, '--target', 'label', '--delta', '1e-5', '--no-track']);
    assert.equal(delta.status, 2);
    assert.equal(delta.stderr, 'error: --delta and --max-grad-norm need --target-epsilon\n');
    const big = runSprout(['train', '--data', data, '--target', 'label', '--target-epsilon', '1', '--delta', '2', '--no-track']);
    assert.equal(big.status, 2);
    assert.match(big.stderr, /^error: .*delta must be in \(0, 1\), got 2\n$/);
  });
});
