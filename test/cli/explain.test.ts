/**
 * `sprout explain` end to end on a model trained by `sprout train` on a synthetic table where the
 * label depends on `x` and `color` only: the local methods rank those columns first and integrated
 * gradients add up; permutation importance puts the noise column last; the surrogate tree imitates
 * the model; pictures parse; and bad input gets one line on stderr and exit status 2.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { decode } from 'fast-png';
import { runCli } from '../../src/cli/run-cli.js';
import { lastJson, type SproutRun } from './run-sprout.js';

/**
 * Runs the command in this process (runCli never exits the process), capturing what it writes:
 * spawning a fresh `node bin/sprout.js` per case would spend most of the test's time starting tsx.
 * test/cli/cli.test.ts covers the launcher itself.
 */
async function runSprout(args: readonly string[]): Promise<SproutRun> {
  const out: string[] = [];
  const err: string[] = [];
  const { stdout, stderr } = process;
  const writeOut = stdout.write.bind(stdout);
  const writeErr = stderr.write.bind(stderr);
  // The CLI writes strings; the test runner's own reports (serialised bytes) pass through untouched.
  stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => (typeof chunk === 'string' ? out.push(chunk) > 0 : writeOut(chunk, ...rest))) as typeof stdout.write;
  stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => (typeof chunk === 'string' ? err.push(chunk) > 0 : writeErr(chunk, ...rest))) as typeof stderr.write;
  try {
    const status = await runCli(args);
    return { status, stdout: out.join(''), stderr: err.join('') };
  } finally {
    stdout.write = writeOut;
    stderr.write = writeErr;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'sprout-explain-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const data = join(dir, 'rows.csv');
const modelDir = join(dir, 'model');

/** label = 'hi' when x + (color is red) > 1; size and noise are noise. Deterministic. */
function table(rows: number): string {
  const lines = ['x,size,color,noise,label'];
  const colors = ['red', 'blue', 'green'];
  for (let i = 0; i < rows; i++) {
    const x = ((i * 37) % 100) / 50;
    const color = colors[(i * 7) % 3]!;
    const noise = ((i * 53) % 97) / 97;
    lines.push(`${x.toFixed(2)},${(i * 13) % 7},${color},${noise.toFixed(3)},${x + (color === 'red' ? 1 : 0) > 1 ? 'hi' : 'lo'}`);
  }
  return `${lines.join('\n')}\n`;
}

async function expectBadInput(args: readonly string[], line: string): Promise<void> {
  const run = await runSprout(args);
  assert.equal(run.stderr, `${line}\n`, 'exactly one line on stderr');
  assert.equal(run.status, 2);
}

describe('sprout explain', () => {
  before(async () => {
    writeFileSync(data, table(240));
    const run = await runSprout(['train', '--data', data, '--target', 'label', '--out', modelDir, '--epochs', '30']);
    assert.equal(run.status, 0, run.stderr);
  });

  test('integrated gradients of a row: informative columns first, attributions add up, SVG with one bar per column', async () => {
    const out = join(dir, 'row.svg');
    const run = await runSprout(['explain', modelDir, '--data', data, '--row', '5', '--out', out, '--json']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^Row 5 of .*: probability of label = '(hi|lo)'/);
    const json = lastJson(run) as { columns: { column: string; attribution: number }[]; output: number; baselineOutput: number; relativeGap: number };
    assert.deepEqual(json.columns.map((c) => c.column).sort(), ['color', 'noise', 'size', 'x']);
    assert.ok(['x', 'color'].includes(json.columns[0]!.column), `top column ${json.columns[0]!.column}`);
    const sum = json.columns.reduce((s, c) => s + c.attribution, 0);
    assert.ok(Math.abs(sum - (json.output - json.baselineOutput)) <= 0.05 * Math.abs(json.output - json.baselineOutput) + 1e-4, 'completeness');
    const svg = readFileSync(out, 'utf8');
    assert.equal(svg.split('class="bar"').length - 1, 4);
    assert.match(svg, /^<svg /);
    assert.match(run.stderr, /Wrote .*row\.svg/);
  });

  test('saliency writes a PNG strip with one cell per column', async () => {
    const out = join(dir, 'row.png');
    const run = await runSprout(['explain', modelDir, '--data', data, '--row', '0', '--method', 'saliency', '--out', out, '--top', '3']);
    assert.equal(run.status, 0, run.stderr);
    const png = decode(readFileSync(out));
    assert.equal(png.width, 3 * 24);
    assert.equal(png.height, 24);
  });

  test('permutation importance ranks the noise columns last', async () => {
    const run = await runSprout(['explain', modelDir, '--data', data, '--method', 'permutation', '--repeats', '3', '--json']);
    assert.equal(run.status, 0, run.stderr);
    const json = lastJson(run) as { columns: { column: string; importance: number }[]; metric: string };
    assert.equal(json.metric, 'accuracy');
    assert.deepEqual(json.columns.slice(0, 2).map((c) => c.column).sort(), ['color', 'x']);
    assert.ok(json.columns[0]!.importance > 0.1);
  });

  test('the surrogate tree imitates the model and writes its rules', async () => {
    const out = join(dir, 'rules.txt');
    const run = await runSprout(['explain', modelDir, '--data', data, '--method', 'surrogate', '--out', out, '--json']);
    assert.equal(run.status, 0, run.stderr);
    const json = lastJson(run) as { fidelity: number; rules: string };
    assert.ok(json.fidelity >= 0.9, `fidelity ${json.fidelity}`);
    assert.equal(readFileSync(out, 'utf8'), `${json.rules}\n`);
    // The rules speak in the file's terms: raw thresholds on x, categories by name.
    const threshold = /x <= ([\d.]+)/.exec(json.rules);
    assert.ok(threshold !== null && Number(threshold[1]) > 0.8 && Number(threshold[1]) < 1.2, json.rules);
    assert.match(json.rules, /color is (not )?red/);
  });

  test('regression: the row and the tree leaves are in the target\'s units', async () => {
    const prices = join(dir, 'prices.csv');
    const lines = ['x,color,price'];
    for (let i = 0; i < 120; i++) lines.push(`${(i % 20) / 5},${i % 2 ? 'red' : 'blue'},${(100 + 10 * ((i % 20) / 5) + (i % 2 ? 30 : 0)).toFixed(1)}`);
    writeFileSync(prices, `${lines.join('\n')}\n`);
    const regression = join(dir, 'regression');
    assert.equal((await runSprout(['train', '--data', prices, '--target', 'price', '--task', 'regression', '--out', regression, '--epochs', '20'])).status, 0);
    const row = lastJson(await runSprout(['explain', regression, '--data', prices, '--row', '7', '--json'])) as { output: number; label: unknown };
    assert.equal(row.label, null);
    assert.ok(row.output > 100 && row.output < 200, `a price, not a standardised value: ${row.output}`);
    const tree = lastJson(await runSprout(['explain', regression, '--data', prices, '--method', 'surrogate', '--depth', '2', '--json'])) as { rules: string };
    const leaves = [...tree.rules.matchAll(/→ (-?[\d.]+)/g)].map((m) => Number(m[1]));
    assert.ok(leaves.length >= 2 && leaves.every((v) => v > 90 && v < 180), tree.rules);
  });

  test('bad input: one line on stderr, exit status 2', async () => {
    await expectBadInput(['explain', modelDir, '--data', data, '--row', '240'], `error: --row 240 is out of range: '${data}' has 240 data rows (0 … 239)`);
    await expectBadInput(['explain', modelDir, '--data', data, '--row', '1', '--method', 'lime'], "error: unknown method 'lime'; choose one of: integrated-gradients, saliency, gradient-x-input, smoothgrad, permutation, surrogate");
    const narrow = join(dir, 'narrow.csv');
    writeFileSync(narrow, 'x,size,label\n1,2,hi\n');
    await expectBadInput(['explain', modelDir, '--data', narrow, '--row', '0'], `error: '${narrow}' lacks the model's columns 'noise', 'color'; the model reads: x, size, noise, color`);
    await expectBadInput(['explain', modelDir, '--data', data, '--method', 'saliency'], "error: method 'saliency' explains one row: give --row N (0 = the first data row)");
    await expectBadInput(['explain', modelDir, '--data', data, '--row', '1', '--target', 'maybe'], "error: --target 'maybe' is not a class of the model; the classes are: hi, lo");
  });
});
