/**
 * RunStoreTail: turns the run store into a stream of changes for the dashboard's live view.
 *
 * Why tail the store rather than have `sprout train` push to the dashboard: the store is already
 * the record every training writes, epoch by epoch, from any process. Reading it means the
 * dashboard needs no address from the trainer, can start before, during or after a training,
 * can restart without losing anything, serves any number of trainers and browsers, and shows
 * exactly what `sprout runs` shows. The cost is a delay of up to one poll interval, and one cheap
 * query per interval: `PRAGMA data_version` changes only when another connection commits, so the
 * real queries run only after a write.
 */
import type { EpochRecord, RunStore, RunSummary } from '../node/index.js';

/** A change seen in the store. */
export type RunStoreChange =
  | { readonly type: 'epoch'; readonly runId: string; readonly epoch: EpochRecord }
  | { readonly type: 'run'; readonly run: RunSummary };

/** Receives changes, oldest first. */
export type RunStoreListener = (change: RunStoreChange) => void;

/**
 * Polls a store and tells listeners about new epochs and about runs that appeared or changed
 * (status, duration, final metrics). Polling runs only while someone listens.
 *
 * @example
 * const tail = new RunStoreTail(RunStore.open('.sprout'), 250);
 * const stop = tail.subscribe((change) => console.log(change.type));
 */
export class RunStoreTail {
  private readonly listeners = new Set<RunStoreListener>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastVersion = -1;
  private lastSeq = 0;
  /** Each run's last seen state, to report only runs that changed. */
  private readonly seen = new Map<string, string>();

  /**
   * @param store The store to read (this tail only reads it).
   * @param intervalMs Milliseconds between polls.
   */
  constructor(
    private readonly store: RunStore,
    private readonly intervalMs: number,
  ) {}

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: RunStoreListener): () => void {
    this.listeners.add(listener);
    if (this.timer === null) {
      // Listeners learn what changes from now on (they read the current state themselves).
      this.baseline();
      this.timer = setInterval(() => this.poll(), this.intervalMs);
      this.timer.unref();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** Stops polling (listeners stay registered until they unsubscribe). */
  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  private baseline(): void {
    this.lastVersion = this.store.dataVersion();
    this.lastSeq = this.store.lastEpochSeq();
    this.seen.clear();
    for (const run of this.store.listRuns()) this.seen.set(run.id, runState(run));
  }

  /** Reads what changed since the last poll and tells the listeners; called by the timer. */
  poll(): void {
    const version = this.store.dataVersion();
    if (version === this.lastVersion) return;
    this.lastVersion = version;
    const changes: RunStoreChange[] = [];
    // Runs first, so a listener learns of a new run before its first epoch.
    for (const run of this.store.listRuns().reverse()) {
      const state = runState(run);
      if (this.seen.get(run.id) !== state) {
        this.seen.set(run.id, state);
        changes.push({ type: 'run', run });
      }
    }
    for (const { runId, ...epoch } of this.store.epochsSince(this.lastSeq)) {
      this.lastSeq = Math.max(this.lastSeq, epoch.seq);
      changes.push({ type: 'epoch', runId, epoch });
    }
    for (const change of changes) for (const listener of this.listeners) listener(change);
  }
}

/** What makes a run worth re-sending: its status and outcome (epochs travel as their own events). */
function runState(run: RunSummary): string {
  return JSON.stringify([run.status, run.durationMs, run.finalMetrics, run.error]);
}
