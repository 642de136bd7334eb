/**
 * runDataSample: rows of the file a run trained on, for the explanation views — the global view
 * scores the model on them, the local view starts its form from one. `sprout train` records the
 * file's absolute path in the run's config (`config.data`). The file may have moved or changed
 * since; the answer then says why there are no rows instead of failing, and the page says so.
 *
 * At most `maxRows` rows are kept: a seeded random subset (the same every time), so a large file
 * costs one read, and a file sorted by class still gives a mixed sample.
 */
import { stat } from 'node:fs/promises';
import { Generator, rand, sort } from '../core/index.js';
import type { ColumnType, Table } from '../data/index.js';
import { readCsvFile } from '../node/index.js';
import { FileKeyedCache } from './file-keyed-cache.js';

/** Rows of a run's data file, or why there are none. */
export type RunDataSample =
  | { readonly path: string; readonly table: Table; readonly fileRows: number }
  | { readonly path: string | null; readonly unavailable: string };

/** Files larger than this are not read by the dashboard (bytes). */
export const MAX_DATA_FILE_BYTES = 256 * 1024 * 1024;

const cache = new FileKeyedCache<RunDataSample>(4);

/**
 * Reads up to `maxRows` rows of the data file named by a run's config, with the model's column types.
 *
 * @param config The run's config (`config.data` is the file's path).
 * @param types The training column types, enforced as `sprout explain` does.
 * @param maxRows The most rows kept.
 * @example
 * const sample = await runDataSample(run.config, metadata.columnTypes, 500);
 * if ('table' in sample) …
 */
export async function runDataSample(config: Readonly<Record<string, unknown>>, types: Readonly<Record<string, ColumnType>>, maxRows: number): Promise<RunDataSample> {
  const path = config['data'];
  if (typeof path !== 'string' || path === '') return { path: null, unavailable: "the run's config records no data file (config.data)" };
  const info = await stat(path).catch(() => null);
  if (info === null || !info.isFile()) return { path, unavailable: `the run's data file '${path}' is no longer there` };
  if (info.size > MAX_DATA_FILE_BYTES) return { path, unavailable: `the run's data file '${path}' is larger than ${MAX_DATA_FILE_BYTES / 1024 / 1024} MiB; the dashboard does not read it` };
  return cache.get(
    [path],
    async (): Promise<RunDataSample> => {
      let table: Table;
      try {
        table = await readCsvFile(path);
        table = table.cast(Object.fromEntries(Object.entries(types).filter(([name]) => table.has(name))));
      } catch (error) {
        return { path, unavailable: `the run's data file '${path}' cannot be read now: ${error instanceof Error ? error.message : String(error)}` };
      }
      const fileRows = table.rowCount;
      if (fileRows === 0) return { path, unavailable: `the run's data file '${path}' has no rows` };
      if (fileRows <= maxRows) return { path, table, fileRows };
      const order = sort(rand([fileRows], { generator: new Generator(0), dtype: 'float64' })).indices.dataSync();
      const picked = Int32Array.from(order.subarray(0, maxRows)).sort();
      return { path, table: table.take(picked), fileRows };
    },
    JSON.stringify([maxRows, types]),
  );
}
