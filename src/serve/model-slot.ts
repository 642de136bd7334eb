/**
 * ModelSlot: one named model of the service and the version of it being served. Loading a new
 * version (at start, or by `POST /v1/models/:name/reload`) builds everything off to the side — the
 * model, its request schema, its own micro-batcher — and only then swaps the slot's `current` in
 * one assignment. A request takes `current` once, when it starts, and keeps that version to the
 * end, so requests in flight finish on the old version while new ones get the new; nothing is
 * dropped and no request sees half of each. When the new version fails to load, the old one stays.
 */
import { MicroBatcher } from './micro-batcher.js';
import { requestSchema, type InputLimits, type JsonSchema } from './model-input.js';
import type { Prediction, ServedModel } from './served-model.js';

/** One loaded version of a model. */
export interface ModelVersion {
  readonly served: ServedModel;
  /** The JSON schema of its predict request body. */
  readonly schema: JsonSchema;
  /** Its micro-batcher; undefined for a language model, whose requests each run their own generation loop. */
  readonly batcher: MicroBatcher<unknown, Prediction> | undefined;
  /** 1 for the first load, then +1 per reload. */
  readonly version: number;
  /** When it finished loading (ISO 8601). */
  readonly loadedAt: string;
}

/** How a slot loads and batches. */
export interface ModelSlotOptions {
  readonly limits: InputLimits;
  readonly maxBatchSize: number;
  readonly maxWaitMs: number;
  /** Reads a model folder. */
  readonly load: (dir: string) => Promise<ServedModel>;
  /** Called after each forward pass (metrics). */
  readonly onBatch: (model: string, items: number, requests: number) => void;
}

/**
 * A named model and its current version.
 *
 * @example
 * const slot = new ModelSlot('digits', 'models/digits', options);
 * await slot.reload();
 * const outputs = await slot.current!.batcher!.submit(rows);
 */
export class ModelSlot {
  /** The version answering new requests; undefined until the first load succeeds. */
  current: ModelVersion | undefined;
  /** Why the last load failed, or undefined. */
  lastError: string | undefined;
  private loads = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly name: string,
    readonly dir: string,
    private readonly options: ModelSlotOptions,
  ) {}

  /** 'ready' once a version is served; 'failed' when the first load failed; else 'loading'. */
  get status(): 'loading' | 'ready' | 'failed' {
    if (this.current !== undefined) return 'ready';
    return this.lastError === undefined ? 'loading' : 'failed';
  }

  /**
   * Loads the folder again and swaps the new version in. Reloads of one slot run one after another.
   *
   * @returns The version now served.
   * @throws whatever loading throws (ModelFormatError for a bad folder); the old version stays.
   */
  reload(): Promise<ModelVersion> {
    const next = this.queue.then(() => this.loadVersion());
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async loadVersion(): Promise<ModelVersion> {
    const { options } = this;
    try {
      const served = await options.load(this.dir);
      const batcher =
        served.kind === 'text-generation'
          ? undefined
          : new MicroBatcher<unknown, Prediction>((items) => served.predict(items), {
              maxBatchSize: options.maxBatchSize,
              maxWaitMs: options.maxWaitMs,
              onBatch: (items, requests) => options.onBatch(this.name, items, requests),
            });
      const version: ModelVersion = { served, schema: requestSchema(served.input, options.limits), batcher, version: ++this.loads, loadedAt: new Date().toISOString() };
      const previous = this.current;
      this.current = version; // the swap: one assignment
      this.lastError = undefined;
      // No new request reaches the old version now; answer the ones it holds without waiting out the window.
      previous?.batcher?.flush();
      return version;
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      throw error;
    }
  }
}
