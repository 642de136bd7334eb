/**
 * Experiment tracking through the command line, as child processes: `sprout train` records a run
 * (in --runs-dir, or in $SPROUT_RUNS_DIR), `sprout runs` lists it, `runs show` prints it, `runs
 * compare` sets two side by side, all with --json; unknown ids exit with status 2; --no-track
 * records nothing.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { RunComparison, RunRecord, RunSummary } from '../../src/node/index.js';
import { lastJson, runSprout, type SproutRun } from './run-sprout.js';

const dir = mkdtempSync(join(tmpdir(), 'sprout-runs-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const runsDir = join(dir, 'runs');
const data = join(dir, 'moons.csv');

/** A learnable two-class table: label = 'up' when y > sin(x). */
function table(rows: number): string {
  const lines = ['x,y,label'];
  for (let i = 0; i < rows; i++) {
    const x = ((i * 37) % 101) / 16;
    const y = ((i * 53) % 97) / 48 - 1;
    lines.push(`${x.toFixed(3)},${y.toFixed(3)},${y > Math.sin(x) ? 'up' : 'down'}`);
  }
  return `${lines.join('\n')}\n`;
}

function ok(run: SproutRun): SproutRun {
  assert.equal(run.status, 0, run.stderr);
  return run;
}

function expectBadInput(args: readonly string[], line: string): void {
  const run = runSprout(args);
  assert.equal(run.stderr, `${line}\n`, 'exactly one line on stderr');
  assert.equal(run.status, 2);
}

let first: { id: string; metrics: Record<string, number | null> };
let second: { id: string; metrics: Record<string, number | null> };

before(() => {
  writeFileSync(data, table(240));
  const train = (extra: readonly string[]): { id: string; metrics: Record<string, number | null> } => {
    const json = lastJson(ok(runSprout(['train', '--data', data, '--target', 'label', '--json', ...extra])));
    return { id: json['run'] as string, metrics: json['metrics'] as Record<string, number | null> };
  };
  first = train(['--epochs', '4', '--seed', '0', '--out', join(dir, 'm1'), '--runs-dir', runsDir]);
  // The second run finds its store through the environment variable.
  const json = lastJson(ok(runSprout(['train', '--data', data, '--target', 'label', '--json', '--epochs', '3', '--seed', '1', '--name', 'second', '--out', join(dir, 'm2')], 120_000, { ...process.env, SPROUT_RUNS_DIR: runsDir })));
  second = { id: json['run'] as string, metrics: json['metrics'] as Record<string, number | null> };
});

describe('sprout train records a run', () => {
  test('runs --json lists both, newest first, with what train reported', () => {
    const listed = lastJson(ok(runSprout(['runs', '--json', '--runs-dir', runsDir])));
    assert.equal(listed['runsDir'], runsDir);
    const runs = listed['runs'] as RunSummary[];
    assert.deepEqual(runs.map((r) => r.id), [second.id, first.id]);
    const [b, a] = runs as [RunSummary, RunSummary];
    assert.equal(a.name, 'moons', 'the default name is the data file name');
    assert.equal(b.name, 'second');
    for (const r of runs) assert.equal(r.status, 'completed');
    assert.deepEqual(a.finalMetrics, first.metrics);
    assert.deepEqual(b.finalMetrics, second.metrics);
    assert.equal(a.config['maxEpochs'], 4);
    assert.equal(a.seed, 0);
    assert.equal(b.seed, 1);
    assert.equal(a.config['data'], data);
    assert.equal(a.modelDir, join(dir, 'm1'));
    assert.ok(a.epochCount >= 1 && a.epochCount <= 4, `epochs ${a.epochCount}`);
    assert.equal(a.environment.node, process.version);
    assert.ok(a.durationMs! > 0);
  });

  test('runs show --json holds every epoch, the confusion matrix of the test split and the model summary', () => {
    const run = lastJson(ok(runSprout(['runs', 'show', first.id.slice(0, 18), '--json', '--runs-dir', runsDir]))) as unknown as RunRecord;
    assert.equal(run.id, first.id, 'a unique prefix finds the run');
    assert.deepEqual(run.epochs.map((e) => e.epoch), [...Array(run.epochCount).keys()]);
    for (const e of run.epochs) for (const name of ['loss', 'accuracy', 'val_loss', 'val_accuracy', 'lr']) assert.equal(typeof e.metrics[name], 'number', `${name} of epoch ${e.epoch}`);
    const confusion = run.artifacts['confusionMatrix'] as { labels: string[]; matrix: number[][]; split: string };
    assert.deepEqual(confusion.labels, ['down', 'up']);
    const rows = (run.config['rows'] as { test: number }).test;
    assert.equal(confusion.matrix.flat().reduce((s, n) => s + n, 0), rows, 'the matrix counts every test row');
    const correct = confusion.matrix[0]![0]! + confusion.matrix[1]![1]!;
    assert.equal(correct / rows, first.metrics['accuracy'], 'its diagonal gives the recorded accuracy');
    assert.match(run.artifacts['modelSummary'] as string, /Linear/);
  });

  test('runs show prints the run as text', () => {
    const out = ok(runSprout(['runs', 'show', first.id, '--runs-dir', runsDir])).stdout;
    assert.match(out, new RegExp(`^Run ${first.id} 'moons': completed\n`));
    assert.match(out, /Confusion matrix on the test split/);
    assert.match(out, /maxEpochs +4/);
  });

  test('runs compare --json shows the differing settings and B − A for every metric', () => {
    const c = lastJson(ok(runSprout(['runs', 'compare', first.id, second.id, '--json', '--runs-dir', runsDir]))) as unknown as RunComparison;
    assert.equal(c.a.id, first.id);
    assert.equal(c.b.id, second.id);
    assert.deepEqual(c.config.filter((row) => row.differs).map((row) => [row.key, row.a, row.b]), [
      ['maxEpochs', 4, 3],
      ['seed', 0, 1],
    ]);
    assert.deepEqual(c.metrics.map((m) => m.name).sort(), Object.keys(first.metrics).sort());
    for (const m of c.metrics) {
      assert.equal(m.a, first.metrics[m.name]);
      assert.equal(m.b, second.metrics[m.name]);
      if (m.a !== null && m.b !== null) assert.equal(m.delta, m.b - m.a);
    }
  });

  test('runs compare prints the differences marked', () => {
    const out = ok(runSprout(['runs', 'compare', first.id, second.id, '--runs-dir', runsDir])).stdout;
    assert.match(out, /Config \(2 of \d+ settings differ, marked \*\):/);
    assert.match(out, /\* +maxEpochs +4 +3/);
    assert.match(out, /\* +seed +0 +1/);
  });

  test('runs lists the runs as a table', () => {
    const out = ok(runSprout(['runs', '--runs-dir', runsDir])).stdout;
    const lines = out.trim().split('\n');
    assert.equal(lines[0], `Runs in ${runsDir} (2):`);
    assert.match(lines[3]!, new RegExp(`^${second.id} +second +completed`));
    assert.match(lines[4]!, new RegExp(`^${first.id} +moons +completed`));
  });
});

describe('bad run ids: one line on stderr, exit status 2', () => {
  test('an unknown id in show and in compare', () => {
    expectBadInput(['runs', 'show', 'nope', '--runs-dir', runsDir], `error: no run 'nope' in ${runsDir} (\`sprout runs\` lists the recorded runs)`);
    expectBadInput(['runs', 'compare', first.id, 'nope', '--runs-dir', runsDir], `error: no run 'nope' in ${runsDir} (\`sprout runs\` lists the recorded runs)`);
  });

  test('an id in a folder without a store', () => {
    const empty = join(dir, 'empty');
    expectBadInput(['runs', 'show', 'x', '--runs-dir', empty], `error: no run 'x' in ${empty} (\`sprout runs\` lists the recorded runs)`);
    assert.equal(existsSync(empty), false, 'reading creates no store');
  });
});

test('an empty runs folder lists nothing; --no-track records nothing', () => {
  const empty = join(dir, 'untracked');
  assert.equal(ok(runSprout(['runs', '--runs-dir', empty])).stdout, `No runs recorded in ${empty} yet (sprout train records one).\n`);
  assert.deepEqual(lastJson(ok(runSprout(['runs', '--json', '--runs-dir', empty])))['runs'], []);
  const run = ok(runSprout(['train', '--data', data, '--target', 'label', '--epochs', '1', '--out', join(dir, 'm3'), '--no-track', '--runs-dir', empty]));
  assert.doesNotMatch(run.stderr, /^Run /m);
  assert.equal(existsSync(empty), false);
});
