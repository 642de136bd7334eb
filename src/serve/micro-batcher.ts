/**
 * MicroBatcher: dynamic batching for inference (as in TensorFlow Serving's batching and NVIDIA
 * Triton's dynamic batcher). Requests that reach one model within a short window are stacked into
 * one forward pass and the outputs are split back, so under load the per-row cost falls from one
 * forward pass per request to one per batch, while an idle request waits at most `maxWaitMs`.
 *
 * The batch closes when its first request has waited `maxWaitMs`, or as soon as it holds
 * `maxBatchSize` items (a request larger than that runs as a batch of its own; requests are never
 * split). The forward pass is synchronous, and requests that arrive while it runs queue for the
 * next batch, which is what makes batches grow with load.
 *
 * When a batch of several requests fails, each request is run again alone, so one request's bad
 * item fails that request only, not its neighbours.
 */
import { ValueError } from '../core/index.js';

/** Options of {@link MicroBatcher}. */
export interface MicroBatcherOptions {
  /** Items at which a batch closes at once (default 64). */
  readonly maxBatchSize?: number;
  /** Longest wait of a batch's first request, in milliseconds (default 2). */
  readonly maxWaitMs?: number;
  /** Called after each forward pass with its item and request counts (metrics, tests). */
  readonly onBatch?: (items: number, requests: number) => void;
}

interface Pending<I, O> {
  readonly items: readonly I[];
  readonly resolve: (outputs: O[]) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Stacks concurrent calls into one call of `run`.
 *
 * @example
 * const batcher = new MicroBatcher((rows: Row[]) => served.predict(rows), { maxBatchSize: 64, maxWaitMs: 2 });
 * const [a, b] = await Promise.all([batcher.submit([row1]), batcher.submit([row2, row3])]); // one run of 3 rows
 */
export class MicroBatcher<I, O> {
  private readonly maxBatchSize: number;
  private readonly maxWaitMs: number;
  private readonly onBatch: ((items: number, requests: number) => void) | undefined;
  private queue: Pending<I, O>[] = [];
  private queuedItems = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /**
   * @param run The forward pass: one output per item, in order.
   * @param options Batch size, wait and a per-batch callback.
   * @throws ValueError for a batch size below 1 or a negative or non-finite wait.
   */
  constructor(
    private readonly run: (items: readonly I[]) => O[],
    options: MicroBatcherOptions = {},
  ) {
    this.maxBatchSize = options.maxBatchSize ?? 64;
    this.maxWaitMs = options.maxWaitMs ?? 2;
    this.onBatch = options.onBatch;
    if (!Number.isSafeInteger(this.maxBatchSize) || this.maxBatchSize < 1) throw new ValueError(`MicroBatcher: maxBatchSize must be an integer >= 1, got ${this.maxBatchSize}`);
    if (!Number.isFinite(this.maxWaitMs) || this.maxWaitMs < 0) throw new ValueError(`MicroBatcher: maxWaitMs must be a finite number >= 0, got ${this.maxWaitMs}`);
  }

  /** Requests waiting for the next forward pass. */
  get pending(): number {
    return this.queue.length;
  }

  /**
   * Queues items for the next forward pass.
   *
   * @param items One request's items (at least one).
   * @returns Their outputs, in order.
   * @throws ValueError (as a rejection) for no items; whatever `run` throws on this request's items.
   */
  submit(items: readonly I[]): Promise<O[]> {
    if (items.length === 0) return Promise.reject(new ValueError('MicroBatcher.submit: items is empty; give at least one item'));
    return new Promise<O[]>((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      this.queuedItems += items.length;
      if (this.queuedItems >= this.maxBatchSize) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.maxWaitMs);
    });
  }

  /** Runs every queued request now (the window's end, a full batch, or a shutdown). */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    this.queuedItems = 0;
    if (batch.length === 1) {
      this.runOne(batch[0]!);
      return;
    }
    const items = batch.flatMap((p) => p.items);
    let outputs: O[];
    try {
      outputs = this.runChecked(items, batch.length);
    } catch {
      // Isolate the failure: each request alone, so only the ones at fault fail.
      for (const pending of batch) this.runOne(pending);
      return;
    }
    let offset = 0;
    for (const pending of batch) {
      pending.resolve(outputs.slice(offset, offset + pending.items.length));
      offset += pending.items.length;
    }
  }

  private runOne(pending: Pending<I, O>): void {
    try {
      pending.resolve(this.runChecked(pending.items, 1));
    } catch (error) {
      pending.reject(error);
    }
  }

  private runChecked(items: readonly I[], requests: number): O[] {
    const outputs = this.run(items);
    if (outputs.length !== items.length) throw new ValueError(`MicroBatcher: the forward pass returned ${outputs.length} outputs for ${items.length} items`);
    this.onBatch?.(items.length, requests);
    return outputs;
  }
}
