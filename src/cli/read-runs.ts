/**
 * Reading the run store for `sprout runs …`: open it without creating one where none exists, and
 * turn an unknown or ambiguous run id into a CliError (exit status 2) that says where it looked.
 */
import { ValueError } from '../core/index.js';
import { resolveRunsDir, type RunRecord, RunStore } from '../node/index.js';
import { CliError } from './cli-error.js';

/**
 * Runs `read` on the store of `runsDir` (resolved as `sprout train` does), or returns `empty`
 * when no run was ever recorded there.
 */
export function withRunStore<T>(runsDir: string | undefined, read: (store: RunStore, dir: string) => T, empty: (dir: string) => T): T {
  const dir = resolveRunsDir(runsDir);
  if (!RunStore.exists(dir)) return empty(dir);
  const store = RunStore.open(dir);
  try {
    return read(store, dir);
  } finally {
    store.close();
  }
}

/**
 * The runs with these ids (or unique id prefixes), in order.
 *
 * @throws CliError naming the id and the store for an unknown id, or listing the matches of an ambiguous prefix.
 */
export function requireRuns(runsDir: string | undefined, ids: readonly string[]): RunRecord[] {
  const missing = (dir: string, id: string): CliError => new CliError(`no run '${id}' in ${dir} (\`sprout runs\` lists the recorded runs)`);
  return withRunStore(
    runsDir,
    (store, dir) =>
      ids.map((id) => {
        let run: RunRecord | undefined;
        try {
          run = store.getRun(id);
        } catch (error) {
          if (error instanceof ValueError) throw new CliError(error.message);
          throw error;
        }
        if (run === undefined) throw missing(dir, id);
        return run;
      }),
    (dir) => {
      throw missing(dir, ids[0] ?? '');
    },
  );
}
