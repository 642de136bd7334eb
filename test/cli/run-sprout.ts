/**
 * Test helper: runs the `sprout` command as a child process (the bin launcher, as a user would),
 * with a bounded timeout, and returns its status and output.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** What a run printed and returned. */
export interface SproutRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `node bin/sprout.js …args` in the repository root.
 *
 * @example
 * const run = runSprout(['info', 'models/digits']);
 */
export function runSprout(args: readonly string[], timeoutMs = 60_000, env: NodeJS.ProcessEnv = process.env): SproutRun {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin', 'sprout.js'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: timeoutMs, env });
  if (result.error !== undefined) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The last non-empty stdout line parsed as JSON (what `--json` promises). */
export function lastJson(run: SproutRun): Record<string, unknown> {
  const lines = run.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
}
