/**
 * The line protocol between `bench/run.ts` and its tool workers.
 *
 * The parent writes one JSON `Command` per line on the worker's stdin; the worker answers each with
 * one line `@@bench <json Reply>` on stdout. The prefix lets the parent ignore whatever else a
 * library prints (TensorFlow.js greets Node users on the console, for instance).
 *
 * Each tool runs in its own long-lived child process per workload, so its peak RSS is its own, yet the
 * parent can still interleave the tools round by round (A, B, C, A, B, C …): only one worker is
 * busy at a time and the others wait on stdin, idle.
 */
import { createInterface } from 'node:readline';

export const REPLY_PREFIX = '@@bench ';

/** Workload parameters shared by every tool, so that all of them run the same thing. */
export type Task =
  | { readonly kind: 'sgemm'; readonly m: number; readonly k: number; readonly n: number }
  | { readonly kind: 'mlpTrain'; readonly batch: number }
  | { readonly kind: 'cnnTrain'; readonly batch: number }
  | { readonly kind: 'inference'; readonly batch: number };

export type Command =
  /**
   * Build the model / operands and run up to `warmup` untimed repetitions (JIT, wasm tier-up,
   * allocator growth), stopping after `warmupSeconds` (always at least one when `warmup` > 0).
   */
  | { readonly op: 'setup'; readonly task: Task; readonly warmup: number; readonly warmupSeconds: number; readonly data: DataSource }
  /** One timed round: up to `reps` repetitions (steps, products or calls), stopping after `maxSeconds`. */
  | { readonly op: 'round'; readonly task: Task; readonly reps: number; readonly maxSeconds: number }
  /** `--full`: train the MLP for one epoch from a fresh model and report the test accuracy. */
  | { readonly op: 'accuracy'; readonly data: DataSource }
  | { readonly op: 'exit' };

/** Where training data comes from: Fashion-MNIST files, or random data of the same shape. */
export type DataSource = { readonly kind: 'fashion-mnist'; readonly directory: string } | { readonly kind: 'random' };

export interface RoundResult {
  /** Repetitions actually done (fewer than asked when `maxSeconds` ran out; at least one). */
  readonly reps: number;
  readonly seconds: number;
  /** Per-repetition wall times in milliseconds (latency percentiles need every call). */
  readonly times: readonly number[];
  /**
   * CPU seconds the worker process spent in the round, all its threads together. On a shared,
   * loaded machine it stays close to what the work costs while wall time also counts waiting.
   */
  readonly cpuSeconds?: number;
}

export interface AccuracyResult {
  readonly accuracy: number;
  readonly seconds: number;
  readonly trainSamples: number;
}

export type Reply =
  | {
      readonly ok: true;
      readonly round?: RoundResult;
      /** The warm-up's timings: a tool whose single step takes many seconds is measured by it alone. */
      readonly warmup?: RoundResult;
      readonly accuracy?: AccuracyResult;
      readonly maxRssKiB?: number;
      readonly info?: string;
    }
  | { readonly ok: false; readonly error: string };

/** A prepared workload: `body` is one repetition (an sgemm, a training step, an inference call). */
export interface Prepared {
  readonly body: () => void;
  readonly info?: string;
}

/** What a worker implements; `serve` does the line handling, warm-up, timing and error capture. */
export interface WorkerHandlers {
  setup(task: Task, data: DataSource): Prepared;
  accuracy(data: DataSource): Promise<AccuracyResult>;
}

/** Key of a task, for the worker's per-task state. */
export function taskKey(task: Task): string {
  return task.kind === 'sgemm' ? `sgemm:${task.m}x${task.k}x${task.n}` : `${task.kind}:${task.batch}`;
}

/**
 * Time `body` up to `reps` times, stopping early once `maxSeconds` have passed (always once), so that
 * a slow tool still finishes within the run's time budget.
 */
export function timeReps(reps: number, maxSeconds: number, body: () => void): RoundResult {
  const times: number[] = [];
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    body();
    times.push(performance.now() - t0);
    if ((performance.now() - start) / 1000 >= maxSeconds) break;
  }
  const used = process.cpuUsage(cpu);
  return { reps: times.length, seconds: (performance.now() - start) / 1000, times, cpuSeconds: (used.user + used.system) / 1e6 };
}

function send(reply: Reply): void {
  process.stdout.write(`${REPLY_PREFIX}${JSON.stringify(reply)}\n`);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

/** Answer commands from stdin until `exit` (or stdin closes). */
export async function serve(handlers: WorkerHandlers): Promise<void> {
  const lines = createInterface({ input: process.stdin });
  const bodies = new Map<string, () => void>();
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const command = JSON.parse(line) as Command;
    try {
      switch (command.op) {
        case 'setup': {
          const prepared = handlers.setup(command.task, command.data);
          const warmup = command.warmup > 0 ? timeReps(command.warmup, command.warmupSeconds, prepared.body) : undefined;
          bodies.set(taskKey(command.task), prepared.body);
          send({ ok: true, ...(prepared.info === undefined ? {} : { info: prepared.info }), ...(warmup === undefined ? {} : { warmup }) });
          break;
        }
        case 'round': {
          const body = bodies.get(taskKey(command.task));
          if (body === undefined) throw new Error(`round before a successful setup of ${taskKey(command.task)}`);
          send({ ok: true, round: timeReps(command.reps, command.maxSeconds, body) });
          break;
        }
        case 'accuracy':
          send({ ok: true, accuracy: await handlers.accuracy(command.data) });
          break;
        case 'exit':
          // maxRSS is in KiB on Linux: the peak resident set of this process over its whole life.
          send({ ok: true, maxRssKiB: process.resourceUsage().maxRSS });
          lines.close();
          return;
      }
    } catch (error) {
      send({ ok: false, error: message(error) });
    }
  }
}
