/**
 * Smoke test of `npm run bench`: `--quick` runs the smallest sgemm once on Sprout's js backend in a
 * worker process, which exercises the whole pipeline (child protocol, rounds, table, `--json`).
 * It checks shape, never speed: performance is measured by the benchmark, not asserted here.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

test('bench --quick --json: prints a table and one JSON object on the last line', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', '--json'], { cwd: root, maxBuffer: 1 << 20, timeout: 60_000 });
  const lines = stdout.trim().split('\n');
  assert.match(stdout, /\| sgemm 128×784×256 \| GFLOP\/s/);
  const result = JSON.parse(lines[lines.length - 1]!) as Record<string, { tools?: Record<string, Record<string, number | null>>; ratios?: unknown }>;
  for (const key of ['sgemm', 'mlpTrain', 'cnnTrain', 'inference', 'rss', 'machine']) assert.ok(key in result, `missing key ${key}`);
  for (const key of ['sgemm', 'mlpTrain', 'cnnTrain', 'inference']) assert.ok(result[key]!.ratios !== undefined, `${key} has no ratios`);
  const gflops = result['sgemm']!.tools!['sprout-js']!['128x784x256'];
  assert.ok(typeof gflops === 'number' && gflops > 0, `sgemm figure ${String(gflops)}`);
  assert.ok((result['rss']!.tools!['sprout-js']!['sgemm'] ?? 0) > 0);
});
