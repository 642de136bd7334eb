/**
 * `sprout serve` as a child process, as an operator runs it: it prints `listening on …` then
 * `ready: …`, answers predictions, needs the bearer token when SPROUT_API_KEY is set, and on
 * SIGTERM finishes a request that is in flight before it exits 0. Bad input is one `error:` line
 * and exit status 2.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../../src/cli/run-cli.js';
import { ROOT } from '../cli/run-sprout.js';
import { tinyRow, trainTinyTabularModel } from './tiny-models.js';

const dir = mkdtempSync(join(tmpdir(), 'sprout-serve-cli-'));
let model: string;
before(async () => {
  model = await trainTinyTabularModel(dir, 'label');
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('serves, needs the API key, and on SIGTERM answers the request in flight, then exits 0', async () => {
  // A batch of 2 with a 60 s window: a single request waits in it until the shutdown flushes it.
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'sprout.js'), 'serve', `tiny=${model}`, '--port', '0', '--max-batch', '2', '--batch-wait-ms', '60000'], {
    cwd: ROOT,
    env: { ...process.env, SPROUT_API_KEY: 'cli-key' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const until = async (pattern: RegExp): Promise<RegExpExecArray> => {
      for (;;) {
        const match = pattern.exec(stdout);
        if (match !== null) return match;
        if (child.exitCode !== null) assert.fail(`sprout serve exited early: ${stdout}${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const url = (await until(/^listening on (http:\/\/\S+)$/m))[1]!;
    await until(/^ready: tiny \(bearer token required\)$/m);
    const auth = { authorization: 'Bearer cli-key', 'content-type': 'application/json' };
    assert.equal((await fetch(`${url}/v1/models`)).status, 401);
    assert.equal((await fetch(`${url}/readyz`)).status, 200);
    const inFlight = fetch(`${url}/v1/models/tiny/predict`, { method: 'POST', headers: auth, body: JSON.stringify({ rows: [tinyRow(0)] }) });
    for (;;) {
      const metrics = await (await fetch(`${url}/metrics`, { headers: auth })).text();
      if (/^sprout_batch_queued_requests\{model="tiny"\} 1$/m.test(metrics)) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGTERM');
    const response = await inFlight;
    assert.equal(response.status, 200);
    const body = (await response.json()) as { predictions: { label: string }[] };
    assert.ok(['hi', 'lo'].includes(body.predictions[0]!.label));
    assert.equal(await exited, 0, stderr);
    assert.match(stdout, /^SIGTERM: finishing requests in flight\nclosed\n$/m);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

/**
 * runCli in-process (a child process per case would cost seconds each), with stderr captured.
 * Stdout is left alone: the test runner speaks to its parent through it.
 */
async function runQuiet(args: readonly string[]): Promise<{ status: number; stderr: string }> {
  const err = process.stderr.write;
  let stderr = '';
  process.stderr.write = ((s: string) => ((stderr += s), true)) as typeof process.stderr.write;
  try {
    return { status: await runCli(args), stderr };
  } finally {
    process.stderr.write = err;
  }
}

test('a folder that is not a model and a repeated name are one error line with exit status 2', async () => {
  const notModel = await runQuiet(['serve', dir, '--port', '0']);
  assert.equal(notModel.status, 2);
  assert.match(notModel.stderr, /^error: cannot load the model folder '.*': .*\n$/);
  const twice = await runQuiet(['serve', model, model, '--port', '0']);
  assert.equal(twice.status, 2);
  assert.equal(twice.stderr, "error: two models are named 'classifier'; name them with NAME=DIR\n");
  assert.equal(process.listenerCount('SIGTERM'), 0, 'no signal handler is left behind');
});
