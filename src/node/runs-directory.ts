/**
 * Where runs are recorded: `--runs-dir`, else the environment variable `SPROUT_RUNS_DIR`, else
 * `.sprout/` in the current directory — per project, like `.git/`, so runs sit beside the data and
 * models they describe.
 */
import { resolve } from 'node:path';

/** The default folder, relative to the current directory. */
export const DEFAULT_RUNS_DIR = '.sprout';

/**
 * The runs folder to use, as an absolute path.
 *
 * @param option The `--runs-dir` value, if given.
 * @example
 * resolveRunsDir(undefined); // '/home/ana/churn/.sprout' (or $SPROUT_RUNS_DIR)
 */
export function resolveRunsDir(option?: string): string {
  const fromEnv = process.env['SPROUT_RUNS_DIR'];
  return resolve(option ?? (fromEnv !== undefined && fromEnv !== '' ? fromEnv : DEFAULT_RUNS_DIR));
}
