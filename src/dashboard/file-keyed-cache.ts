/**
 * FileKeyedCache: answers computed from files, kept while those files are unchanged. The key is
 * each file's path, modification time and size, so a model retrained into the same folder, or a
 * data file rewritten, is read afresh; a bounded number of answers is kept, oldest dropped first.
 */
import { stat } from 'node:fs/promises';

/**
 * A small cache keyed by files' identity.
 *
 * @example
 * const cache = new FileKeyedCache<ModelFolderInfo>(16);
 * const info = await cache.get([weightsPath], () => readInfo(dir));
 */
export class FileKeyedCache<T> {
  private readonly entries = new Map<string, Promise<T>>();

  /** @param capacity The most answers kept. */
  constructor(private readonly capacity: number) {}

  /**
   * The answer for `files` (plus `extra`, e.g. a run id), computing it with `compute` when the files
   * changed or it was never asked. A file that cannot be stat'ed is not cached (its answer, often an
   * error, is computed each time). A computation that fails is forgotten.
   */
  async get(files: readonly string[], compute: () => Promise<T>, extra = ''): Promise<T> {
    const stats = await Promise.all(files.map((file) => stat(file).catch(() => null)));
    if (stats.some((s) => s === null)) return compute();
    const key = JSON.stringify([extra, ...files.map((file, i) => [file, stats[i]!.mtimeMs, stats[i]!.size])]);
    const cached = this.entries.get(key);
    if (cached !== undefined) return cached;
    const pending = compute();
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, pending);
    pending.catch(() => this.entries.delete(key));
    return pending;
  }
}
