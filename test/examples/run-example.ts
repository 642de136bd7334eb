/**
 * Test helper for the Fashion-MNIST examples: whether the dataset is installed, and running an
 * example with --json to read its last stdout line.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const directory = process.env['FASHION_MNIST_DIR'] ?? '/usr/share/datasets/fashion-mnist';

/** `false` when Fashion-MNIST is installed, else the reason to skip (node:test's `skip`). */
export const fashionMnistSkip: false | string = existsSync(join(directory, 'train-images-idx3-ubyte.gz'))
  ? false
  : `Fashion-MNIST is absent from ${directory}: apt-get install -y dataset-fashion-mnist`;

/** Runs `node --import tsx <script> …args` in the repository root; returns its last stdout line as JSON. */
export async function runExampleJson(script: string, args: readonly string[]): Promise<Record<string, unknown>> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script, ...args], { cwd: root, maxBuffer: 1 << 20 });
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
}
