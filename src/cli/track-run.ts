/**
 * trackRun: how `sprout train` records itself in the run store — the run is created before `fit`,
 * a RunRecorder callback writes each epoch as it ends, and the run is closed as completed (with its
 * final metrics and artifacts) or failed (with the error). Tracking off gives the same interface
 * doing nothing, so the command has no branches for it.
 */
import type { JsonValue } from '../nn/index.js';
import { type NewRun, RunRecorder, RunStore } from '../node/index.js';
import type { Callback } from '../train/index.js';
import { CliError } from './cli-error.js';

/** A run being recorded (or not). */
export interface TrackedRun {
  /** The run's id; null when tracking is off. */
  readonly id: string | null;
  /** Callbacks to pass to `fit`. */
  readonly callbacks: readonly Callback[];
  /** Ends the run as completed with its final metrics and named artifacts. */
  complete(finalMetrics: Readonly<Record<string, number | null>>, artifacts: Readonly<Record<string, JsonValue>>): void;
  /** Ends the run as failed (ignored once the run has ended). */
  fail(error: unknown): void;
}

/**
 * Starts recording a run in the store in `runsDir`, or nothing when `runsDir` is null. Tells stderr
 * the run's id and where it is recorded.
 *
 * @throws CliError when the store cannot be opened (a folder that cannot be created, a damaged file,
 *   a store from a newer Sprout).
 * @example
 * const run = trackRun('.sprout', { name: 'digits', config: { epochs: 50 }, seed: 0 });
 * await model.fit(x, y, { callbacks: [...run.callbacks] });
 * run.complete({ accuracy: 0.96 }, {});
 */
export function trackRun(runsDir: string | null, newRun: NewRun): TrackedRun {
  if (runsDir === null) return { id: null, callbacks: [], complete: () => undefined, fail: () => undefined };
  let store: RunStore;
  try {
    store = RunStore.open(runsDir);
  } catch (error) {
    throw new CliError(`cannot record the run in ${runsDir}: ${error instanceof Error ? error.message : String(error)} (--no-track trains without recording)`, { cause: error });
  }
  let id: string;
  try {
    id = store.createRun(newRun);
  } catch (error) {
    store.close();
    throw error;
  }
  process.stderr.write(`Run ${id} (recorded in ${store.path})\n`);
  let open = true;
  const end = (finish: () => void): void => {
    if (!open) return;
    open = false;
    try {
      finish();
    } finally {
      store.close();
    }
  };
  return {
    id,
    callbacks: [new RunRecorder(store, id)],
    complete: (finalMetrics, artifacts) =>
      end(() => store.finishRun(id, { status: 'completed', finalMetrics, artifacts })),
    fail: (error) => end(() => store.finishRun(id, { status: 'failed', error: error instanceof Error ? error.message : String(error) })),
  };
}
